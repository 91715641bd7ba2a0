#!/usr/bin/env Rscript
# results.R - independent oracle for digimittari's statistics stage
# (src/stats.c): every figure of the results table, for the fixture in
# tests/cases/oracle/, computed with base R from the raw exports.
#
# Regenerate from the repository root (R >= 4.0, package r-base-core); the
# output is committed, so run this only when the fixture or a definition
# changes, and review the diff:
#
#     Rscript scripts/oracle/results.R
#     make build/san/test_stats && ./build/san/test_stats
#
# What it reads: tests/cases/oracle/oracle.ini (municipalities, staff, waves,
# thresholds, min_group_size), the codebook it names and the two exports. It
# uses none of digimittari's code or output: answers are mapped, dimension
# scores built, groups suppressed and figures computed here, following the
# definitions in README.md ("Statistics: exact definitions", "Traffic lights
# and maturity levels", "Privacy: suppression rules"), with R's own routines:
# mean, sd, quantile(type = 7), t.test, prop.test(correct = FALSE),
# oneway.test(var.equal = FALSE), kruskal.test, chisq.test(correct = FALSE),
# p.adjust("holm"), cov. Where R has no routine, the textbook formula is
# written out below (eta-squared, epsilon-squared, Cohen's d, Cramér's V,
# Cronbach's alpha from cov()).
#
# What it writes: tests/cases/oracle/expected.csv, one expected row of the
# results table a line: wave,group,breakdown,subject,statistic,category,
# value,n,note. value is %.17g (or a word for lights and chisq_warning) and
# empty on a note row; n is the respondent count the figure rests on, empty
# where README defines none (rows, maturity); note is suppressed (the one
# neutral status of a withheld figure) or not_applicable. tests/test_stats.c checks that the
# pipeline's table holds exactly these rows and nothing else.
#
# Readings of README where it leaves room (state them, so a reviewer can
# disagree with the oracle rather than with the code):
#   - a dimension score counts reverse-coded items as min + max - code, items
#     and their mean/SD/quantiles use codes as answered;
#   - fav_pct (top-2 box) is reported for Likert items only (README's
#     definition says "Likert items"; its table lists current/target too);
#   - dimensions also report q1 and q3 (type 7, like items), besides median;
#   - the region's staff is the sum of every configured municipality's staff,
#     also in a wave that some municipality missed;
#   - Cronbach's alpha is a figure about its complete cases: with fewer than
#     min_group_size of them it is suppressed (note), as any figure resting
#     on fewer respondents (PRODUCT.md, Privacy);
#   - a statistic R cannot compute (NaN, or t.test refusing constant data in
#     a test) is absent, except the t CI of a constant sample, which is
#     [mean, mean] as its formula gives;
#   - the maturity level is also given for the region (group ALL);
#   - the headcount-weighted region mean (over the municipalities with data)
#     is withheld (note suppressed) when one of them is withheld:
#     with the pooled region mean it would let the suppressed mean be solved
#     for (tests/test_privacy.c shows the attack).

stopifnot(getRversion() >= "4.0.0")
# Arguments: the configuration (default the fixture's oracle.ini) and the
# output (default expected.csv beside it).
args <- commandArgs(trailingOnly = TRUE)
ini_path <- if (length(args) >= 1) args[1] else file.path("tests", "cases", "oracle", "oracle.ini")
dir <- dirname(ini_path)
out_path <- if (length(args) >= 2) args[2] else file.path(dir, "expected.csv")
if (!file.exists(ini_path)) stop("run from the repository root: ", ini_path, " is missing")
LEVEL <- 0.95

# ---------------------------------------------------------------------------
# Configuration (a small INI reader: sections, key = value, ';' comments).

read_ini <- function(path) {
  lines <- readLines(path, encoding = "UTF-8", warn = FALSE)
  secs <- list()
  cur <- NULL
  for (l in lines) {
    l <- sub("(^|\\s);.*$", "", l)
    l <- trimws(l)
    if (l == "") next
    if (grepl("^\\[.*\\]$", l)) {
      cur <- trimws(substr(l, 2, nchar(l) - 1))
      secs[[cur]] <- list()
      next
    }
    kv <- regmatches(l, regexec("^([^=]+)=(.*)$", l))[[1]]
    secs[[cur]][[trimws(kv[2])]] <- trimws(kv[3])
  }
  secs
}

ini <- read_ini(ini_path)
MIN <- as.integer(ini$region$min_group_size)
TH <- ini$thresholds
RED_BELOW <- as.numeric(TH$red_below)
GREEN_FROM <- as.numeric(TH$green_from)
GAP_YELLOW <- as.numeric(TH$gap_yellow)
GAP_RED <- as.numeric(TH$gap_red)

secnames <- names(ini)
msec <- secnames[startsWith(secnames, "municipality ")]
MUNIS <- sub("^municipality ", "", msec)
STAFF <- setNames(vapply(msec, function(s) {
  x <- ini[[s]]$staff
  if (is.null(x)) 0 else as.numeric(x)
}, 0), MUNIS)
key <- function(s) tolower(gsub("\\s+", " ", trimws(s)))
muni_key <- list()
for (i in seq_along(MUNIS)) {
  muni_key[[key(MUNIS[i])]] <- MUNIS[i]
  al <- ini[[msec[i]]]$aliases
  if (!is.null(al))
    for (a in strsplit(al, ",")[[1]]) muni_key[[key(a)]] <- MUNIS[i]
}
wsec <- secnames[startsWith(secnames, "wave ")]
WAVES <- sub("^wave ", "", wsec)
wave_file <- setNames(vapply(wsec, function(s) ini[[s]]$file, ""), WAVES)
wave_cmp <- setNames(vapply(wsec, function(s) {
  x <- ini[[s]]$compare
  if (is.null(x)) "" else x
}, ""), WAVES)
isec <- secnames[startsWith(secnames, "instrument ")]
stopifnot(length(isec) == 1)
cbpath <- file.path(dir, ini[[isec]]$codebook)
# Definitions (README, Configuration): min_items and favourable of the
# instrument, overridden per dimension by the codebook's columns.
inst_min_items <- if (is.null(ini[[isec]]$min_items)) "half" else ini[[isec]]$min_items
inst_favourable <- if (is.null(ini[[isec]]$favourable)) "after_reversal" else
  ini[[isec]]$favourable

