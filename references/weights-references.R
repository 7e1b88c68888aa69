# Design weights (HLM's level-1 and level-2 weights): pseudo-maximum likelihood reference fits
# (Pfeffermann et al. 1998; Rabe-Hesketh & Skrondal 2006) on a simulated two-stage sample with informative
# selection, computed independently of hlm's formulas: each unit's pseudo-log-likelihood
#   l_j = log integral prod_i N(y_ij; x_ij'gamma + z_ij'u, sigma^2_ij)^(a_ij) N(u; 0, T) du
# by adaptive Gauss-Hermite quadrature over the random effects (mode and curvature of the integrand found by
# finite differences, 10 points per dimension; the integrand is Gaussian in u, so the rule is exact), the weighted sum sum_j b_j l_j maximised with nlminb, and
# the sandwich standard errors of gamma from numerical derivatives of the units' contributions
# (bread = -d^2/dgamma^2 sum_j b_j l_j at the estimated T and sigma^2, meat = sum_j s_j s_j',
# s_j = d(b_j l_j)/dgamma: HLM's robust SEs with weights). The full sandwich over all parameters
# (Stata's mixed with pweights) is written too, for comparison.
#
# Level-1 weights a_ij are scaled to sum to n_j within each unit (HLM's default) or left raw; level-2
# weights b_j are scaled to sum to J. Writes Tests/HLMKitTests/Fixtures/Weights/: the data set
# (weights-level1.csv, weights-level2.csv, raw weights) and one JSON file per model.
# Run from the package root: Rscript references/weights-references.R   (about 5 minutes of CPU)
suppressPackageStartupMessages({ library(numDeriv); library(jsonlite); library(lme4) })
out_dir <- "Tests/HLMKitTests/Fixtures/Weights"
dir.create(out_dir, showWarnings = FALSE, recursive = TRUE)

# ---- Data: a population of 200 units x 30 rows, sampled with probabilities that depend on u_j and e_ij ----
set.seed(20261201)
J_pop <- 200; n_pop <- 30
u0 <- rnorm(J_pop, 0, 1.2); u1 <- rnorm(J_pop, 0, 0.5); W <- round(rnorm(J_pop), 3)
pop <- data.frame(ID = rep(seq_len(J_pop), each = n_pop))
pop$X <- round(rnorm(nrow(pop)), 3)
pop$G <- rbinom(nrow(pop), 1, 0.5)
e <- rnorm(nrow(pop), 0, sqrt(4 * exp(0.6 * pop$G)))
pop$Y <- round(50 + 1.5 * W[pop$ID] + (2 + u1[pop$ID]) * pop$X + u0[pop$ID] + e, 3)
p_unit <- plogis(-1.2 + 0.9 * u0)                     # units with large u0 are over-sampled
p_row <- plogis(-0.8 + 0.5 * e / 2)                    # rows with large e are over-sampled
take_unit <- runif(J_pop) < p_unit
take_row <- runif(nrow(pop)) < p_row & take_unit[pop$ID]
sample1 <- pop[take_row, ]
sample1$W1 <- round(1 / p_row[take_row], 4)
units <- sort(unique(sample1$ID))
level2 <- data.frame(ID = units, W = W[units], W2 = round(1 / p_unit[units], 4))
write.csv(sample1[, c("ID", "X", "G", "Y", "W1")], file.path(out_dir, "weights-level1.csv"), row.names = FALSE,
          quote = FALSE)
write.csv(level2, file.path(out_dir, "weights-level2.csv"), row.names = FALSE, quote = FALSE)
d <- merge(sample1, level2, by = "ID")
d <- d[order(d$ID), ]

# ---- Gauss-Hermite rule (Golub-Welsch) for weight exp(-z^2) ----
gauss_hermite <- function(n) {
  b <- sqrt(seq_len(n - 1) / 2)
  e <- eigen(diag(0, n) + { m <- matrix(0, n, n); m[cbind(1:(n - 1), 2:n)] <- b; m[cbind(2:n, 1:(n - 1))] <- b; m },
             symmetric = TRUE)
  list(z = e$values, w = sqrt(pi) * e$vectors[1, ]^2)
}
gh <- gauss_hermite(10)

