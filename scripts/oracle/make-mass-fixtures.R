#!/usr/bin/env Rscript
# make-mass-fixtures.R - turns two real questionnaire data sets of the R
# package MASS (Debian: r-cran-mass) into digimittari inputs: a configuration,
# a codebook and one export each, so that scripts/oracle/results.R can compute
# every expected figure from them as it does for tests/cases/oracle/.
#
#     Rscript scripts/oracle/make-mass-fixtures.R
#     Rscript scripts/oracle/results.R tests/cases/mass-survey/survey.ini
#     Rscript scripts/oracle/results.R tests/cases/mass-housing/housing.ini
#
# MASS::survey (Venables & Ripley, Modern Applied Statistics with S): 237
# statistics students of the University of Adelaide answered a questionnaire.
# Here the "municipality" (the grouping column every table is made by) is Sex,
# with two groups, so every test across municipalities is a two-group test
# between named groups; one student left Sex empty, so that row is rejected.
# Breakdowns: Clap (which hand is on top when clapping: three categories,
# pairwise tests) and W.Hnd (writing hand). Likert items: Exer (how often the
# student exercises: None, Some, Freq) and Smoke (Never, Occas, Regul, Heavy),
# which counts reverse-coded in its dimension, so that more is better in both.
# One answer to Smoke is missing. Numeric items with decimal answers, written
# with a decimal comma as Finnish Excel would: Height (cm, two decimals, 28
# missing), Wr.Hnd and NW.Hnd (hand spans, one decimal), Age (years, three
# decimals), Pulse (whole numbers, 45 missing). Choice items: Fold (arms
# folded), M.I (metric or imperial units given). Answers are written as their
# labels (text groups), as a survey tool's export does.
#
# MASS::housing: the Copenhagen housing conditions survey (Madsen 1976), 1681
# residents as a frequency table, expanded here to one row a resident in the
# table's order. Municipality = Type of housing (Tower, Apartment, Atrium,
# Terrace: four groups, pairwise tests), breakdown Cont (contact with other
# residents: Low, High: a two-group test within each type). Likert items on
# one Low/Medium/High scale: Sat (satisfaction) and Infl (perceived
# influence), taken together as one two-item dimension so that the dimension
# tests, Cronbach's alpha and the Holm family have a real multi-item case.
#
# The outputs are committed; rerun only to redesign the fixtures.

stopifnot(getRversion() >= "4.0.0")
suppressPackageStartupMessages(library(MASS))

write_fixture <- function(dir, name, ini, codebook, export) {
  dir.create(dir, showWarnings = FALSE, recursive = TRUE)
  con <- file(file.path(dir, paste0(name, ".ini")), "wb")
  writeLines(ini, con, sep = "\n", useBytes = TRUE)
  close(con)
  con <- file(file.path(dir, "codebook.csv"), "wb")
  writeLines(codebook, con, sep = "\n", useBytes = TRUE)
  close(con)
  write.table(export, file.path(dir, "export.csv"), sep = ",", quote = TRUE, na = "",
              row.names = FALSE, fileEncoding = "UTF-8", eol = "\n")
  cat("wrote", dir, "(", nrow(export), "rows )\n")
}

ini_text <- function(title, munis, instrument, year) c(
  paste0("; ", title, " (scripts/oracle/make-mass-fixtures.R: real answers from R's MASS)."),
  "[region]", paste0("name = ", title), "language = en", "min_group_size = 5",
  "output = ../../../build/mass-out", "report_date = 2024-11-30", "",
  "[thresholds]", "red_below = 50", "green_from = 70", "gap_yellow = 0.5", "gap_red = 1.0", "",
  unlist(lapply(munis, function(m) c(paste0("[municipality ", m, "]"), ""))),
  paste0("[instrument ", instrument, "]"), paste0("title = ", title),
  "codebook = codebook.csv", "",
  paste0("[wave ", instrument, "-", year, "]"), paste0("instrument = ", instrument),
  paste0("year = ", year), "file = export.csv", "",
  "[report r]", "title = Oracle", paste0("waves = ", instrument, "-", year))

# Decimal comma, as a Finnish export writes it; NA stays empty.
dec1 <- function(x) vapply(x, function(v) if (is.na(v)) NA_character_ else
  sub(".", ",", as.character(v), fixed = TRUE), "")

