#!/usr/bin/env Rscript
# make-results-fixture.R - writes the input half of tests/cases/oracle/: the
# configuration, the codebook and the two exports that scripts/oracle/results.R
# and tests/test_stats.c read. Seeded, so the output is reproducible; the files
# are committed, so this only needs to run again when the fixture is redesigned
# (then run results.R too and review both diffs):
#
#     Rscript scripts/oracle/make-results-fixture.R
#     Rscript scripts/oracle/results.R
#
# What the fixture is built to exercise (min_group_size = 5):
#   - six municipalities; Dala and Eko take part in the first wave only; Eko
#     is tiny (3 respondents: primary suppression everywhere) and Fors, small
#     (6, then 7), is what complementary suppression hides next to it; in the
#     second wave no municipality is suppressed as a whole (so the weighted
#     region mean is published there, and withheld in the first wave);
#   - a sector breakdown (scale codes 1-3) with small cells (Borg/Tekniikka 4,
#     Eko and Fors cells) and respondents without a sector (Aava, Fors);
#   - dimension P: three Likert items, P3R reverse-coded; Dala's first-wave
#     respondents mostly skip one P item (9 valid answers per item, 12 scores,
#     only 3 complete cases: alpha rests on 3 respondents);
#   - dimension Q: four items; in the second wave every Cedar respondent answers
#     4 to all of them (zero variance: out of ANOVA and Kruskal-Wallis);
#   - dimension S: a single item (alpha not applicable);
#   - action areas: L1 (current/target, on dimension P; Aava's targets are
#     high, for a red gap light) and L2 on dimension T,
#     which has no Likert items; Dala's first-wave L2 pair is answered by one
#     respondent only;
#   - Borg's first-wave P2: every answer "don't know" (9);
#   - K: a single choice (codes 1-3, don't know 9 listed first in its scale);
#     Dala answers it once (n = 1);
#   - Fors answers S1 three times in the second wave: S is hidden there while
#     P and Q are published (the maturity level needs half of the dimensions);
#   - M: a multiple choice joined with ';' (codes 1-4, don't know 9);
#   - N: a number 0..5 with decimals, some written with a decimal comma; Dala
#     answers it twice (n = 2);
#   - an out-of-range code (7, a warning and a missing answer), a row of an
#     unknown municipality (rejected), municipality names in other case and
#     with spaces, respondent ids and free text carrying marker strings that
#     must never reach any output.
stopifnot(getRversion() >= "4.0.0")
outdir <- file.path("tests", "cases", "oracle")
if (!dir.exists(outdir)) stop("run from the repository root: ", outdir, " is missing")
RNGkind("Mersenne-Twister", "Inversion", "Rejection")
set.seed(20241122)

writeLines(c(
  "; Oracle fixture of digimittari's statistics stage (see scripts/oracle/).",
  "; Written by scripts/oracle/make-results-fixture.R; invented answers.",
  "[region]",
  "name = Testiseutu",
  "language = fi",
  "min_group_size = 5",
  "output = ../../../build/oracle-out",
  "report_date = 2024-11-30",
  "",
  "[thresholds]",
  "red_below = 50",
  "green_from = 70",
  "gap_yellow = 0.5",
  "gap_red = 1.0",
  "",
  "[municipality Aava]", "staff = 120", "",
  "[municipality Borg]", "aliases = Borgin kunta", "staff = 90", "",
  "[municipality Cedar]", "staff = 60", "",
  "[municipality Dala]", "staff = 40", "",
  "[municipality Ekö]", "aliases = Eko", "staff = 10", "",
  "[municipality Fors]", "staff = 25", "",
  "[instrument kys]",
  "title = Testikysely",
  "codebook = codebook.csv",
  "",
  "[wave t-2021]",
  "instrument = kys",
  "year = 2021",
  "file = t-2021.csv",
  "",
  "[wave t-2023]",
  "instrument = kys",
  "year = 2023",
  "file = t-2023.csv",
  "compare = t-2021",
  "",
  "[report 2023]",
  "title = Testiraportti",
  "waves = t-2023"), file.path(outdir, "oracle.ini"), useBytes = TRUE)