# ---- One unit's pseudo-log-likelihood by adaptive quadrature ----
# unit: list(y, X, Z, C, a); gamma, T (q x q), alpha. log_integrand(U) evaluates
# h(u) = sum_i a_i ln N(y_i; x_i'gamma + z_i'u, sigma^2_i) + ln N(u; 0, T) at the columns of U. h is quadratic in u,
# so central differences (steps sqrt(T_kk)) give its gradient and Hessian at 0 exactly (up to rounding) and one Newton
# step its mode; the quadrature then runs on the posterior's scale (adaptive Gauss-Hermite).
unit_pll <- function(unit, gamma, T, alpha) {
  q <- ncol(unit$Z); mu <- drop(unit$X %*% gamma); s <- sqrt(exp(drop(unit$C %*% alpha)))
  Tinv <- solve(T); ldT <- determinant(T)$modulus[1]
  h <- function(U) {
    U <- as.matrix(U)
    M <- mu + unit$Z %*% U
    colSums(unit$a * matrix(dnorm(unit$y, M, s, log = TRUE), nrow(M))) -
      0.5 * (q * log(2 * pi) + ldT + colSums(U * (Tinv %*% U)))
  }
  step <- sqrt(diag(T)); E <- diag(step, q); h0 <- h(rep(0, q))
  g <- (h(E) - h(-E)) / (2 * step)
  H <- matrix(0, q, q)
  for (k in 1:q) for (l in 1:q) {
    H[k, l] <- if (k == l) (h(E[, k]) + h(-E[, k]) - 2 * h0) / step[k]^2
               else (h(E[, k] + E[, l]) - h(E[, k] - E[, l]) - h(-E[, k] + E[, l]) + h(-E[, k] - E[, l])) /
                 (4 * step[k] * step[l])
  }
  mode <- -solve(H, g)
  S <- tryCatch(t(chol(solve(-H))), error = function(e) NULL)   # posterior scale
  if (is.null(S)) return(-Inf)                                   # a trial point nlminb steps back from
  grid <- as.matrix(expand.grid(rep(list(seq_along(gh$z)), q)))
  Zn <- matrix(gh$z[grid], ncol = q); w <- apply(matrix(gh$w[grid], ncol = q), 1, prod)
  hm <- h(mode)
  values <- h(mode + sqrt(2) * S %*% t(Zn)) - hm + rowSums(Zn^2)
  hm + log(sum(w * exp(values))) + 0.5 * q * log(2) + sum(log(diag(S)))
}

# ---- Model set-up ----
make_units <- function(model) {
  lapply(split(seq_len(nrow(d)), d$ID), function(rows) {
    dd <- d[rows, ]
    a <- if (model$level1 == "size") dd$W1 * nrow(dd) / sum(dd$W1) else dd$W1
    list(y = dd$Y, X = model$X(dd), Z = model$Z(dd), C = model$C(dd), a = a, b = dd$W2[1])
  })
}
vech_T <- function(T) T[lower.tri(T, diag = TRUE)]
T_of_vech <- function(v, q) { T <- matrix(0, q, q); T[lower.tri(T, diag = TRUE)] <- v; T + t(T) - diag(diag(T), q) }
T_of_chol <- function(v, q) { L <- matrix(0, q, q); L[lower.tri(L, diag = TRUE)] <- v; diag(L) <- exp(diag(L)); L %*% t(L) }

