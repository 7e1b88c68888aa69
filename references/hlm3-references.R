# Three-level (HLM3) reference fits on mlmRev's egsingle (data/eg1.csv, eg2.csv, eg3.csv) with lme4.
# Writes Tests/HLMKitTests/Fixtures/ThreeLevel/egsingle-references.json. Run from the package root:
#   Rscript references/hlm3-references.R
suppressPackageStartupMessages({ library(lme4); library(jsonlite) })
eg1 <- read.csv("data/eg1.csv"); eg2 <- read.csv("data/eg2.csv"); eg3 <- read.csv("data/eg3.csv")
eg <- merge(merge(eg1, eg2[, c("CHILDID", "BLACK", "HISPANIC", "FEMALE")], by = "CHILDID"), eg3, by = "SCHOOLID")
eg$YEAR_LOWINC <- eg$YEAR * eg$LOWINC   # the cross-level interactions, named so that fixef's order is ours
eg$YEAR_BLACK <- eg$YEAR * eg$BLACK
school_female <- tapply(eg2$FEMALE, eg2$SCHOOLID, mean)   # group means over children (level-2 units), not rows
eg$FEMALE_GROUP <- eg$FEMALE - school_female[as.character(eg$SCHOOLID)]
eg$LOWINC_GRAND <- eg$LOWINC - mean(eg3$LOWINC)          # grand mean over schools

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
  # Centring: INTRCPT1 = INTRCPT2 + group(FEMALE) + random (FEMALE minus its school's mean over children),
  # INTRCPT1/INTRCPT2 = INTRCPT3 + grand(LOWINC) + random (LOWINC minus the mean over schools), REML.
  fit("centred", MATH ~ FEMALE_GROUP + LOWINC_GRAND + YEAR + (YEAR | SCHOOLID) + (YEAR | CHILDID), TRUE,
      c("(Intercept)", "LOWINC_GRAND", "FEMALE_GROUP", "YEAR"), c("(Intercept)", "YEAR"), c("(Intercept)", "YEAR")),
  # YEAR = INTRCPT2 (fixed at level 2), YEAR/INTRCPT2 = INTRCPT3 + random.
  fit("fixed-level2-slope", MATH ~ YEAR + (YEAR | SCHOOLID) + (1 | CHILDID), TRUE,
      c("(Intercept)", "YEAR"), c("(Intercept)"), c("(Intercept)", "YEAR"))
)
write_json(models, "Tests/HLMKitTests/Fixtures/ThreeLevel/egsingle-references.json", digits = NA, pretty = TRUE, auto_unbox = TRUE)

# Heterogeneous level-1 variance, log sigma^2 = alpha0 + alpha1 FEMALE (a level-2 variable), full ML, with nlme:
# varIdent's sigma_female / sigma_male = delta gives alpha1 = 2 log(delta).
suppressPackageStartupMessages({ library(nlme); library(clubSandwich) })
eg <- eg[order(eg$SCHOOLID, eg$CHILDID), ]
het <- lme(MATH ~ YEAR, random = list(SCHOOLID = pdSymm(~YEAR), CHILDID = pdSymm(~YEAR)), data = eg,
           weights = varIdent(form = ~1 | FEMALE), method = "ML",
           control = lmeControl(maxIter = 500, msMaxIter = 500, tolerance = 1e-10, msTol = 1e-12))
delta <- coef(het$modelStruct$varStruct, unconstrained = FALSE, allCoef = TRUE)
tau_of <- function(level) { v <- getVarCov(het, level = level); unname(lapply(seq_len(nrow(v)), function(i) I(unname(as.numeric(v[i, ]))))) }
pd <- het$modelStruct$reStruct
heterogeneous <- list(name = "heterogeneous-female-fml", method = "fml",
  gamma = unname(fixef(het)), se = unname(sqrt(diag(vcov(het)))),
  sigma2 = het$sigma^2 * unname(delta["0"])^2, alpha1 = 2 * log(unname(delta["1"] / delta["0"])),
  tau_pi = unname(lapply(seq_len(2), function(i) I(unname(as.numeric((as.matrix(pd$CHILDID) * het$sigma^2)[i, ]))))),
  tau_beta = unname(lapply(seq_len(2), function(i) I(unname(as.numeric((as.matrix(pd$SCHOOLID) * het$sigma^2)[i, ]))))),
  deviance = -2 * as.numeric(logLik(het)),
  robust_se = unname(sqrt(diag(clubSandwich::vcovCR(het, type = "CR0", cluster = het$groups$SCHOOLID)))))
write_json(heterogeneous, "Tests/HLMKitTests/Fixtures/ThreeLevel/egsingle-heterogeneous.json", digits = NA,
           pretty = TRUE, auto_unbox = TRUE)

# Robust (CR0, clustered by school) SEs of the unconditional growth model, REML, with nlme + clubSandwich.
growth <- lme(MATH ~ YEAR, random = list(SCHOOLID = pdSymm(~YEAR), CHILDID = pdSymm(~YEAR)), data = eg, method = "REML")
write_json(list(name = "unconditional-growth-robust",
                robust_se = unname(sqrt(diag(vcovCR(growth, type = "CR0", cluster = eg$SCHOOLID))))),
           "Tests/HLMKitTests/Fixtures/ThreeLevel/egsingle-robust.json", digits = NA, pretty = TRUE, auto_unbox = TRUE)

# Conditional modes (EB residuals) of the unconditional growth model, REML, for the first three schools and
# children by ID (lme4's ranef).
growth4 <- lmer(MATH ~ YEAR + (YEAR | SCHOOLID) + (YEAR | CHILDID), data = eg, REML = TRUE,
                control = lmerControl(optCtrl = list(xtol_abs = 1e-10, ftol_abs = 1e-12)))
re <- ranef(growth4)
pick <- function(frame) { ids <- sort(as.numeric(rownames(frame)))[1:3]
  setNames(lapply(ids, function(id) unname(as.numeric(frame[as.character(id), ]))), as.character(ids)) }
write_json(list(schools = pick(re$SCHOOLID), children = pick(re$CHILDID)),
           "Tests/HLMKitTests/Fixtures/ThreeLevel/egsingle-ranef.json", digits = NA, pretty = TRUE, auto_unbox = TRUE)
