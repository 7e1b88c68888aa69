# Missing values and string IDs: builds the fixture data pair
#   Tests/HLMKitTests/Fixtures/Data/hsb1-missing.csv, hsb2-missing.csv
# from the package's HS&B copy (IDs recoded as "school 1224", level-1 rows shuffled, ~2% of SES and
# ~1% of MATHACH blank, 3 schools' MEANSES blank; all with set.seed), then fits model 3's equations
# (REML) on the listwise-complete data: level-1 rows with a missing SES or MATHACH are dropped, then the
# schools with a missing MEANSES and all their rows; SES is group-mean centred after the deletion.
# Run from the package root: Rscript references/missing-data-references.R
source("references/common.R")
data_dir <- "Tests/HLMKitTests/Fixtures/Data"
hsb <- read_hsb()

set.seed(20240517)
l1 <- hsb$l1; l2 <- hsb$l2
l1$ID <- paste("school", l1$ID); l2$ID <- paste("school", l2$ID)
l1 <- l1[sample(nrow(l1)), ]
ses_na <- sample(nrow(l1), round(0.02 * nrow(l1)))
math_na <- sample(nrow(l1), round(0.01 * nrow(l1)))
meanses_na <- sample(nrow(l2), 3)
l1$SES[ses_na] <- NA; l1$MATHACH[math_na] <- NA; l2$MEANSES[meanses_na] <- NA
write.csv(l1, file.path(data_dir, "hsb1-missing.csv"), row.names = FALSE, quote = FALSE, na = "")
write.csv(l2, file.path(data_dir, "hsb2-missing.csv"), row.names = FALSE, quote = FALSE, na = "")

miss <- read_hsb(data_dir, "hsb1-missing.csv", "hsb2-missing.csv")
stopifnot(identical(is.na(miss$l1$SES), is.na(l1$SES)), is.character(miss$l1$ID))
l2p <- list(pred("SECTOR"), pred("MEANSES"))
des <- build_design(miss, "MATHACH",
  list(coef_spec(random = TRUE, level2 = l2p), coef_spec("SES", "group", random = TRUE, level2 = l2p)))
incomplete <- is.na(miss$l1$SES) | is.na(miss$l1$MATHACH)
dropped_schools <- miss$l2$ID[is.na(miss$l2$MEANSES)]
des$counts <- c(des$counts, list(
  level1MissingSES = sum(is.na(miss$l1$SES)), level1MissingMATHACH = sum(is.na(miss$l1$MATHACH)),
  level1ExcludedForMissingValues = sum(incomplete),
  level1ExcludedWithTheirSchool = sum(!incomplete & miss$l1$ID %in% dropped_schools),
  level2MissingMEANSES = length(dropped_schools), level2ExcludedIDs = arr(sort(dropped_schools))))
homogeneous_fixture("hsb-missing-slopes-as-outcomes-reml", paste(
  "Model 3's equations (REML) on Fixtures/Data/hsb1-missing.csv and hsb2-missing.csv: string IDs with a space,",
  "shuffled level-1 rows, blank SES / MATHACH / MEANSES cells; listwise deletion at both levels, then",
  "group-mean centring of SES over the rows used."), des, "reml")
