# PQL references (issue 14): MASS::glmmPQL and the same macro iterations run to a tight fixed point, and the
# population-average model (GEE with the unit-specific Tau in the working covariance) computed by hand with
# dense per-unit matrices. Writes Tests/HLMKitTests/Fixtures/PQL/*.json and the small data sets it makes (*.csv).
# Run from the package root: Rscript references/pql-references.R   (R 4.2.2, MASS 7.3, nlme 3.1.162)
suppressPackageStartupMessages({ library(MASS); library(nlme) })
source("references/common.R")
out_dir <- "Tests/HLMKitTests/Fixtures/PQL"

# glmmPQL's macro iterations (its glm start, working outcome zz = eta - o + (y/m - mu) / mu.eta, weights
# wz = m mu.eta^2 / V(mu), lme with varFixed(~1/wz) and method "ML"), run until max |eta - eta_old| < 1e-11
# (or 500 macro iterations: lme's own optimum is accurate to about 1e-7, so eta may keep moving by that much;
# `lastEtaChange` records the last change) instead of glmmPQL's relative rule
# sum (eta - eta_old)^2 < 1e-6 sum eta^2, and lme's optimiser tightened.
pql_tight <- function(rhs, random, fam, d, fixed_sigma, tol = 1e-11, maxit = 500) {
  d$yprop <- d$y / d$m
  fit0 <- glm(as.formula(paste("yprop ~", rhs)), family = fam, data = d, weights = m, offset = off)
  eta <- fit0$linear.predictors
  ctrl <- lmeControl(maxIter = 500, msMaxIter = 500, niterEM = 100, tolerance = 1e-13, msTol = 1e-13,
                     msMaxEval = 5000, returnObject = TRUE)
  if (fixed_sigma) ctrl$sigma <- 1
  for (i in seq_len(maxit)) {
    mu <- fam$linkinv(eta); me <- fam$mu.eta(eta)
    d$zz <- eta + (d$yprop - mu) / me - d$off
    d$invwt <- 1 / (d$m * me^2 / fam$variance(mu))
    fit <- lme(as.formula(paste("zz ~", rhs)), random = random, weights = varFixed(~invwt), method = "ML",
               data = d, control = ctrl)
    etaold <- eta
    eta <- as.numeric(fitted(fit)) + d$off
    if (max(abs(eta - etaold)) < tol) break
  }
  list(fit = fit, iterations = i, d = d, etaChange = max(abs(eta - etaold)))
}

# PQL with each linearised model fitted by REML by hand (random intercept, sigma^2 = 1): tau minimises
# sum_j ln|V_j| + e'V^-1e + ln|X'V^-1X| (V_j = W_j^-1 + tau 1 1', dense) by optimize(), gamma is the GLS, and eta
# = o + X gamma + u_hat, u_hat_j = tau 1'V_j^-1 (y*_j - X_j gamma). nlme's REML with lmeControl(sigma = 1) does
# not minimise this criterion (on Contraception's final working data it gives tau = 0.2121 where the criterion's
# minimum is at 0.2087; its full ML agrees with the criterion), so the REML reference does not use lme.
pql_reml_by_hand <- function(rhs, fam, d, tol = 1e-11, maxit = 500) {
  d$yprop <- d$y / d$m
  eta <- glm(as.formula(paste("yprop ~", rhs)), family = fam, data = d, weights = m, offset = off)$linear.predictors
  X <- model.matrix(as.formula(paste("~", rhs)), d); groups <- split(seq_len(nrow(d)), d$g)
  for (i in seq_len(maxit)) {
    mu <- fam$linkinv(eta); me <- fam$mu.eta(eta)
    ys <- eta + (d$yprop - mu) / me - d$off; v <- 1 / (d$m * me^2 / fam$variance(mu))
    gls <- function(tau) {
      A <- 0; b <- 0; ld <- 0; yy <- 0; Vi <- list()
      for (k in seq_along(groups)) {
        rows <- groups[[k]]; V <- diag(v[rows], length(rows)) + tau
        Vi[[k]] <- solve(V); Xj <- X[rows, , drop = FALSE]
        A <- A + t(Xj) %*% Vi[[k]] %*% Xj; b <- b + t(Xj) %*% Vi[[k]] %*% ys[rows]
        yy <- yy + as.numeric(t(ys[rows]) %*% Vi[[k]] %*% ys[rows]); ld <- ld + as.numeric(determinant(V)$modulus)
      }
      list(A = A, gamma = solve(A, b), Vi = Vi,
           reml = ld + yy - as.numeric(t(b) %*% solve(A, b)) + as.numeric(determinant(A)$modulus))
    }
    tau <- optimize(function(t) gls(t)$reml, c(1e-8, 5), tol = 1e-12)$minimum
    g <- gls(tau); etaold <- eta
    eta <- d$off + as.numeric(X %*% g$gamma)
    for (k in seq_along(groups)) {
      rows <- groups[[k]]
      eta[rows] <- eta[rows] + tau * sum(g$Vi[[k]] %*% (ys[rows] - X[rows, , drop = FALSE] %*% g$gamma))
    }
    if (max(abs(eta - etaold)) < tol) break
  }
  list(gamma = as.numeric(g$gamma), se = sqrt(diag(solve(g$A))), tau = matrix(tau), iterations = i,
       etaChange = max(abs(eta - etaold)))
}

