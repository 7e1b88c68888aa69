# Times one lmer fit of a three-level model (R start-up and data reading excluded) and prints one tab-separated
# line, as bench/fit.R does:  case  tool  seconds  deviance  status
# Usage: LEVEL3=LEVEL3.csv Rscript bench/hlm3-fit.R CASE lme4 LEVEL1.csv LEVEL2.csv REPEATS
# CASE hlm3-egsingle: mlmRev's egsingle (data/eg1-3.csv), math ~ year + (year | schoolid) + (year | childid),
# REML; deviance = lme4's REML criterion, comparable with hlm's JSON "deviance" under REML.
# CASE hlm3-sim-N: `hlm simulate --level3-units` data, Y ~ X + G + W + S + (X | ID3) + (X | ID), full ML;
# deviance = -2 log L.
args <- commandArgs(trailingOnly = TRUE)
case <- args[1]; tool <- args[2]; repeats <- as.integer(args[5])
stopifnot(tool == "lme4")
suppressPackageStartupMessages(library(lme4))
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(), value = TRUE))), "timing.R"))
l1 <- read.csv(args[3])
if (case == "hlm3-egsingle") {
  d <- l1
  d$CHILDID <- factor(d$CHILDID); d$SCHOOLID <- factor(d$SCHOOLID)
  formula <- MATH ~ YEAR + (YEAR | SCHOOLID) + (YEAR | CHILDID); reml <- TRUE
} else {
  l2 <- read.csv(args[4]); l3 <- read.csv(Sys.getenv("LEVEL3"))
  d <- merge(merge(l1, l2[, c("ID", "W")], by = "ID"), l3, by = "ID3")
  d$ID <- factor(d$ID); d$ID3 <- factor(d$ID3)
  formula <- Y ~ X + G + W + S + (X | ID3) + (X | ID); reml <- FALSE
}
timed <- time_fit(function() lmer(formula, data = d, REML = reml), repeats)
fit <- timed$fit
deviance <- if (is.null(fit)) NA else if (reml) as.numeric(REMLcrit(fit)) else -2 * as.numeric(logLik(fit))
cat(sprintf("%s\t%s\t%.4f\t%.5f\t%s\n", case, tool, timed$seconds, deviance, timed$status))
