#!/usr/bin/env Rscript
# statmath.R - independent oracle for src/statmath.c.
#
# Generates fixture data sets and the values R (base `stats` only) computes
# from them, and writes both to tests/oracle/*.tsv, which tests/test_statmath.c
# reads. The C code sees only the raw data (and frequency tables it builds
# itself); every expected value here is R's own computation on the raw data.
#
# Regenerate from the repository root (the files are committed; regenerate
# only when the fixtures change, and review the diff):
#
#     Rscript scripts/oracle/statmath.R
#
# Numbers are written with sprintf("%.17g"), which round-trips doubles. "NA"
# marks an output R cannot compute (it errors, or returns NA/NaN); the C test
# then expects the corresponding statm_ function to return -1.
#
# Files written (all tab-separated with a header row):
#   groups.tsv   input: dataset, group, value - one observation a row
#   moments.tsv  per dataset and group (and "*" = all groups pooled): n, mean,
#                var, sd, quantiles (type 7), 95% and 90% t CIs of the mean
#   welch.tsv    t.test(x, y, var.equal = FALSE) for each group vs the rest
#                (level 0.95) and for adjacent group pairs (level 0.90)
#   anova.tsv    oneway.test(var.equal = FALSE) and eta-squared per dataset
#   anova_classic.tsv  classic one-way ANOVA, anova(lm(value ~ group)),
#                checked against oneway.test(var.equal = TRUE), and eta-squared
#   kruskal.tsv  kruskal.test and epsilon-squared per dataset
#   chisq.tsv    input tables (counts row-major, comma-joined) and
#                chisq.test(correct = FALSE) results
#   wilson.tsv   prop.test(x, n, correct = FALSE)$conf.int
#   holm.tsv     p.adjust(p, "holm"), one p-value a row
#   items.tsv    input: case, resp, item, value (NA = missing answer)
#   alpha.tsv    per case: complete cases, total variance, Cronbach's alpha
#   cov.tsv      per case: the covariance matrix cov(na.omit(items))

stopifnot(getRversion() >= "4.0.0")
outdir <- file.path("tests", "oracle")
if (!dir.exists(outdir)) stop("run from the repository root: ", outdir, " is missing")

RNGkind("Mersenne-Twister", "Inversion", "Rejection")
set.seed(20240917)

num <- function(x) ifelse(is.na(x), "NA", sprintf("%.17g", x))

write_tsv <- function(df, name) {
  for (col in names(df)) {
    if (is.numeric(df[[col]])) df[[col]] <- num(df[[col]])
  }
  path <- file.path(outdir, name)
  write.table(df, path, sep = "\t", quote = FALSE, row.names = FALSE, na = "NA")
  cat("wrote", path, "(", nrow(df), "rows )\n")
}

# Runs expr and returns its value, or NULL when R signals an error.
try_or_null <- function(expr) tryCatch(suppressWarnings(expr), error = function(e) NULL)

# ---------------------------------------------------------------------------
# Grouped data sets: realistic Likert answers, dimension scores, continuous
# and awkward edge cases.
munis <- c("Halsua", "Kaustinen", "Lestijarvi", "Toholampi", "Veteli", "Perho")
likert <- function(n, prob) sample(1:5, n, replace = TRUE, prob = prob)
dimscore <- function(n, prob) {
  # the mean of 4 Likert items: multiples of 0.25, heavy ties
  rowMeans(matrix(sample(1:5, 4 * n, replace = TRUE, prob = prob), ncol = 4))
}

sets <- list()
add_set <- function(name, groups) {
  sets[[name]] <<- do.call(rbind, lapply(names(groups), function(g)
    data.frame(dataset = name, group = g, value = groups[[g]],
               stringsAsFactors = FALSE)))
}

add_set("likert6", setNames(list(
  likert(12, c(.10, .20, .30, .30, .10)),
  likert(60, c(.05, .15, .25, .35, .20)),
  likert(8,  c(.20, .30, .30, .15, .05)),
  likert(35, c(.05, .10, .30, .35, .20)),
  likert(25, c(.10, .20, .20, .30, .20)),
  likert(18, c(.02, .08, .20, .40, .30))), munis))