cb <- c(
  "kind,id,column,dimension,scale,code,reverse,pair,label,label_en",
  "dimension,P,,,,,,,Osallistuminen,Participation",
  "dimension,Q,,,,,,,Palvelut,Services",
  "dimension,S,,,,,,,Osaaminen,Skills",
  "dimension,T,,,,,,,Tekniikka,Technology",
  paste0("code,,,,agree5,", 1:5, ",,,A", 1:5, ","),
  "dontknow,,,,agree5,9,,,EOS,",
  paste0("code,,,,level5,", 1:5, ",,,L", 1:5, ","),
  "dontknow,,,,level5,9,,,EOS,",
  "dontknow,,,,kolme,9,,,EOS,",
  paste0("code,,,,kolme,", 1:3, ",,,K", 1:3, ","),
  paste0("code,,,,tools,", 1:4, ",,,T", 1:4, ","),
  "dontknow,,,,tools,9,,,EOS,",
  "code,,,,sektori,1,,,Hallinto,",
  "code,,,,sektori,2,,,Opetus,",
  "code,,,,sektori,3,,,Tekniikka,",
  "municipality,,Kunta,,,,,,,",
  "respondent,,Tunnus,,,,,,,",
  "breakdown,sector,Sektori,,sektori,,,,Sektori,Sector",
  "likert,P1,P1,P,agree5,,,,P1,",
  "likert,P2,P2,P,agree5,,,,P2,",
  "likert,P3R,P3R,P,agree5,,yes,,P3R,",
  "likert,Q1,Q1,Q,agree5,,,,Q1,",
  "likert,Q2,Q2,Q,agree5,,,,Q2,",
  "likert,Q3,Q3,Q,agree5,,,,Q3,",
  "likert,Q4,Q4,Q,agree5,,,,Q4,",
  "likert,S1,S1,S,agree5,,,,S1,",
  "current,L1_now,L1 nyt,P,level5,,,L1_goal,L1 nyt,",
  "target,L1_goal,L1 tavoite,P,level5,,,,L1 tavoite,",
  "current,L2_now,L2 nyt,T,level5,,,L2_goal,L2 nyt,",
  "target,L2_goal,L2 tavoite,T,level5,,,,L2 tavoite,",
  "choice,K,K,,kolme,,,,K,",
  "multi,M,M,,tools,,,,M,",
  "numeric,N,N,,0..5,,,,N,",
  "text,,Palaute,,,,,,,")
writeLines(cb, file.path(outdir, "codebook.csv"), useBytes = TRUE)

munis <- c("Aava", "Borg", "Cedar", "Dala", "Ekö", "Fors")
shift <- c(Aava = 0.6, Borg = -0.3, Cedar = 0.2, Dala = -0.6, "Ekö" = 0, Fors = 0.3)
# Sector codes per municipality and wave ("" = no sector).
sectors <- list(
  "t-2021" = list(Aava = c(rep(1, 12), rep(2, 10), rep(3, 6), "", ""),
                  Borg = c(rep(1, 10), rep(2, 8), rep(3, 4)),
                  Cedar = c(rep(1, 8), rep(2, 8)),
                  Dala = c(rep(1, 6), rep(2, 6)),
                  "Ekö" = c(1, 1, 2),
                  Fors = c(1, 1, 1, 3, 3, 3)),
  "t-2023" = list(Aava = c(rep(1, 14), rep(2, 12), rep(3, 8)),
                  Borg = c(rep(1, 11), rep(2, 9), rep(3, 5)),
                  Cedar = c(rep(1, 9), rep(2, 9)),
                  Fors = c(1, 1, 1, 1, 2, 2, "")))

lik <- function(mu, rev = FALSE, pdk = 0.05, pmiss = 0.04) {
  v <- min(5, max(1, round(rnorm(1, mu, 1.1))))
  if (rev) v <- 6 - v
  u <- runif(1)
  if (u < pdk) return("9")
  if (u < pdk + pmiss) return("")
  as.character(v)
}