# ---------------------------------------------------------------------------
# MASS::survey
s <- MASS::survey
cb <- c(
  "kind,id,column,dimension,scale,code,reverse,pair,label,label_en",
  "dimension,EX,,,,,,,Exercise,Exercise",
  "dimension,SM,,,,,,,Non-smoking,Non-smoking",
  "code,,,,exer3,1,,,None,None", "code,,,,exer3,2,,,Some,Some", "code,,,,exer3,3,,,Freq,Freq",
  "code,,,,smoke4,1,,,Never,Never", "code,,,,smoke4,2,,,Occas,Occas",
  "code,,,,smoke4,3,,,Regul,Regul", "code,,,,smoke4,4,,,Heavy,Heavy",
  "code,,,,clap3,1,,,Left,Left", "code,,,,clap3,2,,,Neither,Neither",
  "code,,,,clap3,3,,,Right,Right",
  "code,,,,hand2,1,,,Left,Left", "code,,,,hand2,2,,,Right,Right",
  "code,,,,fold3,1,,,L on R,L on R", "code,,,,fold3,2,,,Neither,Neither",
  "code,,,,fold3,3,,,R on L,R on L",
  "code,,,,units2,1,,,Imperial,Imperial", "code,,,,units2,2,,,Metric,Metric",
  "municipality,,Sex,,,,,,,",
  "breakdown,clap,Clap,,clap3,,,,Clap,Clap",
  "breakdown,hand,W.Hnd,,hand2,,,,Writing hand,Writing hand",
  "likert,Exer,Exer,EX,exer3,,,,Exercise,Exercise",
  "likert,Smoke,Smoke,SM,smoke4,,yes,,Smoking,Smoking",
  "numeric,Height,Height,,100..250,,,,Height,Height",
  "numeric,WrHnd,Wr.Hnd,,0..30,,,,Writing hand span,Writing hand span",
  "numeric,NWHnd,NW.Hnd,,0..30,,,,Other hand span,Other hand span",
  "numeric,Pulse,Pulse,,20..200,,,,Pulse,Pulse",
  "numeric,Age,Age,,10..100,,,,Age,Age",
  "choice,Fold,Fold,,fold3,,,,Arms folded,Arms folded",
  "choice,MI,M.I,,units2,,,,Units,Units")
ex <- data.frame(Sex = as.character(s$Sex), Clap = as.character(s$Clap),
                 W.Hnd = as.character(s$W.Hnd), Exer = as.character(s$Exer),
                 Smoke = as.character(s$Smoke), Height = dec1(s$Height),
                 Wr.Hnd = dec1(s$Wr.Hnd), NW.Hnd = dec1(s$NW.Hnd),
                 Pulse = as.character(s$Pulse), Age = dec1(s$Age),
                 Fold = as.character(s$Fold), M.I = as.character(s$M.I),
                 check.names = FALSE, stringsAsFactors = FALSE)
write_fixture(file.path("tests", "cases", "mass-survey"), "survey",
              ini_text("MASS survey", levels(s$Sex), "survey", 2002), cb, ex)

# ---------------------------------------------------------------------------
# MASS::housing
h <- MASS::housing
rows <- h[rep(seq_len(nrow(h)), h$Freq), c("Type", "Cont", "Sat", "Infl")]
cb <- c(
  "kind,id,column,dimension,scale,code,reverse,pair,label,label_en",
  "dimension,H,,,,,,,Satisfaction and influence,Satisfaction and influence",
  "code,,,,lmh3,1,,,Low,Low", "code,,,,lmh3,2,,,Medium,Medium", "code,,,,lmh3,3,,,High,High",
  "code,,,,cont2,1,,,Low,Low", "code,,,,cont2,2,,,High,High",
  "municipality,,Type,,,,,,,",
  "breakdown,contact,Cont,,cont2,,,,Contact,Contact",
  "likert,Sat,Sat,H,lmh3,,,,Satisfaction,Satisfaction",
  "likert,Infl,Infl,H,lmh3,,,,Influence,Influence")
ex <- data.frame(Type = as.character(rows$Type), Cont = as.character(rows$Cont),
                 Sat = as.character(rows$Sat), Infl = as.character(rows$Infl),
                 stringsAsFactors = FALSE)
write_fixture(file.path("tests", "cases", "mass-housing"), "housing",
              ini_text("MASS housing", levels(h$Type), "housing", 1976), cb, ex)