# ---------------------------------------------------------------------------
# Codebook.

cb <- read.csv(cbpath, colClasses = "character", check.names = FALSE,
               na.strings = character(0), encoding = "UTF-8")
cb <- cb[!startsWith(cb$kind, "#"), ]
scales <- list()
for (i in which(cb$kind %in% c("code", "dontknow"))) {
  s <- cb$scale[i]
  if (is.null(scales[[s]])) scales[[s]] <- data.frame(code = integer(0), dk = logical(0),
                                                      label = character(0))
  scales[[s]] <- rbind(scales[[s]], data.frame(code = as.integer(cb$code[i]),
                                               dk = cb$kind[i] == "dontknow",
                                               label = cb$label[i]))
}
dims <- cb$id[cb$kind == "dimension"]
items <- cb[cb$kind %in% c("likert", "current", "target", "numeric", "choice", "multi"), ]
rownames(items) <- items$id
bds <- cb[cb$kind == "breakdown", ]
muni_col <- cb$column[cb$kind == "municipality"]
dim_items <- lapply(setNames(dims, dims), function(d) items$id[items$kind == "likert" &
                                                                 items$dimension == d])
scored_dims <- dims[vapply(dim_items, length, 0L) > 0]
dim_setting <- function(d, col, default) {
  v <- if (col %in% names(cb)) cb[[col]][cb$kind == "dimension" & cb$id == d] else ""
  if (length(v) && v != "") v else default
}
# The fewest answered items that give dimension d a score.
min_answered <- function(d) {
  k <- length(dim_items[[d]])
  v <- dim_setting(d, "min_items", inst_min_items)
  if (v == "half") ceiling(k / 2) else if (v == "all") k else min(as.integer(v), k)
}
# TRUE when % favourable of item id is taken before reverse coding.
fav_as_answered <- function(id) {
  d <- items[id, "dimension"]
  d != "" && dim_setting(d, "favourable", inst_favourable) == "before_reversal"
}

scale_min <- function(s) min(scales[[s]]$code[!scales[[s]]$dk])
scale_max <- function(s) max(scales[[s]]$code[!scales[[s]]$dk])
valid_codes <- function(s) sort(unique(scales[[s]]$code[!scales[[s]]$dk]))

# ---------------------------------------------------------------------------
# Reading one wave: answer states (0 missing, 1 valid, 2 don't know).

lookup_code <- function(s, cell) {
  sc <- scales[[s]]
  j <- which(as.character(sc$code) == cell)
  if (!length(j)) j <- which(key(sc$label) == key(cell))
  if (length(j)) j[1] else NA_integer_
}

read_wave <- function(w) {
  d <- read.csv(file.path(dir, wave_file[[w]]), colClasses = "character",
                check.names = FALSE, na.strings = character(0), encoding = "UTF-8")
  names(d) <- trimws(names(d))
  muni <- vapply(d[[muni_col]], function(x) {
    m <- muni_key[[key(x)]]
    if (is.null(m)) NA_character_ else m
  }, "", USE.NAMES = FALSE)
  acc <- !is.na(muni) & trimws(d[[muni_col]]) != ""
  out <- list(read = nrow(d), accepted = sum(acc), rejected = sum(!acc), warnings = 0)
  d <- d[acc, , drop = FALSE]
  out$muni <- muni[acc]
  warn <- 0
  out$state <- list()
  out$val <- list()
  out$multi <- list()
  for (id in items$id) {
    it <- items[id, ]
    cells <- trimws(d[[it$column]])
    st <- integer(length(cells))
    val <- rep(NA_real_, length(cells))
    mul <- vector("list", length(cells))
    for (r in seq_along(cells)) {
      x <- cells[r]
      if (x == "") next
      if (it$kind == "numeric") {
        rng <- as.numeric(strsplit(it$scale, "..", fixed = TRUE)[[1]])
        v <- suppressWarnings(as.numeric(sub(",", ".", x, fixed = TRUE)))
        if (is.na(v) || v < rng[1] || v > rng[2]) { warn <- warn + 1; next }
        st[r] <- 1; val[r] <- v
      } else if (it$kind == "multi") {
        j <- lookup_code(it$scale, x)
        parts <- if (!is.na(j)) x else trimws(strsplit(x, if (grepl(";", x)) ";" else
                                                         if (grepl(", ", x)) ", " else ",",
                                                       fixed = TRUE)[[1]])
        chosen <- integer(0); dk <- FALSE
        for (p in parts[parts != ""]) {
          j <- lookup_code(it$scale, p)
          if (is.na(j)) { warn <- warn + 1; next }
          if (scales[[it$scale]]$dk[j]) dk <- TRUE else
            chosen <- c(chosen, scales[[it$scale]]$code[j])
        }
        if (length(chosen)) { st[r] <- 1; mul[[r]] <- unique(chosen) } else if (dk) st[r] <- 2
      } else {
        j <- lookup_code(it$scale, x)
        if (is.na(j)) { warn <- warn + 1; next }
        if (scales[[it$scale]]$dk[j]) { st[r] <- 2; next }
        st[r] <- 1; val[r] <- scales[[it$scale]]$code[j]
      }
    }
    out$state[[id]] <- st
    out$val[[id]] <- val
    out$multi[[id]] <- mul
  }
  out$cat <- list()
  for (b in seq_len(nrow(bds))) {
    cells <- trimws(d[[bds$column[b]]])
    lab <- rep(NA_character_, length(cells))
    for (r in seq_along(cells)) {
      if (cells[r] == "") next
      j <- lookup_code(bds$scale[b], cells[r])
      if (is.na(j)) { warn <- warn + 1; next }
      lab[r] <- scales[[bds$scale[b]]]$label[j]
    }
    out$cat[[bds$id[b]]] <- lab
  }
  out$warnings <- warn
  # Dimension scores: mean of the recoded valid answers, when at least
  # min_answered(d) of the dimension's items (half by default) were answered
  # validly.
  out$score <- list()
  out$recoded <- list()
  out$complete <- list()
  for (dd in dims) {
    its <- dim_items[[dd]]
    if (!length(its)) next
    m <- sapply(its, function(id) {
      v <- out$val[[id]]
      v[out$state[[id]] != 1] <- NA
      s <- items[id, "scale"]
      if (items[id, "reverse"] == "yes") v <- scale_min(s) + scale_max(s) - v
      v
    })
    if (!is.matrix(m)) m <- matrix(m, ncol = length(its))
    answered <- rowSums(!is.na(m))
    sc <- rowMeans(m, na.rm = TRUE)
    sc[!(answered > 0 & answered >= min_answered(dd))] <- NA
    out$score[[dd]] <- sc
    out$recoded[[dd]] <- m
  }
  # Action areas: paired current/target answers.
  out$gap <- list()
  for (id in items$id[items$kind == "current"]) {
    tg <- items[id, "pair"]
    ok <- out$state[[id]] == 1 & out$state[[tg]] == 1
    out$gap[[id]] <- list(ok = ok, cur = out$val[[id]], tgt = out$val[[tg]])
  }
  out
}