add_set("dimscore5", setNames(list(
  dimscore(20, c(.10, .20, .30, .30, .10)),
  dimscore(45, c(.05, .15, .30, .30, .20)),
  dimscore(15, c(.20, .30, .30, .15, .05)),
  dimscore(30, c(.05, .10, .25, .40, .20)),
  dimscore(25, c(.10, .25, .30, .25, .10))), munis[1:5]))

add_set("remote6", setNames(lapply(c(14, 40, 9, 30, 22, 16), function(n)
  sample(0:5, n, replace = TRUE, prob = c(.45, .20, .15, .10, .06, .04))), munis))

add_set("cont4", list(
  A = rnorm(15, 3.1, 0.5), B = rnorm(40, 3.4, 1.2),
  C = rnorm(22, 2.9, 0.8), D = rnorm(30, 3.8, 0.3)))

# A large mean next to a small spread tests the streaming variance.
add_set("offset3", list(
  A = 1e4 + rnorm(50, 0, 1), B = 1e4 + rnorm(60, 0.3, 1.5), C = 1e4 + rnorm(40, -0.2, 0.7)))

# Strongly separated groups: tiny p-values, compared relatively.
add_set("separated4", list(
  A = rnorm(80, 0, 1), B = rnorm(80, 2, 1), C = rnorm(80, 4, 1.5), D = rnorm(80, 6, 0.8)))

add_set("twogroups", list(A = likert(30, c(.1, .2, .3, .3, .1)),
                          B = likert(25, c(.05, .1, .2, .4, .25))))
add_set("tiny", list(A = c(2.5, 3.75), B = c(1, 4, 4.5), C = c(3, 3.5)))
add_set("singleton", list(A = likert(10, rep(.2, 5)), B = 4,
                          C = likert(12, rep(.2, 5)), D = likert(7, rep(.2, 5))))
add_set("zerovar", list(A = likert(10, rep(.2, 5)), B = rep(4, 6),
                        C = likert(12, rep(.2, 5)), D = likert(9, rep(.2, 5))))
add_set("ties_all", list(A = rep(3, 5), B = rep(3, 4), C = rep(3, 6)))
add_set("ties_two", list(A = c(1, 1, 1, 2), B = c(1, 2, 2, 2, 2), C = c(2, 2, 1)))
add_set("onegroup", list(A = likert(20, c(.1, .2, .3, .3, .1))))
# Single samples for the descriptive edge cases: n = 1, 2, 3 and constant.
add_set("small", list(n1 = 3, n2 = c(2, 5), n3 = c(4, 1, 4), const5 = rep(4, 5)))

groups <- do.call(rbind, sets)
rownames(groups) <- NULL
write_tsv(groups, "groups.tsv")

# ---------------------------------------------------------------------------
# Moments, quantiles and t CIs of every group and of every pooled data set.
probs <- c(0, 0.1, 0.25, 0.5, 0.75, 0.9, 1)
qnames <- c("q0", "q10", "q25", "q50", "q75", "q90", "q100")

t_ci <- function(x, level) {
  if (length(x) < 2) return(c(NA, NA))
  # t.test() refuses constant data; the library defines the interval as
  # [mean, mean] then, which is the formula's limit.
  if (var(x) == 0) return(c(mean(x), mean(x)))
  as.numeric(t.test(x, conf.level = level)$conf.int)
}

moment_row <- function(dataset, group, x) {
  q <- as.numeric(quantile(x, probs, type = 7, names = FALSE))
  c95 <- t_ci(x, 0.95)
  c90 <- t_ci(x, 0.90)
  row <- data.frame(dataset = dataset, group = group, n = length(x), mean = mean(x),
                    var = if (length(x) >= 2) var(x) else NA,
                    sd = if (length(x) >= 2) sd(x) else NA,
                    stringsAsFactors = FALSE)
  for (i in seq_along(probs)) row[[qnames[i]]] <- q[i]
  row$ci95_lo <- c95[1]; row$ci95_hi <- c95[2]
  row$ci90_lo <- c90[1]; row$ci90_hi <- c90[2]
  row
}

mrows <- list()
for (ds in names(sets)) {
  d <- sets[[ds]]
  for (g in unique(d$group)) mrows[[length(mrows) + 1]] <- moment_row(ds, g, d$value[d$group == g])
  mrows[[length(mrows) + 1]] <- moment_row(ds, "*", d$value)
}
write_tsv(do.call(rbind, mrows), "moments.tsv")

