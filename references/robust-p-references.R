# Reference robust p-values and df (issue 11, section 8): a HS&B model whose effects have moderate p-values, so
# that a robust p computed on the wrong df (or from the model-based t) is caught. Fitted with lme4 (REML), robust
# SEs from clubSandwich's CR0 sandwich, df by HLM's rule (docs/METHODS.md): J - S_q - 1 for an effect on a random
# level-1 coefficient with S_q level-2 predictors, N minus the number of fixed effects for one on a fixed
# coefficient; p = 2 pt(-|t|, df) with the robust t.
# Run from the package root: Rscript references/robust-p-references.R
suppressPackageStartupMessages({ library(lme4); library(clubSandwich); library(jsonlite) })
level1 <- read.csv("data/hsb1.csv"); level2 <- read.csv("data/hsb2.csv")
d <- merge(level1, level2, by = "ID")
d$SESG <- d$SES - ave(d$SES, d$ID)
fit <- lmer(MATHACH ~ 1 + SECTOR + DISCLIM + HIMINTY + SESG + SESG:HIMINTY + SESG:DISCLIM + FEMALE + FEMALE:SIZE
            + (1 + SESG | ID), data = d, REML = TRUE,
            control = lmerControl(optimizer = "bobyqa", optCtrl = list(maxfun = 1e5)))
# HLM order: per level-1 coefficient, INTRCPT2 first, then its level-2 predictors as written.
order <- c("(Intercept)", "SECTOR", "DISCLIM", "HIMINTY", "SESG", "HIMINTY:SESG", "DISCLIM:SESG", "FEMALE",
           "FEMALE:SIZE")
gamma <- fixef(fit)[order]
robust <- sqrt(diag(as.matrix(vcovCR(fit, cluster = d$ID, type = "CR0"))))
names(robust) <- names(fixef(fit)); robust <- robust[order]
J <- length(unique(d$ID)); N <- nrow(d)
df <- c(rep(J - 3 - 1, 4), rep(J - 2 - 1, 3), rep(N - length(order), 2))
t <- gamma / robust
p <- 2 * pt(-abs(t), df)
out <- list(
  description = paste("HS&B, REML: MATHACH = INTRCPT1 + group(SES) + FEMALE; INTRCPT1 = INTRCPT2 + SECTOR + DISCLIM",
                      "+ HIMINTY + random; SES = INTRCPT2 + HIMINTY + DISCLIM + random; FEMALE = INTRCPT2 + SIZE"),
  tool = paste0("R ", getRversion(), ", lme4 ", packageVersion("lme4"), ", clubSandwich ", packageVersion("clubSandwich")),
  effects = lapply(seq_along(order), function(k) list(
    name = order[k], estimate = unname(gamma[k]), robustSE = unname(robust[k]), robustT = unname(t[k]),
    df = df[k], robustP = unname(p[k]))))
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE),
           "Tests/HLMKitTests/Fixtures/Inference/robust-p/hsb-robust-p-reml.json")
