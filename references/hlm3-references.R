# Three-level (HLM3) reference fits on mlmRev's egsingle (data/eg1.csv, eg2.csv, eg3.csv) with lme4.
# Writes Tests/HLMKitTests/Fixtures/ThreeLevel/egsingle-references.json. Run from the package root:
#   Rscript references/hlm3-references.R
suppressPackageStartupMessages({ library(lme4); library(jsonlite) })
eg1 <- read.csv("data/eg1.csv"); eg2 <- read.csv("data/eg2.csv"); eg3 <- read.csv("data/eg3.csv")
eg <- merge(merge(eg1, eg2[, c("CHILDID", "BLACK", "HISPANIC", "FEMALE")], by = "CHILDID"), eg3, by = "SCHOOLID")
eg$YEAR_LOWINC <- eg$YEAR * eg$LOWINC   # the cross-level interactions, named so that fixef's order is ours
eg$YEAR_BLACK <- eg$YEAR * eg$BLACK

fit <- function(name, formula, reml, fixed, level2, level3) {
  m <- lmer(formula, data = eg, REML = reml, control = lmerControl(optCtrl = list(xtol_abs = 1e-10, ftol_abs = 1e-12)))
  vc <- VarCorr(m)
  matrix_of <- function(v) unname(lapply(seq_len(nrow(v)), function(i) I(unname(as.numeric(v[i, ])))))
  list(name = name, method = if (reml) "reml" else "fml",
       gamma = unname(fixef(m)[fixed]), se = unname(sqrt(diag(vcov(m)))[match(fixed, names(fixef(m)))]),
       sigma2 = sigma(m)^2, tau_pi = matrix_of(vc$CHILDID[level2, level2, drop = FALSE]),
       tau_beta = matrix_of(vc$SCHOOLID[level3, level3, drop = FALSE]),
       deviance = if (reml) unname(REMLcrit(m)) else unname(deviance(m)))
}

models <- list(
  # MATH = INTRCPT1 + YEAR; both random at level 2; both level-2 intercepts random at level 3 (the issue's acceptance).
  fit("unconditional-growth", MATH ~ YEAR + (YEAR | SCHOOLID) + (YEAR | CHILDID), TRUE,
      c("(Intercept)", "YEAR"), c("(Intercept)", "YEAR"), c("(Intercept)", "YEAR")),
  # INTRCPT1 = INTRCPT2 + BLACK + HISPANIC + random, YEAR = INTRCPT2 + BLACK + random,
  # INTRCPT1/INTRCPT2 = INTRCPT3 + LOWINC + random, YEAR/INTRCPT2 = INTRCPT3 + LOWINC + random (cross-level YEAR x LOWINC).
  fit("conditional-fml", MATH ~ LOWINC + BLACK + HISPANIC + YEAR + YEAR_LOWINC + YEAR_BLACK +
        (YEAR | SCHOOLID) + (YEAR | CHILDID), FALSE,
      c("(Intercept)", "LOWINC", "BLACK", "HISPANIC", "YEAR", "YEAR_LOWINC", "YEAR_BLACK"),
      c("(Intercept)", "YEAR"), c("(Intercept)", "YEAR")),
  # YEAR = INTRCPT2 (fixed at level 2), YEAR/INTRCPT2 = INTRCPT3 + random.
  fit("fixed-level2-slope", MATH ~ YEAR + (YEAR | SCHOOLID) + (1 | CHILDID), TRUE,
      c("(Intercept)", "YEAR"), c("(Intercept)"), c("(Intercept)", "YEAR"))
)
write_json(models, "Tests/HLMKitTests/Fixtures/ThreeLevel/egsingle-references.json", digits = NA, pretty = TRUE, auto_unbox = TRUE)