# ---------------------------------------------------------------------------
# Welch t-tests. Cohen's d uses the pooled SD of the two groups.
welch_row <- function(dataset, xname, yname, x, y, level) {
  tt <- try_or_null(t.test(x, y, var.equal = FALSE, conf.level = level))
  row <- data.frame(dataset = dataset, x = xname, y = yname, level = level,
                    t = NA, df = NA, p = NA, diff = NA, lo = NA, hi = NA, se = NA, d = NA,
                    stringsAsFactors = FALSE)
  if (!is.null(tt)) {
    nx <- length(x); ny <- length(y)
    sp <- sqrt(((nx - 1) * var(x) + (ny - 1) * var(y)) / (nx + ny - 2))
    row$t <- unname(tt$statistic); row$df <- unname(tt$parameter)
    row$p <- tt$p.value; row$diff <- mean(x) - mean(y)
    row$lo <- tt$conf.int[1]; row$hi <- tt$conf.int[2]
    row$se <- unname(tt$stderr); row$d <- (mean(x) - mean(y)) / sp
  }
  row
}

wrows <- list()
for (ds in names(sets)) {
  d <- sets[[ds]]
  gs <- unique(d$group)
  for (g in gs)
    wrows[[length(wrows) + 1]] <- welch_row(ds, g, "*rest*", d$value[d$group == g],
                                            d$value[d$group != g], 0.95)
  if (length(gs) >= 2) for (i in seq_len(length(gs) - 1))
    wrows[[length(wrows) + 1]] <- welch_row(ds, gs[i], gs[i + 1], d$value[d$group == gs[i]],
                                            d$value[d$group == gs[i + 1]], 0.90)
}
write_tsv(do.call(rbind, wrows), "welch.tsv")

# ---------------------------------------------------------------------------
# Welch ANOVA, eta-squared from the raw data, Kruskal-Wallis, epsilon-squared.
arows <- list(); krows <- list(); crows <- list()
for (ds in names(sets)) {
  d <- sets[[ds]]
  g <- factor(d$group, levels = unique(d$group))
  ow <- try_or_null(oneway.test(value ~ g, data = data.frame(value = d$value, g = g),
                                var.equal = FALSE))
  ok <- !is.null(ow) && is.finite(ow$statistic)
  grand <- mean(d$value)
  ssb <- sum(tapply(d$value, g, function(v) length(v) * (mean(v) - grand)^2))
  sst <- sum((d$value - grand)^2)
  arows[[length(arows) + 1]] <- data.frame(
    dataset = ds,
    f = if (ok) unname(ow$statistic) else NA,
    df1 = if (ok) unname(ow$parameter[1]) else NA,
    df2 = if (ok) unname(ow$parameter[2]) else NA,
    p = if (ok) ow$p.value else NA,
    eta2 = if (ok) ssb / sst else NA, stringsAsFactors = FALSE)

  # Classic ANOVA from the linear model (as PSPP's ONEWAY), checked against
  # oneway.test(var.equal = TRUE) where that accepts the data (every group of
  # at least two).
  av <- if (nlevels(g) >= 2)
    try_or_null(anova(lm(value ~ g, data = data.frame(value = d$value, g = g)))) else NULL
  ssw <- sum(tapply(d$value, g, function(v) sum((v - mean(v))^2)))
  ok <- !is.null(av) && nrow(av) == 2 && is.finite(av[["F value"]][1]) && ssw > 0
  if (ok && all(table(g) >= 2)) {
    oc <- oneway.test(value ~ g, data = data.frame(value = d$value, g = g), var.equal = TRUE)
    stopifnot(abs(av[["F value"]][1] - oc$statistic) <= 1e-9 * abs(oc$statistic))
  }
  crows[[length(crows) + 1]] <- data.frame(
    dataset = ds,
    f = if (ok) av[["F value"]][1] else NA,
    df1 = if (ok) av[["Df"]][1] else NA,
    df2 = if (ok) av[["Df"]][2] else NA,
    p = if (ok) av[["Pr(>F)"]][1] else NA,
    eta2 = if (ok) ssb / sst else NA, stringsAsFactors = FALSE)

  kw <- try_or_null(kruskal.test(d$value, g))
  ok <- !is.null(kw) && is.finite(kw$statistic)
  n <- nrow(d)
  krows[[length(krows) + 1]] <- data.frame(
    dataset = ds,
    h = if (ok) unname(kw$statistic) else NA,
    df = if (ok) unname(kw$parameter) else NA,
    p = if (ok) kw$p.value else NA,
    eps2 = if (ok) unname(kw$statistic) / ((n^2 - 1) / (n + 1)) else NA,
    n = if (ok) n else NA, stringsAsFactors = FALSE)
}
write_tsv(do.call(rbind, arows), "anova.tsv")
write_tsv(do.call(rbind, crows), "anova_classic.tsv")
write_tsv(do.call(rbind, krows), "kruskal.tsv")

