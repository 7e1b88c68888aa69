# Reference fits of generalized linear mixed models (Laplace and adaptive Gauss-Hermite quadrature) for the
# HGLM tests: glmer (lme4) and glmmTMB, and a brute-force integration of a two-random-effect model.
# Run from the package root: Rscript references/glmer-references.R  (about 1 minute)
# Writes Tests/HLMKitTests/Fixtures/Generalized/glmm-references.json and, with set.seed, the small data sets
# Tests/HLMKitTests/Fixtures/Data/glmm-{binomial,poisson,slopes}.csv (re-running reproduces them).
# Contraception is data/contraception.csv (mlmRev's Contraception as the HGLM issue
# describes it). Produced with R 4.2.2, lme4 1.1.31, glmmTMB 1.1.5.
suppressPackageStartupMessages({ library(lme4); library(glmmTMB); library(jsonlite) })
data_dir <- "Tests/HLMKitTests/Fixtures/Data"
out <- "Tests/HLMKitTests/Fixtures/Generalized/glmm-references.json"

# glmer with a tight PIRLS tolerance (tolPwrss = 1e-12): with the default (1e-7) the units' modes, and so the
# Laplace deviance and its finite-difference Hessian, are inexact by about 1e-4 (the issue's Laplace SEs differ
# from the exact Laplace approximation's by up to 1.7e-4; its AGQ numbers are unaffected).
tight <- glmerControl(tolPwrss = 1e-12, optimizer = "bobyqa", optCtrl = list(rhoend = 1e-12))
vech <- function(m) m[lower.tri(m, diag = TRUE)]
# With nAGQ > 1, glmer's logLik leaves out the saturated model's log-likelihood (it sums deviance residuals): 0
# for a 0/1 outcome, but not for binomial counts or Poisson counts. `saturated` = -2 sum ln p(y | mu = y) is
# added back so that `deviance` is -2 log L with all constants, as glmer's Laplace and glmmTMB report it.
glmer_case <- function(name, formula, data, family, nAGQ, control = tight, saturated = 0) {
  f <- glmer(formula, data = data, family = family, nAGQ = nAGQ, control = control)
  list(name = name, tool = sprintf("glmer nAGQ = %d%s", nAGQ, if (identical(control, tight)) ", tolPwrss = 1e-12" else ""),
       gamma = I(unname(fixef(f))), se = I(unname(sqrt(diag(as.matrix(vcov(f)))))),
       tau = I(vech(as.matrix(VarCorr(f)[[1]]))),
       deviance = as.numeric(-2 * logLik(f)) + if (nAGQ > 1) saturated else 0)
}
tmb_case <- function(name, formula, data, family) {
  f <- glmmTMB(formula, data = data, family = family)
  list(name = name, tool = "glmmTMB (Laplace)", gamma = I(unname(fixef(f)$cond)),
       se = I(unname(sqrt(diag(vcov(f)$cond)))), tau = I(vech(as.matrix(VarCorr(f)$cond[[1]]))),
       deviance = as.numeric(-2 * logLik(f)))
}

# ---- data ----------------------------------------------------------------------------------------
contraception <- read.csv("data/contraception.csv")

set.seed(20261201)
# Binomial with trials: 40 units x 6 rows, m in 1..12, logit = -0.5 + 0.8 x + u, tau = 0.5.
units <- rep(1:40, each = 6); x <- round(rnorm(240), 3); m <- sample(1:12, 240, replace = TRUE)
u <- rnorm(40, sd = sqrt(0.5))[units]
binomial_data <- data.frame(ID = units, X = x, M = m, Y = rbinom(240, m, plogis(-0.5 + 0.8 * x + u)))
write.csv(binomial_data, file.path(data_dir, "glmm-binomial.csv"), row.names = FALSE)

# Poisson with exposure: 30 units x 8 rows, log rate = 0.3 - 0.6 x + u, exposure in (0.5, 3), tau = 0.4.
units <- rep(1:30, each = 8); x <- round(runif(240, -1, 1), 3); e <- round(runif(240, 0.5, 3), 2)
u <- rnorm(30, sd = sqrt(0.4))[units]
poisson_data <- data.frame(ID = units, X = x, E = e, Y = rpois(240, e * exp(0.3 - 0.6 * x + u)))
write.csv(poisson_data, file.path(data_dir, "glmm-poisson.csv"), row.names = FALSE)

# Bernoulli with a random intercept and slope: 25 units x 12 rows, logit = 0.2 + 0.7 x + u0 + u1 x,
# Tau = [[0.8, 0.2], [0.2, 0.5]] (small, for the brute-force integration).
units <- rep(1:25, each = 12); x <- round(rnorm(300), 3)
uu <- MASS::mvrnorm(25, c(0, 0), matrix(c(0.8, 0.2, 0.2, 0.5), 2))
slopes_data <- data.frame(ID = units, X = x,
                          Y = rbinom(300, 1, plogis(0.2 + 0.7 * x + uu[units, 1] + uu[units, 2] * x)))
write.csv(slopes_data, file.path(data_dir, "glmm-slopes.csv"), row.names = FALSE)

