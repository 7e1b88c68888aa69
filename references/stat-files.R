# SPSS, Stata and SAS copies of one small HS&B data pair, written by R's haven (the ReadStat library's writers),
# with CSV copies of the same values: Tests/HLMKitTests/Fixtures/StatFiles/. The tests fit the same model from
# the CSV copies and from every format and expect the same estimates and the same exclusion counts.
#
# The data: the first 16 schools of data/hsb2.csv and their students in data/hsb1.csv, with long names (kept
# whole by every format but SAS transport version 5, which is not written), a date variable (refused as a
# predictor), value labels on FEMALE and SECTOR (ignored: the codes are used) and missing values written as each
# format writes them:
# - SOCIOECONOMIC_STATUS: 12 students missing. SPSS: 8 of them the user-missing code -9 (declared missing
#   value) and 4 system-missing; Stata: 8 extended missing .a and 4 .z; SAS: missing; CSV: empty.
# - MEAN_SOCIOECONOMIC_STATUS: one school missing. SPSS: the user-missing code -99 (a declared range from -99
#   to -90); Stata: .b; SAS: missing; CSV: empty. The school and its students are excluded.
# - SCHOOL_IDENTIFIER: a string variable in the SPSS files, a number in the others and in the CSV copies.
# Run from the package root: Rscript references/stat-files.R (haven 2.5.1, R 4.2.2).
library(haven)
out <- "Tests/HLMKitTests/Fixtures/StatFiles"
l1 <- read.csv("data/hsb1.csv"); l2 <- read.csv("data/hsb2.csv")
l2 <- l2[1:16, ]
l1 <- l1[l1$ID %in% l2$ID, ]
set.seed(20261201)

level1 <- data.frame(
  SCHOOL_IDENTIFIER = l1$ID, MINORITY = l1$MINORITY, FEMALE = l1$FEMALE,
  SOCIOECONOMIC_STATUS = l1$SES, MATH_ACHIEVEMENT = l1$MATHACH,
  TEST_DATE = as.Date("2026-03-02") + sample(0:20, nrow(l1), replace = TRUE))
level2 <- data.frame(
  SCHOOL_IDENTIFIER = l2$ID, SECTOR = l2$SECTOR, MEAN_SOCIOECONOMIC_STATUS = l2$MEANSES, SCHOOL_SIZE = l2$SIZE)
ses_missing <- sort(sample(nrow(level1), 12))
user_coded <- ses_missing[1:8]
meanses_missing <- 5

# CSV copies: every missing value an empty cell. R prints these values (at most 4 decimals) exactly.
csv1 <- level1; csv1$SOCIOECONOMIC_STATUS[ses_missing] <- NA
csv2 <- level2; csv2$MEAN_SOCIOECONOMIC_STATUS[meanses_missing] <- NA
write.csv(csv1, file.path(out, "hsb-level1.csv"), row.names = FALSE, quote = FALSE, na = "")
write.csv(csv2, file.path(out, "hsb-level2.csv"), row.names = FALSE, quote = FALSE, na = "")

# SPSS: user-missing codes declared on the variables; the string ID.
spss1 <- level1
spss1$SCHOOL_IDENTIFIER <- as.character(spss1$SCHOOL_IDENTIFIER)
ses <- spss1$SOCIOECONOMIC_STATUS; ses[user_coded] <- -9; ses[setdiff(ses_missing, user_coded)] <- NA
spss1$SOCIOECONOMIC_STATUS <- labelled_spss(ses, na_values = -9)
spss1$FEMALE <- labelled_spss(spss1$FEMALE, labels = c(Male = 0, Female = 1))
spss2 <- level2
spss2$SCHOOL_IDENTIFIER <- as.character(spss2$SCHOOL_IDENTIFIER)
meanses <- spss2$MEAN_SOCIOECONOMIC_STATUS; meanses[meanses_missing] <- -99
spss2$MEAN_SOCIOECONOMIC_STATUS <- labelled_spss(meanses, na_range = c(-99, -90))
spss2$SECTOR <- labelled_spss(spss2$SECTOR, labels = c(Public = 0, Catholic = 1))
for (level in 1:2) {
  data <- list(spss1, spss2)[[level]]
  write_sav(data, file.path(out, sprintf("hsb-level%d.sav", level)))                  # bytecode-compressed
  write_sav(data, file.path(out, sprintf("hsb-level%d.zsav", level)), compress = "zsav")
  write_sav(data, file.path(out, sprintf("hsb-level%d-uncompressed.sav", level)), compress = "none")
}

# Stata: extended missing values .a, .z and .b (haven's tagged NA); every file format haven writes (versions
# 8-9 write the same format, 10-11 and 12 likewise).
stata1 <- level1
stata1$SOCIOECONOMIC_STATUS[ses_missing] <- c(rep(tagged_na("a"), 8), rep(tagged_na("z"), 4))
stata1$FEMALE <- labelled(stata1$FEMALE, c(Male = 0, Female = 1))
stata2 <- level2
stata2$MEAN_SOCIOECONOMIC_STATUS[meanses_missing] <- tagged_na("b")
stata2$SECTOR <- labelled(stata2$SECTOR, c(Public = 0, Catholic = 1))
for (version in c(8, 10, 12, 13, 14, 15)) {  # formats 113, 114, 115, 117, 118, 119
  write_dta(stata1, file.path(out, sprintf("hsb-level1-v%d.dta", version)), version = version)
  write_dta(stata2, file.path(out, sprintf("hsb-level2-v%d.dta", version)), version = version)
}

# SAS: sas7bdat and transport version 8 (long names).
write_sas(csv1, file.path(out, "hsb-level1.sas7bdat"))
write_sas(csv2, file.path(out, "hsb-level2.sas7bdat"))
write_xpt(csv1, file.path(out, "hsb-level1.xpt"), version = 8, name = "LEVEL1")
write_xpt(csv2, file.path(out, "hsb-level2.xpt"), version = 8, name = "LEVEL2")

# The files read back as written.
back <- read_sav(file.path(out, "hsb-level1.zsav"), user_na = FALSE)
stopifnot(identical(is.na(back$SOCIOECONOMIC_STATUS), is.na(csv1$SOCIOECONOMIC_STATUS)),
          nrow(back) == nrow(csv1))
back <- read_dta(file.path(out, "hsb-level1-v8.dta"))
stopifnot(identical(is.na(back$SOCIOECONOMIC_STATUS), is.na(csv1$SOCIOECONOMIC_STATUS)))
cat(nrow(level1), "students in", nrow(level2), "schools;", length(ses_missing), "missing SES\n")