data <- lapply(setNames(WAVES, WAVES), read_wave)

# ---------------------------------------------------------------------------
# Cells: a group (municipality or ALL) within a breakdown category (or not).

GROUPS <- c(MUNIS, "ALL")

cell_rows <- function(D, g, b = NULL, cat = NULL) {
  r <- if (g == "ALL") rep(TRUE, length(D$muni)) else D$muni == g
  if (!is.null(b)) r <- r & !is.na(D$cat[[b]]) & D$cat[[b]] == cat
  which(r)
}

cat_labels <- function(b) {
  s <- bds$scale[bds$id == b]
  scales[[s]]$label
}

# Every cell of a wave, as a list of (group, bd, b, cat, rows).
wave_cells <- function(D) {
  cells <- list()
  for (g in GROUPS) cells[[length(cells) + 1]] <- list(g = g, bd = "", b = NULL, cat = NULL,
                                                       rows = cell_rows(D, g))
  for (b in bds$id) for (cl in cat_labels(b)) for (g in GROUPS)
    cells[[length(cells) + 1]] <- list(g = g, bd = paste0(b, "=", cl), b = b, cat = cl,
                                       rows = cell_rows(D, g, b, cl))
  cells
}

ckey <- function(g, bd) paste(g, bd, sep = "\r")

# ---------------------------------------------------------------------------
# Suppression (README, "Privacy: suppression rules"), the same rules as
# src/stats.c in the same order. nfun(rows) is the size of a cell (its
# respondents, or a subject's n); start is a withheld set to extend (the
# respondents' set, shared by every subject). Returns a named logical vector
# by ckey: TRUE = withheld.