# ---------------------------------------------------------------------------
# Chi-square tests of r x c tables. Rows and columns with a zero total are
# dropped before chisq.test(), as the library does.
tables <- list(
  muni_remote = matrix(c(5, 6, 3,  20, 25, 15,  2, 4, 3,  12, 10, 13,  9, 8, 5,  4, 9, 5),
                       nrow = 6, byrow = TRUE),
  two_by_two = matrix(c(12, 5, 7, 15), nrow = 2, byrow = TRUE),
  small_expected = matrix(c(3, 0, 1,  1, 4, 0,  0, 1, 5), nrow = 3, byrow = TRUE),
  zero_row = matrix(c(10, 12, 8,  0, 0, 0,  7, 15, 9,  11, 4, 6), nrow = 4, byrow = TRUE),
  zero_col = matrix(c(10, 0, 8, 5,  6, 0, 12, 9), nrow = 2, byrow = TRUE),
  perfect = matrix(c(20, 0, 0,  0, 15, 0,  0, 0, 25), nrow = 3, byrow = TRUE),
  independent = matrix(c(10, 20, 30,  20, 40, 60), nrow = 2, byrow = TRUE),
  strong = matrix(c(400, 20, 10,  15, 380, 30), nrow = 2, byrow = TRUE),
  one_row_left = matrix(c(5, 6, 7,  0, 0, 0), nrow = 2, byrow = TRUE),
  one_col_left = matrix(c(5, 0,  6, 0,  7, 0), nrow = 3, byrow = TRUE),
  all_zero = matrix(0, nrow = 2, ncol = 2),
  likert_by_sector = matrix(c(2, 5, 10, 14, 6,  4, 9, 12, 8, 3,  1, 2, 6, 9, 9), nrow = 3,
                            byrow = TRUE))

crows <- list()
for (name in names(tables)) {
  m <- tables[[name]]
  used <- m[rowSums(m) > 0, colSums(m) > 0, drop = FALSE]
  ct <- if (nrow(used) >= 2 && ncol(used) >= 2)
    try_or_null(chisq.test(used, correct = FALSE)) else NULL
  ok <- !is.null(ct) && is.finite(ct$statistic)
  e <- if (ok) ct$expected else NA
  crows[[length(crows) + 1]] <- data.frame(
    case = name, r = nrow(m), c = ncol(m),
    counts = paste(sprintf("%.17g", as.vector(t(m))), collapse = ","),
    x2 = if (ok) unname(ct$statistic) else NA,
    df = if (ok) unname(ct$parameter) else NA,
    p = if (ok) ct$p.value else NA,
    min_expected = if (ok) min(e) else NA,
    share_lt5 = if (ok) mean(e < 5) else NA,
    cramer_v = if (ok) sqrt(unname(ct$statistic) / (sum(used) * (min(dim(used)) - 1))) else NA,
    n = if (ok) sum(used) else NA,
    r_used = if (ok) nrow(used) else NA,
    c_used = if (ok) ncol(used) else NA, stringsAsFactors = FALSE)
}
write_tsv(do.call(rbind, crows), "chisq.tsv")

# ---------------------------------------------------------------------------
# Wilson intervals (score interval without continuity correction).
wl <- data.frame(x = c(0, 10, 3, 57, 1, 0, 45, 137, 5, 1, 199, 12, 250, 0, 7),
                 n = c(10, 10, 10, 120, 1, 1, 45, 400, 7, 300, 200, 12, 500, 3, 9),
                 level = c(.95, .95, .95, .95, .95, .95, .95, .90, .99, .95, .95, .80, .95,
                           .99, .5))