make_wave <- function(wid, wshift) {
  rows <- list()
  k <- 0
  for (m in names(sectors[[wid]])) {
    sec <- sectors[[wid]][[m]]
    for (j in seq_along(sec)) {
      k <- k + 1
      mu <- 3 + shift[[m]] + wshift
      r <- list()
      r$Tunnus <- sprintf("ZZIDMARKER-%s-%03d", substr(wid, 3, 6), k)
      r$Kunta <- m
      r$Sektori <- sec[j]
      r$P1 <- lik(mu); r$P2 <- lik(mu - 0.2); r$P3R <- lik(mu, rev = TRUE)
      r$Q1 <- lik(mu + 0.3); r$Q2 <- lik(mu); r$Q3 <- lik(mu - 0.4); r$Q4 <- lik(mu + 0.1)
      r$S1 <- lik(mu - 0.5)
      now <- min(5, max(1, round(rnorm(1, 2.6 + shift[[m]], 0.9))))
      r$`L1 nyt` <- as.character(now)
      r$`L1 tavoite` <- as.character(min(5, now + sample(0:2, 1, prob = if (m == "Aava") c(0, 0.2, 0.8) else c(0.3, 0.5, 0.2))))
      if (runif(1) < 0.06) r$`L1 tavoite` <- "9"
      now2 <- min(5, max(1, round(rnorm(1, 3 + shift[[m]], 0.9))))
      r$`L2 nyt` <- as.character(now2)
      r$`L2 tavoite` <- as.character(min(5, now2 + sample(0:1, 1)))
      if (runif(1) < 0.05) r$`L2 nyt` <- ""
      u <- runif(1)
      r$K <- if (u < 0.06) "9" else if (u < 0.09) "" else
        as.character(sample(1:3, 1, prob = c(0.5, 0.3, 0.2) + c(0.2, 0, -0.2) * shift[[m]]))
      u <- runif(1)
      r$M <- if (u < 0.05) "9" else if (u < 0.1) "" else
        paste(sort(sample(1:4, sample(1:3, 1))), collapse = ";")
      u <- runif(1)
      r$N <- if (u < 0.08) "" else
        as.character(sample(c(0, 0.5, 1, 1.5, 2, 2.5, 3, 4, 4.5, 5), 1))
      r$Palaute <- if (runif(1) < 0.3) sprintf("ZZFREETEXTMARKER palaute %d, \"lainaus\"", k) else ""
      rows[[k]] <- r
    }
  }
  d <- do.call(rbind, lapply(rows, as.data.frame, check.names = FALSE,
                             stringsAsFactors = FALSE))
  d
}

w1 <- make_wave("t-2021", 0)
w2 <- make_wave("t-2023", 0.25)

# Special cases, first wave.
b <- w1$Kunta == "Borg"
w1$P2[b] <- "9"                                  # all don't know in a group
d <- which(w1$Kunta == "Dala")
for (j in seq_along(d)) {                        # 12 scores, 3 complete cases
  w1[d[j], c("P1", "P2", "P3R")] <- as.character(c(2, 3, 4) + (j %% 2))
  if (j <= 9) w1[d[j], c("P1", "P2", "P3R")[(j - 1) %% 3 + 1]] <- ""
}
w1$N[d] <- ""
w1$N[d[c(2, 5)]] <- c("3.5", "1")                # n = 2
w1$`L2 tavoite`[d] <- ""
w1$`L2 tavoite`[d[7]] <- "4"                     # paired n = 1
w1$`L2 nyt`[d[7]] <- "3"
w1$K[d] <- "9"
w1$K[d[3]] <- "2"                                # n = 1
w1$Q2[which(w1$Kunta == "Aava")[5]] <- "7"       # out of range: warning, missing
w1$Kunta[which(w1$Kunta == "Aava")[c(3, 8)]] <- c(" aava", "AAVA ")
w1$Kunta[w1$Kunta == "Ekö"][1] <- "EKO"
bad <- w1[1, ]
bad$Tunnus <- "ZZIDMARKER-2021-999"
bad$Kunta <- "Kokkola"                           # unknown: rejected
w1 <- rbind(w1[1:40, ], bad, w1[41:nrow(w1), ])

# Special cases, second wave.
c2 <- w2$Kunta == "Cedar"
w2[c2, c("Q1", "Q2", "Q3", "Q4")] <- "4"           # zero variance in Q
w2$Kunta[which(w2$Kunta == "Borg")[2]] <- "Borgin kunta"
f2 <- which(w2$Kunta == "Fors")
w2$S1[f2] <- c("2", "4", "4", "9", "", "9", "")   # S hidden, P and Q published

# Decimal commas in some numeric answers (the cell is then quoted).
dc <- function(d) { i <- grepl("\\.", d$N) & seq_len(nrow(d)) %% 2 == 0
  d$N[i] <- sub(".", ",", d$N[i], fixed = TRUE); d }
w1 <- dc(w1); w2 <- dc(w2)

out <- function(d, name) {
  write.csv(d, file.path(outdir, name), row.names = FALSE, na = "", fileEncoding = "UTF-8")
}
out(w1, "t-2021.csv")
out(w2, "t-2023.csv")
cat("wrote", nrow(w1), "+", nrow(w2), "rows\n")