hide_cells <- function(D, cells, nfun, start = NULL) {
  hid <- c(); nn <- c()
  for (c in cells) {
    k <- ckey(c$g, c$bd)
    nn[k] <- nfun(c$rows)
    hid[k] <- if (is.null(start)) FALSE else start[[k]]
  }
  small <- function(v) v > 0 && v < MIN
  large <- function(v) v >= MIN
  # Rule 1: small municipalities, whole.
  nhid <- 0; smallest <- NA
  for (m in MUNIS) {
    k <- ckey(m, "")
    if (hid[[k]] || small(nn[[k]])) { hid[k] <- TRUE; nhid <- nhid + 1 }
    else if (large(nn[[k]]) && (is.na(smallest) || nn[[k]] < nn[[ckey(smallest, "")]]))
      smallest <- m
  }
  if (nhid == 1 && !is.na(smallest)) hid[ckey(smallest, "")] <- TRUE
  if (small(nn[[ckey("ALL", "")]])) for (g in GROUPS) hid[ckey(g, "")] <- TRUE
  for (b in bds$id) {
    labs <- cat_labels(b)
    nc <- length(labs)
    R <- length(GROUPS)                      # rows: MUNIS then ALL (index R)
    key <- function(ci, r) ckey(GROUPS[r], paste0(b, "=", labs[ci]))
    Z <- matrix(0, nc + 1, R)
    for (r in seq_len(R)) {
      for (ci in seq_len(nc)) Z[ci, r] <- nn[[key(ci, r)]]
      Z[nc + 1, r] <- nn[[ckey(GROUPS[r], "")]] - sum(Z[seq_len(nc), r])
    }
    F <- matrix(FALSE, nc, R)
    for (r in seq_len(R)) for (ci in seq_len(nc)) F[ci, r] <- hid[[key(ci, r)]]
    row_hidden <- function(r) any(F[, r])
    hidden <- function(ci, r) if (ci == nc + 1) row_hidden(r) else F[ci, r]
    M <- R - 1
    for (r in seq_len(R)) if (hid[[ckey(GROUPS[r], "")]]) F[, r] <- TRUE
    protected <- function(ci, r) {
      for (c2 in seq_len(nc + 1)) {
        if (c2 == ci) next
        if (r <= M) {
          if (!large(Z[c2, r])) next
          if (hidden(ci, R) && hidden(c2, R) && c2 <= nc && large(Z[c2, R])) return(TRUE)
        } else {
          if (c2 == nc + 1 || !hidden(c2, R) || !large(Z[c2, R])) next
          for (m in seq_len(M)) if (row_hidden(m) && large(Z[c2, m])) return(TRUE)
        }
      }
      FALSE
    }
    hide_row <- function(r) { ch <- !all(F[, r]); F[, r] <<- TRUE; ch }
    extend <- function(ci, r) {
      if (r <= M) {
        partner <- any(vapply(seq_len(nc + 1), function(c2) c2 != ci && large(Z[c2, r]), NA))
        if (partner) {
          bc <- NA
          for (c2 in seq_len(nc))
            if (c2 != ci && large(Z[c2, r]) && large(Z[c2, R]) &&
                (is.na(bc) || Z[c2, R] > Z[bc, R])) bc <- c2
          if (!is.na(bc)) {
            ch <- !F[bc, R]; F[bc, R] <<- TRUE
            if (ci <= nc) { ch <- ch || !F[ci, R]; F[ci, R] <<- TRUE }
            else if (!row_hidden(R)) ch <- TRUE
            if (ch) return(TRUE)
          }
        }
      } else {
        bc <- NA
        for (c2 in seq_len(nc)) {
          if (c2 == ci || !large(Z[c2, R])) next
          for (m in seq_len(M))
            if (row_hidden(m) && large(Z[c2, m]) && (is.na(bc) || Z[c2, R] > Z[bc, R])) bc <- c2
        }
        if (!is.na(bc) && !F[bc, R]) { F[bc, R] <<- TRUE; return(TRUE) }
      }
      hide_row(R)
    }
    repeat {
      changed <- FALSE
      for (m in seq_len(M)) {
        if (row_hidden(m)) next
        if (any(vapply(Z[, m], small, NA))) { F[, m] <- TRUE; changed <- TRUE }
      }
      for (ci in seq_len(nc)) if (small(Z[ci, R]) && !F[ci, R]) { F[ci, R] <- TRUE; changed <- TRUE }
      if (!changed) {
        for (r in seq_len(R)) {
          for (ci in seq_len(nc + 1))
            if (small(Z[ci, r]) && !protected(ci, r) && extend(ci, r)) { changed <- TRUE; break }
          if (changed) break
        }
      }
      if (!changed) break
    }
    for (r in seq_len(R)) for (ci in seq_len(nc)) hid[key(ci, r)] <- F[ci, r]
  }
  hid
}

# Flags by ckey: "" published, "suppressed" (withheld, or nobody in the cell answered).
suppress <- function(D, cells, nfun, start = NULL) {
  h <- hide_cells(D, cells, nfun, start)
  flag <- c()
  for (c in cells) {
    k <- ckey(c$g, c$bd)
    flag[k] <- if (h[[k]] || (length(c$rows) > 0 && nfun(c$rows) == 0)) "suppressed" else ""
  }
  flag
}

# ---------------------------------------------------------------------------
# Output rows.

OUT <- new.env()
OUT$rows <- list()
num <- function(x) sprintf("%.17g", x)
emit <- function(w, g, bd, subject, stat, cat = "", value = NULL, n = NA, note = "",
                 word = NULL) {
  v <- if (!is.null(word)) word else if (is.null(value)) "" else {
    stopifnot(is.finite(value))
    num(value)
  }
  OUT$rows[[length(OUT$rows) + 1]] <- c(w, g, bd, subject, stat, cat, v,
                                        if (is.na(n)) "" else sprintf("%d", as.integer(n)),
                                        note)
}

t_ci <- function(x) {
  if (length(x) < 2) return(NULL)
  if (sd(x) == 0) return(c(mean(x), mean(x)))
  t.test(x, conf.level = LEVEL)$conf.int[1:2]
}

wilson <- function(x, n) suppressWarnings(prop.test(x, n, correct = FALSE,
                                                    conf.level = LEVEL)$conf.int[1:2])

q7 <- function(x, p) quantile(x, p, type = 7, names = FALSE)

band <- function(x) if (x < RED_BELOW) 0 else if (x < GREEN_FROM) 1 else 2
light <- function(idx, lo, hi) {
  if (band(lo) != band(hi)) return("uncertain")
  c("red", "yellow", "green")[band(idx) + 1]
}
gband <- function(x) if (x >= GAP_RED) 0 else if (x >= GAP_YELLOW) 1 else 2
gap_light <- function(g, lo, hi) {
  if (gband(lo) != gband(hi)) return("uncertain")
  c("red", "yellow", "green")[gband(g) + 1]
}
maturity_level <- function(x) if (x >= 80) 5 else if (x >= 60) 4 else if (x >= 40) 3 else
  if (x >= 20) 2 else 1

loc <- function(E, subject, x, n) {
  E(subject, "median", value = q7(x, 0.5), n = n)
  E(subject, "q1", value = q7(x, 0.25), n = n)
  E(subject, "q3", value = q7(x, 0.75), n = n)
}
moments <- function(E, subject, x, n) {
  E(subject, "mean", value = mean(x), n = n)
  if (n >= 2) E(subject, "sd", value = sd(x), n = n)
  ci <- t_ci(x)
  if (!is.null(ci)) {
    E(subject, "ci_lo", value = ci[1], n = n)
    E(subject, "ci_hi", value = ci[2], n = n)
  }
}

