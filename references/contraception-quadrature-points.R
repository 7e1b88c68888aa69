# glmer's -2 log L of the Contraception model by the number of adaptive quadrature points, behind the default
# of --quadrature-points (GeneralizedEstimation.defaultQuadraturePoints, Sources/HLMKit/Analysis/
# GeneralizedEstimation+Kind.swift). Self-contained (lme4); run from the package root:
#   Rscript references/contraception-quadrature-points.R
# Printed with R 4.2.2, lme4 1.1.31: 1 2416.5831, 3 2416.3352, 5 2416.3179, 7 to 25 2416.3176.
suppressPackageStartupMessages(library(lme4))
d <- read.csv("data/contraception.csv")
for (k in c(1, 3, 5, 7, 9, 15, 25)) {
  m <- glmer(USE ~ URBAN + AGE + LIV + (1 | DISTRICT), data = d, family = binomial, nAGQ = k)
  cat(sprintf("nAGQ %2d: -2 log L %.4f\n", k, -2 * as.numeric(logLik(m))))
}