# Population-average model: gamma_PA solves sum_j X_j'V_j^-1 (y*_j - X_j gamma) = 0 with the working outcome
# and weights at eta = o + X gamma (no random effects) and V_j = sigma^2 W_j^-1 + Z_j T Z_j' (T, sigma^2 of the
# unit-specific fit held); robust covariance Phi^-1 [sum_j X_j'V_j^-1 e_j e_j'V_j^-1 X_j] Phi^-1, e_j = y*_j - X_j gamma.
population_average <- function(X, Z, d, fam, Tau, sigma2, gamma) {
  groups <- split(seq_len(nrow(d)), d$g)
  for (it in 1:500) {
    eta <- d$off + as.numeric(X %*% gamma); mu <- fam$linkinv(eta); me <- fam$mu.eta(eta)
    w <- d$m * me^2 / fam$variance(mu)
    ys <- eta - d$off + (d$y / d$m - mu) / me
    A <- matrix(0, ncol(X), ncol(X)); b <- numeric(ncol(X)); scores <- list()
    for (rows in groups) {
      Xj <- X[rows, , drop = FALSE]; Zj <- Z[rows, , drop = FALSE]
      Vi <- solve(diag(sigma2 / w[rows], length(rows)) + Zj %*% Tau %*% t(Zj))
      A <- A + t(Xj) %*% Vi %*% Xj; b <- b + t(Xj) %*% Vi %*% ys[rows]
    }
    new <- as.numeric(solve(A, b)); change <- max(abs(new - gamma)); gamma <- new
    if (change < 1e-12) break
  }
  meat <- matrix(0, ncol(X), ncol(X))
  for (rows in groups) {
    Xj <- X[rows, , drop = FALSE]; Zj <- Z[rows, , drop = FALSE]
    Vi <- solve(diag(sigma2 / w[rows], length(rows)) + Zj %*% Tau %*% t(Zj))
    s <- t(Xj) %*% Vi %*% (ys[rows] - Xj %*% gamma); meat <- meat + s %*% t(s)
  }
  bread <- solve(A)
  list(gamma = gamma, se = sqrt(diag(bread %*% meat %*% bread)), iterations = it)
}

