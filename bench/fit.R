# Times one R fit call (R start-up and data reading excluded) and prints one tab-separated line:
#   case  tool  seconds  deviance  status
# Usage: Rscript bench/fit.R CASE TOOL LEVEL1.csv LEVEL2.csv REPEATS
# CASE is hsb-homogeneous, hsb-heterogeneous, sim-N or cont-MODEL-N (MODEL null, homogeneous or heterogeneous;
# files simulated by `hlm simulate`); TOOL is nlme, glmmTMB or lme4. Deviance = -2 log L (full ML), comparable with hlm's JSON "deviance".
args <- commandArgs(trailingOnly = TRUE)
case <- args[1]; tool <- args[2]; repeats <- as.integer(args[5])
l1 <- read.csv(args[3]); l2 <- read.csv(args[4])
d <- merge(l1, l2, by = "ID")
suppressPackageStartupMessages({
  library(nlme); library(lme4); library(glmmTMB)
})
hsb <- startsWith(case, "hsb")
if (hsb) {
  d$Y <- d$MATHACH; d$X <- d$FEMALE
  fixed <- Y ~ X; slopes <- ~ X | ID; bars <- Y ~ X + (X | ID)
  disp <- ~ X; weights <- varIdent(form = ~ 1 | X)
} else if (startsWith(case, "cont-null")) {
  fixed <- Y ~ 1; slopes <- ~ 1 | ID; bars <- Y ~ 1 + (1 | ID)
} else if (startsWith(case, "cont")) {
  fixed <- Y ~ X * W; slopes <- ~ X | ID; bars <- Y ~ X * W + (X | ID)
  disp <- ~ G + X; weights <- varComb(varIdent(form = ~ 1 | G), varExp(form = ~ X))
} else {
  fixed <- Y ~ X + G + W; slopes <- ~ X | ID; bars <- Y ~ X + G + W + (X | ID)
  disp <- ~ G + X; weights <- varComb(varIdent(form = ~ 1 | G), varExp(form = ~ X))
}
heterogeneous <- case != "hsb-homogeneous" && !grepl("^cont-(null|homogeneous)", case)
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(), value = TRUE))), "timing.R"))
timed <- time_fit(function() switch(tool,
  nlme = lme(fixed, random = slopes, data = d, method = "ML", weights = if (heterogeneous) weights else NULL,
             control = lmeControl(maxIter = 200, msMaxIter = 200, returnObject = TRUE)),
  glmmTMB = glmmTMB(bars, dispformula = if (heterogeneous) disp else ~ 1, data = d, REML = FALSE),
  lme4 = lmer(bars, data = d, REML = FALSE)), repeats)
fit <- timed$fit; status <- timed$status
deviance <- if (is.null(fit)) NA else -2 * as.numeric(logLik(fit))
if (tool == "glmmTMB" && !is.null(fit) && !isTRUE(fit$sdr$pdHess)) status <- "warning: non-positive-definite Hessian"
cat(sprintf("%s\t%s\t%.4f\t%.5f\t%s\n", case, tool, timed$seconds, deviance, status))