item_figures <- function(E, D, id, rows) {
  it <- items[id, ]
  st <- D$state[[id]][rows]
  n <- sum(st == 1); dk <- sum(st == 2); miss <- sum(st == 0)
  E(id, "n", value = n, n = n)
  E(id, "missing", value = miss, n = n)
  if (it$kind == "numeric") {
    x <- D$val[[id]][rows][st == 1]
    moments(E, id, x, n)
    loc(E, id, x, n)
    E(id, "min", value = min(x), n = n)
    E(id, "max", value = max(x), n = n)
    tab <- table(x)
    for (v in names(tab)) {
      cat <- sprintf("%g", as.numeric(v))
      E(id, "count", cat, value = tab[[v]], n = n)
      E(id, "pct", cat, value = 100 * tab[[v]] / n, n = n)
    }
    return()
  }
  E(id, "dontknow", value = dk, n = n)
  if (n + dk > 0) E(id, "dontknow_pct", value = 100 * dk / (n + dk), n = n)
  codes <- valid_codes(it$scale)
  for (code in codes) {
    cnt <- if (it$kind == "multi")
      sum(vapply(D$multi[[id]][rows][st == 1], function(ch) code %in% ch, NA)) else
        sum(D$val[[id]][rows][st == 1] == code)
    cat <- sprintf("%d", code)
    E(id, "count", cat, value = cnt, n = n)
    E(id, "pct", cat, value = 100 * cnt / n, n = n)
    if (it$kind %in% c("choice", "multi")) {
      ci <- wilson(cnt, n)
      E(id, "pct_lo", cat, value = 100 * ci[1], n = n)
      E(id, "pct_hi", cat, value = 100 * ci[2], n = n)
    }
  }
  if (it$kind %in% c("choice", "multi")) return()
  x <- D$val[[id]][rows][st == 1]
  moments(E, id, x, n)
  loc(E, id, x, n)
  if (it$kind == "likert") {
    mx <- scale_max(it$scale); mn <- scale_min(it$scale)
    r <- if (it$reverse == "yes" && !fav_as_answered(id)) mn + mx - x else x
    fav <- sum(r >= mx - 1)
    E(id, "fav_pct", value = 100 * fav / n, n = n)
    ci <- wilson(fav, n)
    E(id, "fav_lo", value = 100 * ci[1], n = n)
    E(id, "fav_hi", value = 100 * ci[2], n = n)
  }
}

dim_scale <- function(d) items[dim_items[[d]][1], "scale"]
to_index <- function(x, d) {
  s <- dim_scale(d)
  (x - scale_min(s)) / (scale_max(s) - scale_min(s)) * 100
}

dim_figures <- function(E, D, d, rows) {
  x <- D$score[[d]][rows]
  x <- x[!is.na(x)]
  n <- length(x)
  k <- length(dim_items[[d]])
  E(d, "n", value = n, n = n)
  E(d, "items", value = k, n = n)
  moments(E, d, x, n)
  loc(E, d, x, n)
  idx <- to_index(mean(x), d)
  E(d, "index", value = idx, n = n)
  ci <- t_ci(x)
  if (!is.null(ci)) {
    lo <- to_index(ci[1], d); hi <- to_index(ci[2], d)
    E(d, "index_lo", value = lo, n = n)
    E(d, "index_hi", value = hi, n = n)
    E(d, "light", word = light(idx, lo, hi), n = n)
  }
  if (k < 2) {
    E(d, "alpha", note = "not_applicable")
  } else {
    m <- D$recoded[[d]][rows, , drop = FALSE]
    cc <- m[stats::complete.cases(m), , drop = FALSE]
    if (nrow(cc) < MIN) {
      E(d, "alpha", note = "suppressed")
    } else {
      C <- cov(cc)
      if (sum(C) > 0) E(d, "alpha", value = k / (k - 1) * (1 - sum(diag(C)) / sum(C)),
                        n = nrow(cc))
    }
  }
}

gap_figures <- function(E, D, id, rows) {
  gp <- D$gap[[id]]
  ok <- rows[gp$ok[rows]]
  n <- length(ok)
  cur <- gp$cur[ok]; tgt <- gp$tgt[ok]; g <- tgt - cur
  a <- items[id, "dimension"]
  E(a, "current_mean", value = mean(cur), n = n)
  E(a, "target_mean", value = mean(tgt), n = n)
  E(a, "gap_mean", value = mean(g), n = n)
  ci <- t_ci(g)
  if (!is.null(ci)) {
    E(a, "gap_lo", value = ci[1], n = n)
    E(a, "gap_hi", value = ci[2], n = n)
    E(a, "gap_light", word = gap_light(mean(g), ci[1], ci[2]), n = n)
  }
}

# ---------------------------------------------------------------------------
# Tests across groups (README, "Tests across groups"). ys is a named list:
# the values of each published group with data, in the table's order
# (municipalities as configured, categories as in the breakdown's scale).
# Welch's ANOVA, the classic ANOVA, Kruskal-Wallis and the pairwise Welch
# t-tests take the groups with at least two values and non-zero variance;
# chi-square (items) takes every group. fam, when given, collects the
# p-values for Holm across the dimensions of the instrument.

PAIR_MAX_GROUPS <- 10
FAM <- new.env()
FAM$rows <- list()
fam_add <- function(w, g, bd, stat, cat, subject, p, n)
  FAM$rows[[length(FAM$rows) + 1]] <- list(w = w, g = g, bd = bd, stat = stat, cat = cat,
                                           subject = subject, p = p, n = n)

