# Heterogeneous level-1 variance reference fits on HS&B (models 8-11 of the reference plan):
# log sigma_i^2 = C_i alpha. Fitted with references/hetmle.R and, independently, nlme::lme with
# varIdent / varExp / varComb; the better optimum (after a Newton polish) is recorded.
# Run from the package root: Rscript references/heterogeneous-references.R
source("references/common.R")
hsb <- read_hsb()
I <- coef_spec

# nlme variance function: varIdent for 0/1 predictors, varExp otherwise; varComb multiplies them.
nlme_weights <- function(des) eval(parse(text = nlme_weights_text(des)))
nlme_weights_text <- function(des) {
  vf <- vapply(seq_along(des$sigma2), function(h) {
    v <- paste0("C", h + 1)
    if (all(des$C[, h + 1] %in% c(0, 1))) paste0("varIdent(form = ~ 1 | ", v, ")")
    else paste0("varExp(form = ~ ", v, ")")
  }, "")
  if (length(vf) == 1) vf else paste0("varComb(", paste(vf, collapse = ", "), ")")
}
# lme fit converted to HLM's parameters: alpha from log sigma_i^2 = 2 lSigma - 2 log w_i (exactly
# linear in nlme's unconstrained variance parameters, so the Jacobian K is exact) and its apVar SEs.
fit_nlme <- function(des, method) {
  df <- design_frame(des)
  ctl <- lmeControl(maxIter = 500, msMaxIter = 500, tolerance = 1e-12, msTol = 1e-14, niterEM = 100)
  t0 <- proc.time()[[3]]
  m <- lme(fixed_formula(des), random = list(g = pdSymm(as.formula(paste("~", random_rhs(des))))),
           data = df, method = if (method == "reml") "REML" else "ML", weights = nlme_weights(des), control = ctl)
  secs <- proc.time()[[3]] - t0
  vs <- m$modelStruct$varStruct
  theta <- c(coef(vs, unconstrained = TRUE), log(m$sigma))
  alpha_of <- function(th) {
    v <- vs; coef(v) <- th[-length(th)]
    qr.solve(des$C, 2 * th[length(th)] - 2 * log(varWeights(v)))
  }
  alpha <- alpha_of(theta)
  K <- sapply(seq_along(theta), function(i) alpha_of(replace(theta, i, theta[i] + 1)) - alpha)
  ap <- m$apVar; nv <- length(theta)
  se <- if (is.matrix(ap)) { k <- nrow(ap) - nv + seq_len(nv); sqrt(diag(K %*% ap[k, k] %*% t(K))) }
        else rep(NA, length(alpha))
  Tm <- unname(as.matrix(getVarCov(m))[seq_len(ncol(des$Z)), seq_len(ncol(des$Z))])
  list(deviance = -2 * as.numeric(logLik(m)), alpha = unname(alpha), se = unname(se), T = Tm,
       gamma = unname(fixef(m)), seconds = secs,
       call = paste0("lme(", deparse(fixed_formula(des), width.cutoff = 500), ", random = list(g = pdSymm(~ ",
                     random_rhs(des), ")), method = '", if (method == "reml") "REML" else "ML",
                     "', weights = ", nlme_weights_text(des), ")"),
       variables = paste0("C", seq_along(des$sigma2) + 1, " = ", des$sigma2, collapse = ", "))
}

heterogeneous_fixture <- function(name, description, des, method, published = NULL, extra = NULL) {
  reml <- method == "reml"
  t0 <- proc.time()[[3]]
  raw <- hetfit(des$y, des$X, des$Z, des$C, des$g, reml = reml)
  het_secs <- proc.time()[[3]] - t0
  nl <- fit_nlme(des, method)
  # Start the polish from whichever optimum is lower.
  start <- if (nl$deviance < raw$deviance) het_par(nl$T, nl$alpha) else raw$par
  pol <- newton_polish(raw$devfun, start)
  best <- hetfit(des$y, des$X, des$Z, des$C, des$g, reml = reml, start = pol$par, optimise = FALSE)
  source <- sprintf("Newton polish of the hetmle.R deviance from the %s optimum (deviance lowered by %.2g)",
                    if (nl$deviance < raw$deviance) "nlme" else "hetmle.R", pol$improvement)
  hom <- fit_lme4(des, method)
  se_exp <- expected_alpha_se(des, best$T, best$alpha, reml)
  apred <- c("INTRCPT1", des$sigma2)
  rel <- function(a, b) abs(a - b) / abs(b)
  write_fixture(name, list(
    description = description, models = arr(des$models), sigma2 = arr(des$sigma2), method = method,
    tool = list(name = "hetmle.R", versions = c(tool_versions(), list(hetmle = "references/hetmle.R")),
                call = paste0("hetfit(y, X, Z, C, g, reml = ", reml, ")"),
                optimum = source,
                note = paste("Estimates at the lowest deviance found by hetmle.R, nlme and a Newton polish of",
                  "the profiled deviance; se = observed information (hetmle.R numerical Hessian),",
                  "seExpected = expected information over (T, alpha), as HLM reports.")),
    N = des$counts$level1Used, J = des$counts$level2Used, counts = des$counts,
    estimates = list(parameters = n_params(des, method, TRUE), deviance = best$deviance,
      gamma = gamma_table(des, best$gamma, best$se_gamma), tau = tau_object(des, best$T),
      alpha = lapply(seq_along(apred), function(h) list(predictor = apred[h], estimate = best$alpha[h],
        se = best$se_alpha[h], seExpected = se_exp[h]))),
    homogeneous = homogeneous_estimates(des, method, hom, "lme4"),
    comparison = list(chiSquare = hom$deviance - best$deviance, df = length(des$sigma2)),
    crossCheck = list(
      hetmle = list(deviance = raw$deviance, alpha = arr(raw$alpha), seAlpha = arr(raw$se_alpha),
                    devianceAboveOptimum = raw$deviance - best$deviance, seconds = het_secs),
      nlme = list(call = nl$call, variables = nl$variables, deviance = nl$deviance, alpha = arr(nl$alpha), seAlpha = arr(nl$se),
                  tau = nl$T, devianceAboveOptimum = nl$deviance - best$deviance, seconds = nl$seconds),
      devianceRelativeDifference = rel(nl$deviance, raw$deviance),
      maxAlphaDifference = max(abs(nl$alpha - raw$alpha)),
      agree = rel(nl$deviance, raw$deviance) < 1e-6 && max(abs(nl$alpha - raw$alpha)) < 1e-4,
      polish = list(iterations = pol$iterations, improvement = pol$improvement,
                    finalGradient = arr(pol$gradient))),
    published = published, timing = extra))
  cat(sprintf("%s: dev %.8f (hetmle %+.2e, nlme %+.2e) alpha %s\n", name, best$deviance,
      raw$deviance - best$deviance, nl$deviance - best$deviance, paste(signif(best$alpha, 8), collapse = " ")))
  invisible(list(best = best, nlme = nl, raw = raw))
}