write_case <- function(name, description, csv, id, models, family, trials, exposure, overdispersion,
                       rhs, random_rhs, fam, d, pa = FALSE) {
  d$g <- d[[id]]
  r <- pql_tight(rhs, as.formula(paste("~", random_rhs, "|g")), fam, d, fixed_sigma = !overdispersion)
  fit <- r$fit
  Tau <- as.matrix(getVarCov(fit)); sigma2 <- fit$sigma^2
  out <- list(description = description, data = csv, id = id, models = models, family = family,
              trials = trials, exposure = exposure, overdispersion = overdispersion, method = "fml",
              tool = list(call = paste0("PQL macro iterations as MASS::glmmPQL (lme method 'ML', varFixed(~1/wz)",
                                        if (!overdispersion) ", lmeControl(sigma = 1)" else "",
                                        ") until max |eta change| < 1e-11"),
                          macroIterations = r$iterations, lastEtaChange = r$etaChange,
                          versions = tool_versions()),
              estimates = list(gamma = arr(as.numeric(fixef(fit))), se = arr(as.numeric(sqrt(diag(vcov(fit))))),
                               tau = unname(Tau), sigma2 = sigma2))
  # glmmPQL itself, as called by users (its own stopping rule), for comparison.
  gcall <- do.call(glmmPQL, list(
    fixed = as.formula(paste("yprop ~", rhs, if (!all(d$off == 0)) "+ offset(off)" else "")),
    random = as.formula(paste("~", random_rhs, "|g")), family = fam, data = transform(d, yprop = y / m),
    weights = d$m, verbose = FALSE, control = if (!overdispersion) lmeControl(sigma = 1) else lmeControl()))
  out$glmmPQL <- list(gamma = arr(as.numeric(fixef(gcall))), se = arr(as.numeric(sqrt(diag(vcov(gcall))))),
                      tau = unname(as.matrix(getVarCov(gcall))), sigma2 = gcall$sigma^2)
  if (pa) {
    X <- model.matrix(as.formula(paste("~", rhs)), d); Z <- model.matrix(as.formula(paste("~", random_rhs)), d)
    p <- population_average(X, Z, d, fam, Tau, sigma2, as.numeric(fixef(fit)))
    out$populationAverage <- list(gamma = arr(p$gamma), robustSE = arr(p$se), iterations = p$iterations)
  }
  path <- file.path(out_dir, paste0(name, ".json"))
  writeLines(to_json(c(list(name = name), out)), path)
  cat("wrote", path, "\n")
  print(out$estimates)
}

# ---- Contraception (issue 14's acceptance numbers) -------------------------------------------------------
con <- read.csv("data/contraception.csv")
con$y <- con$USE; con$m <- 1; con$off <- 0
write_case("contraception-pql", "Contraception, USE = INTRCPT1 + URBAN + AGE + LIV, random intercept, sigma^2 = 1",
           "data/contraception.csv", "DISTRICT",
           c("USE = INTRCPT1 + URBAN + AGE + LIV", "INTRCPT1 = INTRCPT2 + random", "URBAN = INTRCPT2",
             "AGE = INTRCPT2", "LIV = INTRCPT2"),
           "bernoulli", NULL, NULL, FALSE, "URBAN + AGE + LIV", "1", binomial(), con, pa = TRUE)

con$g <- con$DISTRICT
r <- pql_reml_by_hand("URBAN + AGE + LIV", binomial(), con)
writeLines(to_json(list(name = "contraception-pql-reml",
  description = "Contraception as above, each linearised model fitted by REML (by hand: pql_reml_by_hand)",
  data = "data/contraception.csv", id = "DISTRICT",
  models = c("USE = INTRCPT1 + URBAN + AGE + LIV", "INTRCPT1 = INTRCPT2 + random", "URBAN = INTRCPT2",
             "AGE = INTRCPT2", "LIV = INTRCPT2"),
  family = "bernoulli", overdispersion = FALSE, method = "reml",
  tool = list(call = "pql_reml_by_hand: dense REML per macro iteration until max |eta change| < 1e-11",
              macroIterations = r$iterations, lastEtaChange = r$etaChange, versions = tool_versions()),
  estimates = list(gamma = arr(r$gamma), se = arr(r$se), tau = r$tau, sigma2 = 1))),
  file.path(out_dir, "contraception-pql-reml.json"))
print(r)