group_tests <- function(E, subject, ys, chisq, diff_f, bd, fam = NULL) {
  F <- function(stat, p, n, cat = "")
    if (!is.null(fam)) fam_add(fam$w, fam$g, bd, stat, cat, subject, p, n)
  use <- Filter(function(x) length(x) >= 2 && var(x) > 0, ys)
  if (length(use) >= 2) {
    y <- unlist(use, use.names = FALSE)
    grp <- factor(rep(names(use), lengths(use)), levels = names(use))
    N <- length(y)
    ow <- oneway.test(y ~ grp, var.equal = FALSE)
    gm <- mean(y)
    ssb <- sum(tapply(y, grp, function(v) length(v) * (mean(v) - gm)^2))
    sst <- sum((y - gm)^2)
    E(subject, "welch_F", value = ow$statistic[[1]], n = N)
    E(subject, "welch_df1", value = ow$parameter[[1]], n = N)
    E(subject, "welch_df2", value = ow$parameter[[2]], n = N)
    E(subject, "welch_p", value = ow$p.value, n = N)
    E(subject, "eta2", value = ssb / sst, n = N)
    F("welch_p", ow$p.value, N)
    ov <- oneway.test(y ~ grp, var.equal = TRUE)
    av <- anova(lm(y ~ grp))
    stopifnot(abs(av[["F value"]][1] - ov$statistic) <= 1e-9 * ov$statistic)
    E(subject, "anova_F", value = ov$statistic[[1]], n = N)
    E(subject, "anova_df1", value = ov$parameter[[1]], n = N)
    E(subject, "anova_df2", value = ov$parameter[[2]], n = N)
    E(subject, "anova_p", value = ov$p.value, n = N)
    F("anova_p", ov$p.value, N)
    kw <- kruskal.test(y, grp)
    E(subject, "kw_H", value = kw$statistic[[1]], n = N)
    E(subject, "kw_df", value = kw$parameter[[1]], n = N)
    E(subject, "kw_p", value = kw$p.value, n = N)
    E(subject, "kw_eps2", value = kw$statistic[[1]] / (N - 1), n = N)
    F("kw_p", kw$p.value, N)
  }
  if (chisq && length(ys) >= 2) {
    codes <- sort(unique(unlist(ys)))
    tab <- do.call(rbind, lapply(ys, function(v) vapply(codes, function(k) sum(v == k), 0)))
    tab <- tab[rowSums(tab) > 0, colSums(tab) > 0, drop = FALSE]
    if (nrow(tab) >= 2 && ncol(tab) >= 2) {
      x <- suppressWarnings(chisq.test(tab, correct = FALSE))
      N <- sum(tab)
      ex <- x$expected
      E(subject, "chisq", value = x$statistic[[1]], n = N)
      E(subject, "chisq_df", value = x$parameter[[1]], n = N)
      E(subject, "chisq_p", value = x$p.value, n = N)
      E(subject, "chisq_min_expected", value = min(ex), n = N)
      E(subject, "chisq_small_share", value = mean(ex < 5), n = N)
      E(subject, "cramers_v", value = sqrt(x$statistic[[1]] / (N * (min(dim(tab)) - 1))), n = N)
      if (mean(ex < 5) > 0.2 || min(ex) < 1)
        E(subject, "chisq_warning", word = "small_expected", n = N)
    }
  }
  if (length(use) >= 2 && length(use) <= PAIR_MAX_GROUPS) {
    prs <- list()
    nm <- names(use)
    key <- if (bd == "") "municipality" else bd
    pk <- function(i, j) paste0(key, "=", nm[i], "|", key, "=", nm[j])
    for (i in seq_along(nm)) for (j in seq_along(nm)) {
      if (j <= i) next
      x <- use[[i]]; y <- use[[j]]
      tt <- t.test(x, y, var.equal = FALSE, conf.level = LEVEL)
      n1 <- length(x); n2 <- length(y)
      sp <- sqrt(((n1 - 1) * var(x) + (n2 - 1) * var(y)) / (n1 + n2 - 2))
      prs[[pk(i, j)]] <- list(diff = mean(x) - mean(y), t = tt$statistic[[1]],
                                               df = tt$parameter[[1]], p = tt$p.value,
                                               d = (mean(x) - mean(y)) / sp, n = n1 + n2)
    }
    holm <- p.adjust(vapply(prs, `[[`, 0, "p"), method = "holm")
    # The same adjusted p-values as R's own pairwise table.
    yy <- unlist(use, use.names = FALSE)
    gg <- factor(rep(nm, lengths(use)), levels = nm)
    pw <- pairwise.t.test(yy, gg, pool.sd = FALSE, p.adjust.method = "holm")$p.value
    for (i in seq_along(nm)) for (j in seq_along(nm)) if (j > i)
      stopifnot(abs(pw[nm[j], nm[i]] - holm[[pk(i, j)]]) <= 1e-12)
    for (k in names(prs)) {
      r <- prs[[k]]
      E(subject, "pair_diff", k, value = r$diff * diff_f, n = r$n)
      E(subject, "pair_t", k, value = r$t, n = r$n)
      E(subject, "pair_df", k, value = r$df, n = r$n)
      E(subject, "pair_p", k, value = r$p, n = r$n)
      E(subject, "pair_p_holm", k, value = holm[[k]], n = r$n)
      E(subject, "pair_d", k, value = r$d, n = r$n)
      F("pair_p", r$p, r$n, k)
    }
  }
}

# The tests of one subject: across published municipalities (ALL, no
# breakdown), and per breakdown across its published categories within the
# region and within each municipality (breakdown column = the breakdown id).
# vals(rows) gives a cell's values; fl its flags.
subject_tests <- function(w, D, subject, vals, fl, chisq, diff_f, fam) {
  ys <- list()
  for (m in MUNIS) {
    r <- cell_rows(D, m)
    if (!length(r) || fl[[ckey(m, "")]] != "") next
    v <- vals(r)
    if (length(v)) ys[[m]] <- v
  }
  group_tests(function(subject, stat, cat = "", value = NULL, n = NA, note = "", word = NULL)
    emit(w, "ALL", "", subject, stat, cat, value, n, note, word), subject, ys, chisq, diff_f,
    "", if (fam) list(w = w, g = "ALL") else NULL)
  for (b in bds$id) for (g in GROUPS) {
    ys <- list()
    for (cl in cat_labels(b)) {
      r <- cell_rows(D, g, b, cl)
      if (!length(r) || fl[[ckey(g, paste0(b, "=", cl))]] != "") next
      v <- vals(r)
      if (length(v)) ys[[cl]] <- v
    }
    if (length(ys) < 2) next
    group_tests(function(subject, stat, cat = "", value = NULL, n = NA, note = "", word = NULL)
      emit(w, g, b, subject, stat, cat, value, n, note, word), subject, ys, chisq, diff_f,
      b, if (fam) list(w = w, g = g) else NULL)
  }
}

