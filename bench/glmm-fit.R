# Times one R fit call of a two-level generalized linear mixed model (R start-up and data reading excluded) and
# prints one tab-separated line: case  tool  seconds  deviance  status
# Usage: Rscript bench/glmm-fit.R CASE TOOL LEVEL1.csv LEVEL2.csv|- REPEATS
# CASE is contraception-laplace, contraception-agq25, contraception-pql (data/contraception.csv: DISTRICT, USE,
# URBAN, AGE, LIV) or bernoulli-N (`hlm simulate --family bernoulli` files: ID, X, G, Y and ID, W); TOOL is
# glmer, glmmTMB or glmmPQL. Deviance = -2 log L of the data (glmer's and glmmTMB's; NA for PQL).
args <- commandArgs(trailingOnly = TRUE)
case <- args[1]; tool <- args[2]; repeats <- as.integer(args[5])
d <- read.csv(args[3])
if (args[4] != "-") d <- merge(d, read.csv(args[4]), by = "ID")
suppressPackageStartupMessages({ library(lme4); library(glmmTMB); library(MASS); library(nlme) })
if (startsWith(case, "contraception")) {
  form <- USE ~ URBAN + AGE + LIV + (1 | DISTRICT); fixed <- USE ~ URBAN + AGE + LIV; random <- ~ 1 | DISTRICT
  agq <- if (case == "contraception-agq25") 25 else 1
} else {
  form <- Y ~ X + G + W + (X | ID); fixed <- Y ~ X + G + W; random <- ~ X | ID
  agq <- 1
}
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(), value = TRUE))), "timing.R"))
timed <- time_fit(function() switch(tool,
  glmer = glmer(form, data = d, family = binomial, nAGQ = agq),
  glmmTMB = glmmTMB(form, data = d, family = binomial),
  glmmPQL = glmmPQL(fixed, random = random, data = d, family = binomial, verbose = FALSE,
                    control = lmeControl(sigma = 1))), repeats)
fit <- timed$fit
deviance <- if (is.null(fit) || tool == "glmmPQL") NA else -2 * as.numeric(logLik(fit))
cat(sprintf("%s\t%s\t%.4f\t%.5f\t%s\n", case, tool, timed$seconds, deviance, timed$status))