ci <- t(mapply(function(x, n, level)
  suppressWarnings(prop.test(x, n, conf.level = level, correct = FALSE)$conf.int),
  wl$x, wl$n, wl$level))
wl$lo <- ci[, 1]; wl$hi <- ci[, 2]
write_tsv(wl, "wilson.tsv")

# ---------------------------------------------------------------------------
# Holm adjustment.
pvecs <- list(
  six = c(0.012, 0.0004, 0.31, 0.049, 0.0021, 0.77),
  ties = c(0.01, 0.04, 0.01, 0.04, 0.2),
  one = 0.03,
  extremes = c(0, 1, 1e-300, 0.5, 2.2e-16),
  capped = c(0.3, 0.4, 0.5, 0.6),
  nonmonotone = c(0.001, 0.0105, 0.011, 0.0101, 0.9, 0.02),
  runif = runif(25)^3)
hrows <- list()
for (name in names(pvecs)) {
  p <- pvecs[[name]]
  hrows[[length(hrows) + 1]] <- data.frame(case = name, i = seq_along(p) - 1, p = p,
                                           adj = p.adjust(p, method = "holm"),
                                           stringsAsFactors = FALSE)
}
write_tsv(do.call(rbind, hrows), "holm.tsv")

# ---------------------------------------------------------------------------
# Cronbach's alpha from cov() of the complete cases of an item matrix.
latent_items <- function(n, k, loading, na_share = 0) {
  f <- rnorm(n)
  m <- sapply(seq_len(k), function(j) {
    z <- loading[j] * f + rnorm(n)
    pmin(5, pmax(1, round(3 + z)))
  })
  if (na_share > 0) m[sample(length(m), round(na_share * length(m)))] <- NA
  m
}
neg <- latent_items(60, 2, c(1, 1))
neg[, 2] <- 6 - neg[, 2] # one item reversed and not recoded: negative alpha
items <- list(
  dim5 = latent_items(150, 5, c(.9, .8, 1.1, .6, .7), na_share = 0.05),
  dim2 = latent_items(40, 2, c(1, .8)),
  dim8 = latent_items(300, 8, c(.4, .5, .6, .7, .8, .9, 1, 1.2), na_share = 0.02),
  negative = neg,
  k1 = latent_items(30, 1, 1),
  constant = matrix(3, nrow = 12, ncol = 3),
  one_complete = rbind(c(1, 2, 3), c(NA, 2, 3), c(4, NA, 5), c(2, 2, NA)),
  continuous = matrix(rnorm(50 * 4, 100, 15), ncol = 4) + rnorm(50, 0, 20))
irows <- list(); arows <- list(); vrows <- list()
for (name in names(items)) {
  m <- items[[name]]
  k <- ncol(m)
  irows[[length(irows) + 1]] <- data.frame(
    case = name, resp = rep(seq_len(nrow(m)) - 1, times = k),
    item = rep(seq_len(k) - 1, each = nrow(m)), value = as.vector(m),
    stringsAsFactors = FALSE)
  cc <- na.omit(m)
  C <- if (nrow(cc) >= 2) cov(cc) else NULL
  total <- if (is.null(C)) NA else sum(C)
  alpha <- if (!is.null(C) && k >= 2 && total > 0) k / (k - 1) * (1 - sum(diag(C)) / total) else NA
  arows[[length(arows) + 1]] <- data.frame(case = name, k = k, n = nrow(cc),
                                           total_var = total, alpha = alpha,
                                           stringsAsFactors = FALSE)
  if (!is.null(C))
    vrows[[length(vrows) + 1]] <- data.frame(case = name, i = rep(seq_len(k) - 1, times = k),
                                             j = rep(seq_len(k) - 1, each = k),
                                             cov = as.vector(C), stringsAsFactors = FALSE)
}
items_df <- do.call(rbind, irows)
items_df <- items_df[order(match(items_df$case, names(items)), items_df$resp, items_df$item), ]
write_tsv(items_df, "items.tsv")
write_tsv(do.call(rbind, arows), "alpha.tsv")
write_tsv(do.call(rbind, vrows), "cov.tsv")