# ---- fits ----------------------------------------------------------------------------------------
contraception_model <- USE ~ URBAN + AGE + LIV + (1 | DISTRICT)
cases <- list(
  glmer_case("contraception-laplace", contraception_model, contraception, binomial, 1),
  glmer_case("contraception-agq25", contraception_model, contraception, binomial, 25),
  glmer_case("contraception-urban-slope-laplace", USE ~ URBAN + AGE + LIV + (1 + URBAN | DISTRICT),
             contraception, binomial, 1),
  tmb_case("contraception-urban-slope-glmmTMB", USE ~ URBAN + AGE + LIV + (1 + URBAN | DISTRICT),
           contraception, binomial),
  glmer_case("binomial-laplace", cbind(Y, M - Y) ~ X + (1 | ID), binomial_data, binomial, 1),
  glmer_case("binomial-agq9", cbind(Y, M - Y) ~ X + (1 | ID), binomial_data, binomial, 9,
             saturated = -2 * sum(dbinom(binomial_data$Y, binomial_data$M, binomial_data$Y / binomial_data$M, log = TRUE))),
  glmer_case("poisson-laplace", Y ~ X + offset(log(E)) + (1 | ID), poisson_data, poisson, 1),
  glmer_case("poisson-agq9", Y ~ X + offset(log(E)) + (1 | ID), poisson_data, poisson, 9,
             saturated = -2 * sum(dpois(poisson_data$Y, poisson_data$Y, log = TRUE))),
  tmb_case("poisson-glmmTMB", Y ~ X + offset(log(E)) + (1 | ID), poisson_data, poisson),
  glmer_case("slopes-laplace", Y ~ X + (1 + X | ID), slopes_data, binomial, 1)
)

# ---- brute-force integration of the two-random-effect model ------------------------------------------
# -2 ln L at fixed (gamma, Tau): each unit's integral of p(y_j | u) N(u; 0, Tau) over u in R^2 by the
# midpoint rule on a 601 x 601 grid over +-8 standard deviations of the prior in each (whitened) direction:
# u = L w, w on the grid, so the integrand is p(y | L w) phi(w1) phi(w2). None of the Swift formulas is used.
brute_force <- function(data, gamma, tau, n = 601, width = 8) {
  L <- t(chol(tau)); w <- seq(-width, width, length.out = n); dw <- w[2] - w[1]
  W <- as.matrix(expand.grid(w1 = w, w2 = w)); U <- W %*% t(L)
  prior <- dnorm(W[, 1]) * dnorm(W[, 2]) * dw^2
  total <- 0
  for (j in unique(data$ID)) {
    d <- data[data$ID == j, ]
    eta <- outer(gamma[1] + gamma[2] * d$X, rep(1, nrow(U))) + outer(rep(1, nrow(d)), U[, 1]) + outer(d$X, U[, 2])
    logp <- colSums(d$Y * eta - log1p(exp(eta)))
    top <- max(logp)
    total <- total - 2 * (top + log(sum(exp(logp - top) * prior)))
  }
  total
}
slopes_point <- list(gamma = c(0.25, 0.6), tau = matrix(c(0.9, 0.25, 0.25, 0.6), 2))
slopes_brute <- list(gamma = slopes_point$gamma, tau = vech(slopes_point$tau),
                     deviance = brute_force(slopes_data, slopes_point$gamma, slopes_point$tau),
                     deviance_coarser = brute_force(slopes_data, slopes_point$gamma, slopes_point$tau, n = 401))

# ---- cluster-robust (sandwich) SEs of the Laplace fit ----------------------------------------------
# Each district's Laplace term D_j(gamma, theta) = 2 f_j(v_hat) + ln(1 + theta^2 sum_i w_i), f_j(v) =
# -sum_i [y_i eta_i - ln(1 + e^eta_i)] + v^2 / 2, eta = X gamma + theta v, its mode by optimize() to 1e-12;
# G = the Jacobian of (D_1, ..., D_J) by numDeriv (Richardson), H = the Hessian of sum_j D_j by numDeriv, both at
# the tight glmer estimates; robust Cov(gamma) = the gamma block of H^-1 G'G H^-1.
unit_laplace <- function(par, X, y) {
  gamma <- par[-1]; theta <- par[1]; base <- drop(X %*% gamma)
  f <- function(v) -sum(y * (base + theta * v) - log1p(exp(base + theta * v))) + v^2 / 2
  v <- optimize(f, c(-20, 20), tol = 1e-12)$minimum
  mu <- plogis(base + theta * v)
  2 * f(v) + log(1 + theta^2 * sum(mu * (1 - mu)))
}
robust_case <- function(name, formula, data) {
  f <- glmer(formula, data = data, family = binomial, control = tight)
  X <- getME(f, "X"); y <- getME(f, "y"); groups <- split(seq_len(nrow(X)), getME(f, "flist")[[1]])
  par <- c(getME(f, "theta"), fixef(f))
  unit_terms <- function(p) vapply(groups, function(rows) unit_laplace(p, X[rows, , drop = FALSE], y[rows]), 0)
  G <- numDeriv::jacobian(unit_terms, par)
  H <- numDeriv::hessian(function(p) sum(unit_terms(p)), par)
  bread <- solve(H)
  robust <- (bread %*% crossprod(G) %*% bread)[-1, -1]
  list(name = name, tool = "sandwich of the per-unit Laplace terms (numDeriv)", se = I(unname(sqrt(diag(robust)))),
       modelSe = I(unname(sqrt(diag(2 * bread))[-1])))
}
robust <- list(robust_case("contraception-laplace", contraception_model, contraception))

writeLines(toJSON(list(cases = cases, bruteForce = slopes_brute, robust = robust,
                       versions = list(R = paste(R.version$major, R.version$minor, sep = "."),
                                       lme4 = as.character(packageVersion("lme4")),
                                       glmmTMB = as.character(packageVersion("glmmTMB")))),
                  auto_unbox = TRUE, digits = NA, pretty = TRUE), out)
cat("wrote", out, "\n")
