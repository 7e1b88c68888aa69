# Reference numbers for the inference stage (robust SEs, variance-component chi-square tests, reliabilities,
# homogeneity test, Wald tests, EB residuals), computed by dense per-unit algebra at the lme4 / hetmle.R
# estimates, with clubSandwich's CR0 as a second source for the robust SEs of homogeneous models; standard
# errors of (vech T, sigma^2 or alpha) from the dense expected information (common.R); lmerTest's
# Satterthwaite df (lmerTest 3.1.3) for homogeneous models.
# Run from the package root: Rscript references/inference-references.R
source("references/common.R")
suppressPackageStartupMessages({ library(clubSandwich) })
fixture_dir <- "Tests/HLMKitTests/Fixtures/Inference"
hsb <- read_hsb()
I <- coef_spec

# Everything at (gamma, T, sigma^2_i): V_j = Z T Z' + diag(s2), dense solves per unit.
inference_at <- function(des, gamma, Tm, s2, tests = list(), min_df = 10, eb_units = 1:3) {
  p <- ncol(des$X)
  units <- split(seq_along(des$y), factor(des$g, levels = unique(des$g)))
  l1 <- which(des$xnames[, 2] == "INTRCPT2"); names1 <- des$xnames[l1, 1]
  zq <- match(des$znames, names1)
  A <- matrix(0, p, p); B <- matrix(0, p, p)
  chi <- numeric(length(zq)); rel <- numeric(length(zq)); used <- 0
  logs2 <- c(); fdf <- c(); eb <- list()
  for (j in seq_along(units)) {
    i <- units[[j]]; Xj <- des$X[i, , drop = FALSE]; Zj <- des$Z[i, , drop = FALSE]; yj <- des$y[i]
    Vj <- Zj %*% Tm %*% t(Zj) + diag(s2[i], length(i))
    e <- yj - Xj %*% gamma; ViX <- solve(Vj, Xj)
    A <- A + t(Xj) %*% ViX; s <- t(ViX) %*% e; B <- B + s %*% t(s)
    X1 <- Xj[, l1, drop = FALSE]; w <- 1 / s2[i]
    if (qr(X1)$rank == ncol(X1)) {
      V <- solve(crossprod(X1 * sqrt(w))); b <- V %*% crossprod(X1, w * yj)
      for (r in seq_along(zq)) {
        q <- zq[r]; fe <- which(des$xnames[, 1] == names1[q]); k <- which.max(abs(X1[, q]))
        predicted <- sum(Xj[k, fe] / X1[k, q] * gamma[fe])
        chi[r] <- chi[r] + (b[q] - predicted)^2 / V[q, q]
        rel[r] <- rel[r] + Tm[r, r] / (Tm[r, r] + V[q, q])
      }
      used <- used + 1
    }
    ols <- lm.fit(X1, yj); f <- length(i) - ols$rank; rss <- sum(ols$residuals^2)
    if (f >= min_df && rss > 0) { logs2 <- c(logs2, log(rss / f)); fdf <- c(fdf, f) }
    if (j %in% eb_units) {
      TZ <- Tm %*% t(Zj)
      eb[[length(eb) + 1]] <- list(unit = as.character(des$g[i[1]]), mean = arr(TZ %*% solve(Vj, e)),
                                   covariance = Tm - TZ %*% solve(Vj, t(TZ)))
    }
  }
  model <- solve(A); robust <- model %*% B %*% model
  pooled <- sum(fdf * logs2) / sum(fdf); H <- sum((logs2 - pooled)^2 / (2 / fdf))
  df_q <- sapply(zq, function(q) used - sum(des$xnames[, 1] == names1[q]))
  wald <- lapply(tests, function(t) {
    d <- t$C %*% gamma
    stat <- function(S) drop(t(d) %*% solve(t$C %*% S %*% t(t$C), d))
    list(hypothesis = t$text, df = nrow(t$C), chiSquare = stat(model), p = pchisq(stat(model), nrow(t$C), lower.tail = FALSE),
         robustChiSquare = stat(robust), robustP = pchisq(stat(robust), nrow(t$C), lower.tail = FALSE))
  })
  list(robustSE = arr(sqrt(diag(robust))), modelSE = arr(sqrt(diag(model))), olsUnits = used,
       varianceComponents = lapply(seq_along(zq), function(r) list(coefficient = des$znames[r], df = df_q[r],
         chiSquare = chi[r], p = pchisq(chi[r], df_q[r], lower.tail = FALSE))),
       reliability = lapply(seq_along(zq), function(r) list(coefficient = des$znames[r], estimate = rel[r] / used)),
       homogeneity = list(minimumDF = min_df, unitsUsed = length(fdf), df = length(fdf) - 1, chiSquare = H,
                          p = pchisq(H, length(fdf) - 1, lower.tail = FALSE)),
       waldTests = wald, ebResiduals = eb)
}

