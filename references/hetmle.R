# Reference maximum-likelihood fitter for two-level linear models with a
# log-linear level-1 variance: y = X g + Z u + r, u ~ N(0, T), Var(r_i) = exp(C_i a).
# Independent of lme4/nlme: profiled fixed effects, Cholesky-parameterised T,
# BFGS + nlminb polish, observed-information SEs for a. Used as an oracle.
# Copied from the team's shared reference fitter hetmle.R; changes here: `optimise = FALSE` evaluates at `start`
# without optimising, and the deviance function is returned as `devfun` (for the Newton polish).
hetfit <- function(y, X, Z, C, g, reml = FALSE, hetero = TRUE, start = NULL, optimise = TRUE) {
  g <- as.integer(factor(g)); J <- max(g); N <- length(y); p <- ncol(X); q <- ncol(Z)
  idx <- split(seq_len(N), g)
  nth <- q * (q + 1) / 2; na <- if (hetero) ncol(C) else 1L
  Cm <- if (hetero) C else matrix(1, N, 1)
  unpack <- function(par) {
    L <- matrix(0, q, q); L[lower.tri(L, diag = TRUE)] <- par[seq_len(nth)]
    list(L = L, a = par[nth + seq_len(na)])
  }
  parts <- function(par) {
    u <- unpack(par); L <- u$L; s2 <- exp(drop(Cm %*% u$a))
    ldet <- 0; XVX <- matrix(0, p, p); XVy <- numeric(p); yVy <- 0
    for (j in seq_len(J)) {
      i <- idx[[j]]; w <- 1 / s2[i]
      Xj <- X[i, , drop = FALSE]; Zj <- Z[i, , drop = FALSE]; yj <- y[i]
      ZL <- Zj %*% L
      M <- diag(q) + crossprod(ZL, ZL * w)
      R <- chol(M)
      ldet <- ldet + sum(log(s2[i])) + 2 * sum(log(diag(R)))
      # V^{-1} = W - W ZL M^{-1} L'Z' W
      WX <- Xj * w; Wy <- yj * w
      A <- backsolve(R, crossprod(ZL, cbind(WX, Wy)), transpose = TRUE)
      XVX <- XVX + crossprod(Xj, WX) - crossprod(A[, 1:p, drop = FALSE])
      XVy <- XVy + crossprod(Xj, Wy) - crossprod(A[, 1:p, drop = FALSE], A[, p + 1])
      yVy <- yVy + sum(yj * Wy) - sum(A[, p + 1]^2)
    }
    list(ldet = ldet, XVX = XVX, XVy = drop(XVy), yVy = yVy)
  }
  dev <- function(par) {
    P <- tryCatch(parts(par), error = function(e) NULL)
    if (is.null(P) || !all(is.finite(P$XVX))) return(1e100)
    Rx <- tryCatch(chol(P$XVX), error = function(e) NULL)
    if (is.null(Rx)) return(1e100)
    gam <- backsolve(Rx, backsolve(Rx, P$XVy, transpose = TRUE))
    quad <- P$yVy - sum(P$XVy * gam)
    d <- P$ldet + quad + N * log(2 * pi)
    if (reml) d <- d + 2 * sum(log(diag(Rx))) - p * log(2 * pi)
    d
  }
  if (is.null(start)) {
    ols <- lm.fit(X, y); s2 <- mean(ols$residuals^2)
    L0 <- diag(q) * sqrt(s2 / 4) / 1
    a0 <- c(log(s2), rep(0, na - 1))
    start <- c(L0[lower.tri(L0, diag = TRUE)], a0)
  }
  if (optimise) {
    o <- optim(start, dev, method = "BFGS", control = list(maxit = 2000, reltol = 1e-14))
    o2 <- nlminb(o$par, dev, control = list(rel.tol = 1e-15, x.tol = 1e-12, eval.max = 5000, iter.max = 5000))
    par <- if (o2$objective <= o$value) o2$par else o$par
  } else par <- start
  P <- parts(par); Rx <- chol(P$XVX)
  gam <- backsolve(Rx, backsolve(Rx, P$XVy, transpose = TRUE))
  covg <- chol2inv(Rx)
  u <- unpack(par); Tm <- u$L %*% t(u$L)
  # observed information for a (numerical Hessian of the deviance; cov = 2 H^-1)
  H <- optimHess(par, dev)
  cov <- tryCatch(2 * solve(H), error = function(e) matrix(NA, length(par), length(par)))
  ia <- nth + seq_len(na)
  list(deviance = dev(par), gamma = gam, se_gamma = sqrt(diag(covg)), T = Tm,
       alpha = u$a, se_alpha = sqrt(diag(cov)[ia]), par = par, devfun = dev)
}