# 8. The manual's example: FEMALE predicts the level-1 variance; intercept and FEMALE slope random.
des <- build_design(hsb, "MATHACH", list(I(random = TRUE), I("FEMALE", random = TRUE)), sigma2 = "FEMALE")
df8 <- data.frame(MATHACH = des$y, FEMALE = des$C[, 2], ID = factor(des$g))
timing <- list(note = "Informational wall-clock seconds on a shared 2-core machine, ML fit of this model.")
timing$nlme <- system.time(lme(MATHACH ~ FEMALE, random = ~ FEMALE | ID, data = df8, method = "ML",
                               weights = varIdent(form = ~ 1 | FEMALE)))[["elapsed"]]
if (requireNamespace("glmmTMB", quietly = TRUE)) {
  tt <- system.time(tmb <- glmmTMB::glmmTMB(MATHACH ~ FEMALE + (FEMALE | ID), dispformula = ~ FEMALE,
                                            data = df8, REML = FALSE))[["elapsed"]]
  timing$glmmTMB <- list(version = as.character(packageVersion("glmmTMB")), seconds = tt,
    deviance = 2 * tmb$fit$objective,
    convergence = paste("optimizer code", tmb$fit$convergence, "; sdreport pdHess", tmb$sdr$pdHess),
    dispersionCoefficients = arr(unname(glmmTMB::fixef(tmb)$disp)),
    dispersionNote = "glmmTMB's gaussian dispersion model: log(sigma^2) = these coefficients (INTRCPT, FEMALE)")
}
heterogeneous_fixture("hsb-hetero-female-fml",
  "The HLM manual's heterogeneous sigma^2 example: log sigma^2 = alpha0 + alpha1 FEMALE, full ML.", des, "fml",
  published = list(
    source = "HLM manual, 'Model heterogeneity of level-1 variances' (HLM's iterations stop short of the optimum)",
    alpha = arr(c(3.70390, -0.09122)), seAlpha = arr(c(0.024798, 0.034089)),
    hlmDeviance = list(homogeneous = 47049.46273, heterogeneous = 47042.27641),
    hlmDevianceNote = "HLM prints -2 log L - ln(2 pi) in this block; add 1.8378770664 to compare",
    expectedAtOptimum = list(alpha = arr(c(3.704005, -0.091313)), seAlpha = arr(c(0.0248, 0.0341)),
      deviance = list(homogeneous = 47051.30061, heterogeneous = 47044.11270))),
  extra = timing)

# 9. Model 3's equations with categorical variance predictors FEMALE and MINORITY, FML and REML.
l2 <- list(pred("SECTOR"), pred("MEANSES"))
m3 <- list(I(random = TRUE, level2 = l2), I("SES", "group", random = TRUE, level2 = l2))
des <- build_design(hsb, "MATHACH", m3, sigma2 = c("FEMALE", "MINORITY"))
heterogeneous_fixture("hsb-hetero-slopes-as-outcomes-fml",
  "Intercepts- and slopes-as-outcomes (SECTOR, MEANSES; group-centred SES) with log sigma^2 = alpha0 + alpha1 FEMALE + alpha2 MINORITY, full ML.",
  des, "fml")
heterogeneous_fixture("hsb-hetero-slopes-as-outcomes-reml",
  "Intercepts- and slopes-as-outcomes (SECTOR, MEANSES; group-centred SES) with log sigma^2 = alpha0 + alpha1 FEMALE + alpha2 MINORITY, REML.",
  des, "reml")

# 10. A continuous variance predictor: uncentred SES (as stored) with the group-centred SES slope random.
des <- build_design(hsb, "MATHACH", list(I(random = TRUE), I("SES", "group", random = TRUE)), sigma2 = "SES")
heterogeneous_fixture("hsb-hetero-ses-fml",
  "Random intercept and group-centred SES slope with log sigma^2 = alpha0 + alpha1 SES (uncentred, as stored), full ML. nlme: varExp(form = ~SES), alpha1 = 2 t, alpha0 = 2 ln sigma.",
  des, "fml")

# 11. A level-2 variance predictor in the null model.
des <- build_design(hsb, "MATHACH", list(I(random = TRUE)), sigma2 = "SECTOR")
heterogeneous_fixture("hsb-hetero-null-sector-fml",
  "Unconditional model with a level-2 variance predictor: log sigma^2 = alpha0 + alpha1 SECTOR (from the level-2 file), full ML.",
  des, "fml")