inference_fixture <- function(name, description, des, method, tests = list(), hetero = FALSE) {
  if (hetero) {
    fit <- hetfit(des$y, des$X, des$Z, des$C, des$g, reml = method == "reml")
    pol <- newton_polish(fit$devfun, fit$par)
    fit <- hetfit(des$y, des$X, des$Z, des$C, des$g, reml = method == "reml", start = pol$par, optimise = FALSE)
    s2 <- exp(drop(des$C %*% fit$alpha)); gamma <- fit$gamma; Tm <- fit$T; tool <- "hetmle.R + Newton polish"
    estimates <- list(gamma = arr(gamma), alpha = arr(fit$alpha))
  } else {
    fit <- fit_lme4(des, method)
    s2 <- rep(fit$sigma2, length(des$y)); gamma <- fit$gamma; Tm <- fit$T; tool <- "lme4"
    estimates <- list(gamma = arr(gamma), sigma2 = fit$sigma2)
  }
  out <- inference_at(des, gamma, Tm, s2, tests)
  alpha <- if (hetero) fit$alpha else log(fit$sigma2)
  se <- sqrt(diag(solve(expected_information(des, Tm, alpha, method == "reml"))))
  q <- ncol(des$Z); nt <- q * (q + 1) / 2
  if (!hetero) se[nt + 1] <- fit$sigma2 * se[nt + 1]
  out$covarianceSE <- arr(se)
  if (!hetero) {
    m <- lmerTest::lmer(as.formula(paste(deparse(fixed_formula(des), width.cutoff = 500), "+ (", random_rhs(des), "| g)")),
              data = design_frame(des), REML = method == "reml",
              control = lmerControl(optimizer = "bobyqa", optCtrl = list(rhoend = 1e-12, maxfun = 1e5)))
    out$clubSandwichCR0 <- arr(sqrt(diag(as.matrix(vcovCR(m, cluster = des$g, type = "CR0")))))
    out$satterthwaiteDF <- arr(unname(summary(m, ddf = "Satterthwaite")$coefficients[, "df"]))
  }
  write_fixture(name, c(list(description = description, models = arr(des$models), sigma2 = arr(des$sigma2),
    method = method, tool = tool, estimates = estimates), out))
}

contrast <- function(text, des, rows) {
  labels <- paste(des$xnames[, 1], des$xnames[, 2], sep = "/")
  C <- t(sapply(rows, function(r) { v <- numeric(length(labels)); v[match(names(r), labels)] <- r; v }))
  list(text = text, C = C)
}

des <- build_design(hsb, "MATHACH", list(I(random = TRUE)))
inference_fixture("hsb-null-reml", "Unconditional model, REML.", des, "reml")

des <- build_design(hsb, "MATHACH", list(I(random = TRUE), I("FEMALE", random = TRUE)))
inference_fixture("hsb-female-slope-reml", "Random intercept and random FEMALE slope, REML.", des, "reml")

l2 <- list(pred("SECTOR"), pred("MEANSES"))
des <- build_design(hsb, "MATHACH", list(I(random = TRUE, level2 = l2), I("SES", "group", random = TRUE, level2 = l2)))
inference_fixture("hsb-slopes-as-outcomes-reml", "Intercepts- and slopes-as-outcomes, REML.", des, "reml",
  tests = list(contrast("INTRCPT1/SECTOR = 0; SES/SECTOR = 0", des,
                        list(c("INTRCPT1/SECTOR" = 1), c("SES/SECTOR" = 1))),
               contrast("INTRCPT1/MEANSES - SES/MEANSES = 0", des,
                        list(c("INTRCPT1/MEANSES" = 1, "SES/MEANSES" = -1)))))

des <- build_design(hsb, "MATHACH", list(I(random = TRUE), I("FEMALE", random = TRUE)), sigma2 = "FEMALE")
inference_fixture("hsb-hetero-female-fml", "log sigma^2 = alpha0 + alpha1 FEMALE, random FEMALE slope, full ML.",
                  des, "fml", hetero = TRUE)
