# Homogeneous-sigma^2 reference fits on HS&B (models 1-7 of the reference plan), fitted with lme4 and
# cross-checked with references/hetmle.R. Run from the package root: Rscript references/hsb-references.R
source("references/common.R")
hsb <- read_hsb()
I <- coef_spec
pub <- function(...) list(source = "HLM manual / Raudenbush & Bryk (2002), HS&B examples, REML", ...)

# 1. Unconditional (null) model.
des <- build_design(hsb, "MATHACH", list(I(random = TRUE)))
homogeneous_fixture("hsb-null-reml", "Unconditional model, REML.", des, "reml",
  pub(gamma = arr(12.636974), se = arr(0.244394), tau = list(arr(8.614025)), sigma2 = 39.148322,
      deviance = 47116.79348))
homogeneous_fixture("hsb-null-fml", "Unconditional model, full ML.", des, "fml")

# 2. Random-coefficient model with group-centred SES.
des <- build_design(hsb, "MATHACH", list(I(random = TRUE), I("SES", "group", random = TRUE)))
homogeneous_fixture("hsb-random-coefficient-reml", "Random intercept and group-centred SES slope, REML.",
  des, "reml", pub(gamma = arr(c(12.636193, 2.193196)), se = arr(c(0.244505, 0.128259)),
    tau = list(arr(c(8.681044, 0.046788)), arr(c(0.046788, 0.693997))), sigma2 = 36.700191,
    deviance = 46714.23405))
homogeneous_fixture("hsb-random-coefficient-fml", "Random intercept and group-centred SES slope, full ML.",
  des, "fml")

# 3. Intercepts- and slopes-as-outcomes.
l2 <- list(pred("SECTOR"), pred("MEANSES"))
m3 <- list(I(random = TRUE, level2 = l2), I("SES", "group", random = TRUE, level2 = l2))
des <- build_design(hsb, "MATHACH", m3)
homogeneous_fixture("hsb-slopes-as-outcomes-reml",
  "Intercepts- and slopes-as-outcomes: SECTOR and MEANSES predict the intercept and the group-centred SES slope, REML.",
  des, "reml", pub(
    gamma = arr(c(12.095997, 1.226453, 5.332898, 2.938785, -1.642619, 1.038918)),
    se = arr(c(0.198733, 0.306267, 0.369157, 0.155089, 0.239785, 0.298894)),
    tau = list(arr(c(2.379478, 0.192062)), arr(c(0.192062, 0.101291))), sigma2 = 36.721168,
    deviance = 46503.66412))
homogeneous_fixture("hsb-slopes-as-outcomes-fml",
  "Intercepts- and slopes-as-outcomes (SECTOR, MEANSES; group-centred SES), full ML.", des, "fml")

# 4. Centering variants.
l2g <- list(pred("MEANSES", "grand"))
des <- build_design(hsb, "MATHACH", list(I(random = TRUE, level2 = l2g), I("SES", "grand", random = TRUE)))
homogeneous_fixture("hsb-grand-centred-ses-reml",
  "Grand-mean-centred SES (random slope); intercept predicted by grand-mean-centred MEANSES, REML.", des, "reml")
des <- build_design(hsb, "MATHACH", list(I(random = TRUE, level2 = l2g), I("SES", "none", random = TRUE)))
homogeneous_fixture("hsb-uncentred-ses-reml",
  "Uncentred SES (random slope); intercept predicted by grand-mean-centred MEANSES, REML.", des, "reml")

# 5. A fixed level-1 slope.
m5 <- list(I(random = TRUE, level2 = list(pred("SECTOR"))), I("SES", "group", random = TRUE),
           I("FEMALE", "none", random = FALSE))
des <- build_design(hsb, "MATHACH", m5)
homogeneous_fixture("hsb-fixed-female-reml",
  "Group-centred SES (random) and FEMALE (fixed, no random effect); SECTOR predicts the intercept, REML.", des, "reml")
homogeneous_fixture("hsb-fixed-female-fml",
  "Group-centred SES (random) and FEMALE (fixed, no random effect); SECTOR predicts the intercept, full ML.", des, "fml")

# 6. No level-2 file.
des <- build_design(list(l1 = hsb$l1, l2 = NULL), "MATHACH",
  list(I(random = TRUE), I("SES"), I("MINORITY")))
homogeneous_fixture("hsb-no-level2-fml",
  "No level-2 file: uncentred SES and MINORITY as fixed slopes, random intercept only, full ML.", des, "fml")