# ---------------------------------------------------------------------------
# Per wave.

dimflags <- list()
for (w in WAVES) {
  D <- data[[w]]
  cells <- wave_cells(D)
  E0 <- function(g, bd) function(subject, stat, cat = "", value = NULL, n = NA, note = "",
                                 word = NULL)
    emit(w, g, bd, subject, stat, cat, value, n, note, word)
  for (s in c("read", "accepted", "rejected", "warnings"))
    emit(w, "ALL", "", "rows", s, value = D[[s]])

  # Respondents.
  shared <- hide_cells(D, cells, length)
  fl <- suppress(D, cells, length)
  for (c in cells) {
    n <- length(c$rows)
    if (!n) next
    E <- E0(c$g, c$bd)
    f <- fl[[ckey(c$g, c$bd)]]
    if (f != "") { E("respondents", "respondents", note = f); next }
    E("respondents", "respondents", value = n, n = n)
    if (c$bd == "") {
      staff <- if (c$g == "ALL") sum(STAFF) else STAFF[[c$g]]
      if (staff > 0) {
        E("respondents", "staff", value = staff, n = n)
        E("respondents", "response_rate", value = 100 * n / staff, n = n)
      }
    }
  }

  # Items.
  itemflags <- list()
  for (id in items$id) {
    fl <- suppress(D, cells, function(r) sum(D$state[[id]][r] == 1), shared)
    itemflags[[id]] <- fl
    for (c in cells) {
      if (!length(c$rows)) next
      f <- fl[[ckey(c$g, c$bd)]]
      E <- E0(c$g, c$bd)
      if (f != "") { E(id, "n", note = f); next }
      item_figures(E, D, id, c$rows)
    }
    if (items[id, "kind"] == "likert")
      subject_tests(w, D, id, function(r) D$val[[id]][r][D$state[[id]][r] == 1], fl, TRUE, 1,
                    FALSE)
  }

  # Dimensions.
  dimflags[[w]] <- list()
  for (d in scored_dims) {
    fl <- suppress(D, cells, function(r) sum(!is.na(D$score[[d]][r])), shared)
    dimflags[[w]][[d]] <- fl
    for (c in cells) {
      if (!length(c$rows)) next
      f <- fl[[ckey(c$g, c$bd)]]
      E <- E0(c$g, c$bd)
      if (f != "") {
        E(d, "n", note = f)
        E(d, "light", word = "suppressed")
        next
      }
      dim_figures(E, D, d, c$rows)
    }
    E <- E0("ALL", "")
    score <- D$score[[d]]
    f100 <- 100 / (scale_max(dim_scale(d)) - scale_min(dim_scale(d)))
    subject_tests(w, D, d, function(r) { x <- score[r]; x[!is.na(x)] }, fl, FALSE, f100, TRUE)
    # Each published municipality against the rest of the region.
    tested <- list()
    for (m in MUNIS) {
      x <- score[D$muni == m & !is.na(score)]
      if (!length(x) || fl[[ckey(m, "")]] != "") next
      y <- score[D$muni != m & !is.na(score)]
      tt <- tryCatch(t.test(x, y, var.equal = FALSE, conf.level = LEVEL),
                     error = function(e) NULL)
      if (is.null(tt)) next
      n1 <- length(x); n2 <- length(y)
      sp <- sqrt(((n1 - 1) * var(x) + (n2 - 1) * var(y)) / (n1 + n2 - 2))
      tested[[m]] <- list(diff = mean(x) - mean(y), t = tt$statistic[[1]],
                          df = tt$parameter[[1]], p = tt$p.value,
                          d = (mean(x) - mean(y)) / sp, n = n1)
    }
    if (length(tested)) {
      holm <- p.adjust(vapply(tested, `[[`, 0, "p"), method = "holm")
      for (m in names(tested)) {
        r <- tested[[m]]
        Em <- E0(m, "")
        Em(d, "rest_diff", value = r$diff * f100, n = r$n)
        Em(d, "rest_t", value = r$t, n = r$n)
        Em(d, "rest_df", value = r$df, n = r$n)
        Em(d, "rest_p", value = r$p, n = r$n)
        Em(d, "rest_p_holm", value = holm[[m]], n = r$n)
        Em(d, "rest_d", value = r$d, n = r$n)
        fam_add(w, m, "", "rest_p", "", d, r$p, r$n)
      }
    }
    # Headcount-weighted region mean over the municipalities with data.
    ms <- MUNIS[vapply(MUNIS, function(m) any(D$muni == m & !is.na(score)), NA)]
    if (all(STAFF[ms] > 0) && any(vapply(ms, function(m) fl[[ckey(m, "")]] != "", NA))) {
      E(d, "mean_weighted", note = "suppressed")
      E(d, "index_weighted", note = "suppressed")
    } else if (all(STAFF[ms] > 0)) {
      mw <- sum(vapply(ms, function(m) STAFF[[m]] * mean(score[D$muni == m & !is.na(score)]),
                       0)) / sum(STAFF[ms])
      nall <- sum(!is.na(score))
      E(d, "mean_weighted", value = mw, n = nall)
      E(d, "index_weighted", value = to_index(mw, d), n = nall)
    }
  }

  # Action areas (current/target pairs).
  for (id in items$id[items$kind == "current"]) {
    ok <- D$gap[[id]]$ok
    fl <- suppress(D, cells, function(r) sum(ok[r]), shared)
    a <- items[id, "dimension"]
    for (c in cells) {
      if (!length(c$rows)) next
      f <- fl[[ckey(c$g, c$bd)]]
      E <- E0(c$g, c$bd)
      if (f != "") {
        E(a, "gap_mean", note = f)
        E(a, "gap_light", word = "suppressed")
        next
      }
      gap_figures(E, D, id, c$rows)
    }
  }

  # Overall maturity level from the published dimension indexes.
  for (g in GROUPS) {
    rows <- cell_rows(D, g)
    if (!length(rows)) next
    idx <- c()
    for (d in scored_dims) {
      if (dimflags[[w]][[d]][[ckey(g, "")]] != "") next
      x <- D$score[[d]][rows]
      x <- x[!is.na(x)]
      if (length(x)) idx <- c(idx, to_index(mean(x), d))
    }
    E <- E0(g, "")
    if (!length(idx) || 2 * length(idx) < length(scored_dims)) {
      E("maturity", "level", note = "suppressed")
      next
    }
    E("maturity", "level", value = maturity_level(mean(idx)))
    E("maturity", "mean_index", value = mean(idx))
  }

  # Choice items by municipality: chi-square over published municipalities.
  for (id in items$id[items$kind == "choice"]) {
    fl <- itemflags[[id]]
    codes <- valid_codes(items[id, "scale"])
    tab <- NULL
    for (m in MUNIS) {
      r <- cell_rows(D, m)
      if (!length(r) || fl[[ckey(m, "")]] != "") next
      v <- D$val[[id]][r][D$state[[id]][r] == 1]
      tab <- rbind(tab, vapply(codes, function(k) sum(v == k), 0))
    }
    if (is.null(tab)) next
    tab <- tab[rowSums(tab) > 0, colSums(tab) > 0, drop = FALSE]
    if (nrow(tab) < 2 || ncol(tab) < 2) next
    x <- suppressWarnings(chisq.test(tab, correct = FALSE))
    N <- sum(tab)
    ex <- x$expected
    E <- E0("ALL", "")
    E(id, "chisq", value = x$statistic[[1]], n = N)
    E(id, "chisq_df", value = x$parameter[[1]], n = N)
    E(id, "chisq_p", value = x$p.value, n = N)
    E(id, "chisq_min_expected", value = min(ex), n = N)
    E(id, "chisq_small_share", value = mean(ex < 5), n = N)
    E(id, "cramers_v", value = sqrt(x$statistic[[1]] / (N * (min(dim(tab)) - 1))), n = N)
    if (mean(ex < 5) > 0.2 || min(ex) < 1) E(id, "chisq_warning", word = "small_expected", n = N)
  }
}