# ---- made data sets ----------------------------------------------------------------------------------------
set.seed(20261201)
# Bernoulli with a random intercept and a random slope: 40 units of 8 to 20 rows.
n <- sample(8:20, 40, replace = TRUE); g <- rep(seq_along(n), n)
u <- MASS::mvrnorm(40, c(0, 0), matrix(c(0.6, 0.15, 0.15, 0.3), 2))
x <- round(rnorm(sum(n)), 3)
eta <- -0.3 + 0.8 * x + u[g, 1] + u[g, 2] * x
slope <- data.frame(ID = g, Y = rbinom(sum(n), 1, plogis(eta)), X = x)
write.csv(slope, file.path(out_dir, "pql-slope.csv"), row.names = FALSE)
slope$y <- slope$Y; slope$m <- 1; slope$off <- 0
write_case("slope-pql", "Bernoulli, random intercept and random slope of X", "pql-slope.csv", "ID",
           c("Y = INTRCPT1 + X", "INTRCPT1 = INTRCPT2 + random", "X = INTRCPT2 + random"),
           "bernoulli", NULL, NULL, FALSE, "X", "X", binomial(), slope, pa = TRUE)

# Binomial with trials: 35 units of 6 rows, 1 to 12 trials.
g <- rep(1:35, each = 6); x <- round(rnorm(210), 3); m <- sample(1:12, 210, replace = TRUE)
eta <- 0.2 + 0.5 * x + rnorm(35, 0, sqrt(0.4))[g]
binom <- data.frame(ID = g, SUCC = rbinom(210, m, plogis(eta)), TRIALS = m, X = x)
write.csv(binom, file.path(out_dir, "pql-binomial.csv"), row.names = FALSE)
binom$y <- binom$SUCC; binom$m <- binom$TRIALS; binom$off <- 0
write_case("binomial-pql", "Binomial with trials, random intercept", "pql-binomial.csv", "ID",
           c("SUCC = INTRCPT1 + X", "INTRCPT1 = INTRCPT2 + random", "X = INTRCPT2"),
           "binomial", "TRIALS", NULL, FALSE, "X", "1", binomial(), binom)

# Poisson with exposure: 30 units of 8 rows, exposure 0.5 to 4 (ln exposure the offset).
g <- rep(1:30, each = 8); x <- round(rnorm(240), 3); e <- round(runif(240, 0.5, 4), 2)
eta <- log(e) + 0.3 + 0.4 * x + rnorm(30, 0, 0.5)[g]
pois <- data.frame(ID = g, COUNT = rpois(240, exp(eta)), EXPOSURE = e, X = x)
write.csv(pois, file.path(out_dir, "pql-poisson.csv"), row.names = FALSE)
pois$y <- pois$COUNT; pois$m <- 1; pois$off <- log(pois$EXPOSURE)
write_case("poisson-pql", "Poisson with exposure (ln exposure offset), random intercept", "pql-poisson.csv", "ID",
           c("COUNT = INTRCPT1 + X", "INTRCPT1 = INTRCPT2 + random", "X = INTRCPT2"),
           "poisson", NULL, "EXPOSURE", FALSE, "X", "1", poisson(), pois)

# Over-dispersed counts (negative binomial, size 2) with exposure: sigma^2 estimated (glmmPQL's default).
g <- rep(1:30, each = 8); x <- round(rnorm(240), 3); e <- round(runif(240, 0.5, 4), 2)
eta <- log(e) + 0.5 + 0.3 * x + rnorm(30, 0, 0.5)[g]
od <- data.frame(ID = g, COUNT = rnbinom(240, size = 2, mu = exp(eta)), EXPOSURE = e, X = x)
write.csv(od, file.path(out_dir, "pql-overdispersed.csv"), row.names = FALSE)
od$y <- od$COUNT; od$m <- 1; od$off <- log(od$EXPOSURE)
write_case("overdispersion-pql", "Over-dispersed counts with exposure, sigma^2 estimated", "pql-overdispersed.csv",
           "ID", c("COUNT = INTRCPT1 + X", "INTRCPT1 = INTRCPT2 + random", "X = INTRCPT2"),
           "poisson", NULL, "EXPOSURE", TRUE, "X", "1", poisson(), od)