fit_model <- function(name, model, start) {
  units <- make_units(model)
  J <- length(units); b <- sapply(units, `[[`, "b"); b <- b * J / sum(b)
  p <- ncol(units[[1]]$X); q <- ncol(units[[1]]$Z); h <- ncol(units[[1]]$C); nt <- q * (q + 1) / 2
  split_par <- function(par) list(gamma = par[1:p], T = T_of_chol(par[p + 1:nt], q), alpha = par[p + nt + 1:h])
  contributions <- function(gamma, T, alpha) sapply(seq_len(J), function(j) b[j] * unit_pll(units[[j]], gamma, T, alpha))
  objective <- function(par) { s <- split_par(par); -sum(contributions(s$gamma, s$T, s$alpha)) }
  t0 <- proc.time()[[3]]
  opt <- nlminb(start, objective, control = list(eval.max = 3000, iter.max = 1000, rel.tol = 1e-13))
  par <- opt$par
  # One Newton polish on Richardson-extrapolated derivatives.
  par <- par - solve(numDeriv::hessian(objective, par, method.args = list(r = 2)),
                     numDeriv::grad(objective, par, method.args = list(r = 2)))
  s <- split_par(par)
  # Natural parameters (gamma, vech T, alpha) for the derivatives of the units' contributions.
  natural <- c(s$gamma, vech_T(s$T), s$alpha)
  unit_natural <- function(j) function(th) b[j] * unit_pll(units[[j]], th[1:p], T_of_vech(th[p + 1:nt], q), th[p + nt + 1:h])
  scores <- t(sapply(seq_len(J), function(j) numDeriv::grad(unit_natural(j), natural, method.args = list(r = 2))))
  total <- function(th) sum(sapply(seq_len(J), function(j) unit_natural(j)(th)))
  hessian <- numDeriv::hessian(total, natural, method.args = list(r = 2))
  meat <- crossprod(scores)
  gb <- solve(-hessian[1:p, 1:p]); gamma_sandwich <- gb %*% meat[1:p, 1:p] %*% gb
  fb <- solve(-hessian); full_sandwich <- fb %*% meat %*% fb
  secs <- proc.time()[[3]] - t0
  a_all <- unlist(lapply(units, `[[`, "a"))
  n_j <- sapply(units, function(u) length(u$y))
  fx <- list(
    name = name, description = model$description,
    level1Normalisation = model$level1, equations = I(model$equations),
    deviance = -2 * sum(contributions(s$gamma, s$T, s$alpha)),
    gamma = I(s$gamma), gammaRobustSE = I(sqrt(diag(gamma_sandwich))),
    gammaModelSE = I(sqrt(diag(gb))),
    tau = I(vech_T(s$T)), alpha = I(s$alpha), sigma2 = if (h == 1) exp(s$alpha) else NULL,
    fullSandwichSE = I(sqrt(diag(full_sandwich))),
    level1WeightSum = sum(a_all), level1EffectiveSize = sum(a_all)^2 / sum(a_all^2),
    level2WeightSum = sum(b), level2EffectiveSize = sum(b)^2 / sum(b^2),
    units = J, rows = sum(n_j),
    maximumGradient = max(abs(numDeriv::grad(objective, par, method.args = list(r = 2)))),
    method = "pseudo-ML: adaptive Gauss-Hermite (10 points per dimension) per unit, nlminb + Newton polish; numDeriv scores and Hessian",
    seconds = secs)
  writeLines(toJSON(fx, auto_unbox = TRUE, digits = NA, pretty = TRUE), file.path(out_dir, paste0(name, ".json")))
  cat(name, ": deviance", fx$deviance, " gamma", s$gamma, " tau", fx$tau, " alpha", s$alpha, " max|grad|",
      fx$maximumGradient, " (", round(secs), "s)\n")
  fx
}

ones <- function(dd) matrix(1, nrow(dd), 1)
models <- list(
  list(name = "weights-random-slope", level1 = "size",
       description = "Y = b0 + b1 X; b0 = g00 + g01 W + u0; b1 = g10 + u1; homogeneous sigma^2; W1, W2",
       equations = c("Y = INTRCPT1 + X", "INTRCPT1 = INTRCPT2 + W + random", "X = INTRCPT2 + random"),
       X = function(dd) cbind(1, dd$W, dd$X), Z = function(dd) cbind(1, dd$X), C = ones),
  list(name = "weights-heterogeneous", level1 = "size",
       description = "Y = b0 + b1 X; b0 = g00 + g01 W + u0; b1 = g10; log sigma^2 = a0 + a1 G; W1, W2",
       equations = c("Y = INTRCPT1 + X", "INTRCPT1 = INTRCPT2 + W + random", "X = INTRCPT2", "sigma2: G"),
       X = function(dd) cbind(1, dd$W, dd$X), Z = ones, C = function(dd) cbind(1, dd$G)),
  list(name = "weights-raw-level1", level1 = "raw",
       description = "Y = b0 + b1 X; b0 = g00 + u0; b1 = g10; homogeneous sigma^2; raw W1, W2 scaled to J",
       equations = c("Y = INTRCPT1 + X", "INTRCPT1 = INTRCPT2 + random", "X = INTRCPT2"),
       X = function(dd) cbind(1, dd$X), Z = ones, C = ones)
)
# Starting values (gamma, log-Cholesky of T, alpha): unweighted lmer fits (the pseudo-likelihood's optimum does not depend on them).
lmer_start <- function(formula, q, sigma2 = TRUE) {
  m <- lmer(formula, data = d, REML = FALSE)
  L <- t(chol(as.matrix(VarCorr(m)[[1]]) + diag(0.01, q)))
  c(unname(fixef(m)), log(diag(L))[1], if (q == 2) c(L[2, 1], log(L[2, 2])), log(sigma(m)^2))
}
starts_lmer <- list(lmer_start(Y ~ W + X + (1 + X | ID), 2),
                    c(lmer_start(Y ~ W + X + (1 | ID), 1), 0),
                    lmer_start(Y ~ X + (1 | ID), 1))
cat("rows", nrow(d), "units", length(units), "\n")
for (k in seq_along(models)) fit_model(models[[k]]$name, models[[k]], starts_lmer[[k]])