# Holm across the dimensions of the instrument: each test's p-values with the
# same wave, group, breakdown, statistic and category.
if (length(FAM$rows)) {
  fk <- vapply(FAM$rows, function(r) paste(r$w, r$g, r$bd, r$stat, r$cat, sep = "\r"), "")
  for (k in unique(fk)) {
    rs <- FAM$rows[fk == k]
    adj <- p.adjust(vapply(rs, `[[`, 0, "p"), method = "holm")
    for (i in seq_along(rs)) {
      r <- rs[[i]]
      emit(r$w, r$g, r$bd, r$subject, paste0(r$stat, "_holm_dims"), r$cat, adj[i], r$n)
    }
  }
}

# Change of each dimension against the earlier wave (index points, Welch).
for (w in WAVES) {
  pw <- wave_cmp[[w]]
  if (pw == "") next
  A <- data[[w]]; B <- data[[pw]]
  for (d in scored_dims) {
    f100 <- 100 / (scale_max(dim_scale(d)) - scale_min(dim_scale(d)))
    for (g in GROUPS) {
      ra <- cell_rows(A, g); rb <- cell_rows(B, g)
      if (!length(ra) || !length(rb)) next
      if (dimflags[[w]][[d]][[ckey(g, "")]] != "" || dimflags[[pw]][[d]][[ckey(g, "")]] != "")
        next
      x <- A$score[[d]][ra]; x <- x[!is.na(x)]
      y <- B$score[[d]][rb]; y <- y[!is.na(y)]
      tt <- tryCatch(t.test(x, y, var.equal = FALSE, conf.level = LEVEL),
                     error = function(e) NULL)
      if (is.null(tt)) next
      n <- length(x)
      emit(w, g, "", d, "change_diff", pw, (mean(x) - mean(y)) * f100, n)
      emit(w, g, "", d, "change_lo", pw, tt$conf.int[1] * f100, n)
      emit(w, g, "", d, "change_hi", pw, tt$conf.int[2] * f100, n)
      emit(w, g, "", d, "change_t", pw, tt$statistic[[1]], n)
      emit(w, g, "", d, "change_df", pw, tt$parameter[[1]], n)
      emit(w, g, "", d, "change_p", pw, tt$p.value, n)
    }
  }
}

# ---------------------------------------------------------------------------
# Write.

m <- do.call(rbind, OUT$rows)
colnames(m) <- c("wave", "group", "breakdown", "subject", "statistic", "category", "value",
                 "n", "note")
if (any(grepl("[,\"\r\n]", m))) stop("a field needs quoting; keep fixture names simple")
key6 <- apply(m[, 1:6], 1, paste, collapse = "\t")
if (anyDuplicated(key6)) stop("duplicate expected row: ", key6[anyDuplicated(key6)])
path <- out_path
con <- file(path, "wb")
writeLines(paste(colnames(m), collapse = ","), con, sep = "\n")
writeLines(apply(m, 1, paste, collapse = ","), con, sep = "\n", useBytes = TRUE)
close(con)
cat("wrote", path, "(", nrow(m), "rows:", sum(m[, "note"] == ""), "figures,",
    sum(m[, "note"] != ""), "notes )\n")
