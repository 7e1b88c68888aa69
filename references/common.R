# Shared helpers for the reference scripts: reading the package's data, building HLM designs
# (gamma in HLM order), fitting with lme4 / nlme / hetmle.R, expected information, and a JSON writer
# that keeps full double precision (shortest representation that round-trips).
# Run the scripts from the package root: Rscript references/hsb-references.R
suppressPackageStartupMessages({ library(lme4); library(nlme) })
source("references/hetmle.R")

fixture_dir <- "Tests/HLMKitTests/Fixtures/References"
example_dir <- "data"

# ---- JSON ------------------------------------------------------------------------------------
json_num <- function(x) {
  if (is.na(x)) return("null")
  if (!is.finite(x)) stop("non-finite number in fixture")
  if (x == round(x) && abs(x) < 1e15) return(sprintf("%.0f", x))
  for (d in 15:17) { s <- sprintf(paste0("%.", d, "g"), x); if (as.numeric(s) == x) return(s) }
  s
}
json_str <- function(s) paste0('"', gsub('"', '\\\\"', gsub("\\\\", "\\\\\\\\", s)), '"')
is_obj <- function(x) is.list(x) && !is.null(names(x))
to_json <- function(x, indent = 0) {
  pad <- strrep("  ", indent + 1); end <- strrep("  ", indent)
  if (is.null(x)) return("null")
  if (inherits(x, "json_array") || (is.list(x) && is.null(names(x)))) {
    x <- unclass(x)
    if (length(x) == 0) return("[]")
    items <- vapply(x, to_json, "", indent = indent + 1)
    if (all(!grepl("\n", items)) && sum(nchar(items)) < 100) return(paste0("[", paste(items, collapse = ", "), "]"))
    return(paste0("[\n", pad, paste(items, collapse = paste0(",\n", pad)), "\n", end, "]"))
  }
  if (is_obj(x)) {
    keep <- !vapply(x, is.null, TRUE); x <- x[keep]
    items <- mapply(function(k, v) paste0(json_str(k), ": ", to_json(v, indent + 1)), names(x), x)
    return(paste0("{\n", pad, paste(items, collapse = paste0(",\n", pad)), "\n", end, "}"))
  }
  if (is.matrix(x)) return(to_json(arr(lapply(seq_len(nrow(x)), function(i) arr(x[i, ]))), indent))
  if (length(x) != 1) return(to_json(arr(x), indent))
  if (is.logical(x)) return(if (is.na(x)) "null" else tolower(as.character(x)))
  if (is.character(x)) return(json_str(x))
  json_num(as.numeric(x))
}
# Mark a vector or list as a JSON array even when it has length 1.
arr <- function(x) structure(as.list(x), class = "json_array")
write_fixture <- function(name, fx) {
  path <- file.path(fixture_dir, paste0(name, ".json"))
  writeLines(to_json(c(list(name = name), fx)), path)
  cat("wrote", path, "\n")
}
tool_versions <- function() list(R = paste(R.version$major, R.version$minor, sep = "."),
  lme4 = as.character(packageVersion("lme4")), nlme = as.character(packageVersion("nlme")))

# ---- data ------------------------------------------------------------------------------------
read_hsb <- function(dir = example_dir, l1 = "hsb1.csv", l2 = "hsb2.csv") {
  list(l1 = read.csv(file.path(dir, l1), stringsAsFactors = FALSE, na.strings = c("", "NA")),
       l2 = read.csv(file.path(dir, l2), stringsAsFactors = FALSE, na.strings = c("", "NA")))
}

# A level-1 coefficient: coef("SES", centering = "group", random = TRUE, level2 = list(pred("SECTOR")))
# The intercept is coef(NULL, ...). Level-2 predictors are centred over the level-2 units used.
coef_spec <- function(variable = NULL, centering = "none", random = FALSE, level2 = list())
  list(variable = variable, centering = centering, random = random, level2 = level2)
pred <- function(variable, centering = "none") list(variable = variable, centering = centering)
label <- function(v, centering) if (centering == "none") v else paste0(centering, "(", v, ")")

# Builds the listwise-complete data, the design in HLM order and the model equations.
build_design <- function(data, outcome, coefs, sigma2 = character(0)) {
  l1 <- data$l1; l2 <- data$l2
  v1 <- unique(c(outcome, unlist(lapply(coefs, `[[`, "variable"))))
  v2 <- unique(unlist(lapply(coefs, function(k) vapply(k$level2, `[[`, "", "variable"))))
  s1 <- intersect(sigma2, names(l1)); s2 <- setdiff(sigma2, names(l1))
  v1 <- unique(c(v1, s1)); v2 <- unique(c(v2, s2))
  n1_in <- nrow(l1); j_in <- if (is.null(l2)) length(unique(l1$ID)) else nrow(l2)
  keep1 <- complete.cases(l1[, v1, drop = FALSE])
  d <- l1[keep1, , drop = FALSE]
  if (!is.null(l2)) {
    l2u <- l2[complete.cases(l2[, v2, drop = FALSE]), c("ID", v2), drop = FALSE]
    l2u <- l2u[l2u$ID %in% d$ID, , drop = FALSE]
    d <- d[d$ID %in% l2u$ID, , drop = FALSE]
    d <- cbind(d, l2u[match(d$ID, l2u$ID), v2, drop = FALSE])
  } else l2u <- data.frame(ID = unique(d$ID))
  g <- d$ID
  center1 <- function(v, how) switch(how, none = d[[v]], grand = d[[v]] - mean(d[[v]]),
                                     group = d[[v]] - ave(d[[v]], g))
  center2 <- function(v, how) {
    w <- switch(how, none = l2u[[v]], grand = l2u[[v]] - mean(l2u[[v]]), stop("level-2 centering"))
    w[match(g, l2u$ID)]
  }
  X <- NULL; xn <- NULL; Z <- NULL; zn <- NULL; eqs <- NULL; rhs <- "INTRCPT1"
  for (k in coefs) {
    kname <- if (is.null(k$variable)) "INTRCPT1" else k$variable
    x1 <- if (is.null(k$variable)) rep(1, nrow(d)) else center1(k$variable, k$centering)
    if (!is.null(k$variable)) rhs <- paste(rhs, "+", label(k$variable, k$centering))
    X <- cbind(X, x1); xn <- rbind(xn, c(kname, "INTRCPT2"))
    eq <- paste(kname, "= INTRCPT2")
    for (m in k$level2) {
      X <- cbind(X, x1 * center2(m$variable, m$centering)); xn <- rbind(xn, c(kname, m$variable))
      eq <- paste(eq, "+", label(m$variable, m$centering))
    }
    if (k$random) { Z <- cbind(Z, x1); zn <- c(zn, kname); eq <- paste(eq, "+ random") }
    eqs <- c(eqs, eq)
  }
  C <- cbind(1, as.matrix(d[, sigma2, drop = FALSE]))
  list(y = d[[outcome]], X = unname(X), xnames = xn, Z = unname(Z), znames = zn, C = unname(C),
       g = g, models = c(paste(outcome, "=", rhs), eqs), sigma2 = sigma2, data = d,
       counts = list(level1Read = n1_in, level1Used = nrow(d), level1Excluded = n1_in - nrow(d),
                     level2Read = j_in, level2Used = length(unique(g)),
                     level2Excluded = j_in - length(unique(g))))
}

design_frame <- function(des) {
  df <- data.frame(y = des$y, g = factor(des$g))
  for (i in seq_len(ncol(des$X))) df[[paste0("X", i)]] <- des$X[, i]
  for (i in seq_len(ncol(des$Z))) df[[paste0("Z", i)]] <- des$Z[, i]
  for (i in seq_len(ncol(des$C))) df[[paste0("C", i)]] <- des$C[, i]
  df
}
fixed_formula <- function(des) as.formula(paste("y ~ 0 +", paste0("X", seq_len(ncol(des$X)), collapse = " + ")))
random_rhs <- function(des) paste("0 +", paste0("Z", seq_len(ncol(des$Z)), collapse = " + "))

gamma_table <- function(des, est, se) lapply(seq_along(est), function(i)
  list(coefficient = des$xnames[i, 1], predictor = des$xnames[i, 2], estimate = est[[i]], se = se[[i]]))
tau_object <- function(des, Tm) list(coefficients = arr(des$znames), matrix = unname(Tm))
n_params <- function(des, method, hetero) {
  q <- ncol(des$Z); cov <- q * (q + 1) / 2 + (if (hetero) ncol(des$C) else 1)
  if (method == "fml") cov + ncol(des$X) else cov
}

# ---- lme4 (homogeneous) ----------------------------------------------------------------------
fit_lme4 <- function(des, method) {
  df <- design_frame(des)
  f <- as.formula(paste(deparse(fixed_formula(des), width.cutoff = 500), "+ (", random_rhs(des), "| g)"))
  ctl <- lmerControl(optimizer = "bobyqa", optCtrl = list(rhoend = 1e-12, maxfun = 1e5),
                     check.conv.singular = "ignore")
  t0 <- proc.time()[[3]]
  m <- lmer(f, data = df, REML = (method == "reml"), control = ctl)
  secs <- proc.time()[[3]] - t0
  vc <- VarCorr(m)$g; Tm <- matrix(as.numeric(vc), nrow(vc))
  dev <- if (method == "reml") REMLcrit(m) else deviance(m)
  list(deviance = dev, gamma = unname(fixef(m)), se = unname(sqrt(diag(as.matrix(vcov(m))))),
       T = Tm, sigma2 = sigma(m)^2, seconds = secs,
       call = paste0("lmer(", deparse(f, width.cutoff = 500), ", REML = ", method == "reml",
                     ", control = lmerControl(optimizer = 'bobyqa', rhoend = 1e-12))"))
}

homogeneous_estimates <- function(des, method, fit, tool) list(
  method = method, tool = tool, parameters = n_params(des, method, FALSE),
  deviance = fit$deviance, gamma = gamma_table(des, fit$gamma, fit$se),
  tau = tau_object(des, fit$T), sigma2 = fit$sigma2)

# Homogeneous fixture with lme4, cross-checked by hetmle.R (hetero = FALSE); a Newton polish of the
# profiled deviance from lme4's optimum replaces lme4's estimates only if it lowers the deviance by > 1e-9.
homogeneous_fixture <- function(name, description, des, method, published = NULL) {
  reml <- method == "reml"
  fit <- fit_lme4(des, method)
  chk <- hetfit(des$y, des$X, des$Z, des$C, des$g, reml = reml, hetero = FALSE)
  pol <- newton_polish(chk$devfun, het_par(fit$T, log(fit$sigma2)))
  polished <- pol$improvement > 1e-9
  if (polished) {
    b <- hetfit(des$y, des$X, des$Z, des$C, des$g, reml = reml, hetero = FALSE, start = pol$par, optimise = FALSE)
    fit$deviance <- b$deviance; fit$gamma <- b$gamma; fit$se <- b$se_gamma; fit$T <- b$T
    fit$sigma2 <- exp(b$alpha[1]); fit$call <- paste(fit$call, "then a Newton polish (references/common.R)")
  }
  est <- homogeneous_estimates(des, method, fit, "lme4")
  write_fixture(name, list(
    description = description, models = arr(des$models), sigma2 = arr(character(0)), method = method,
    tool = list(name = "lme4", call = fit$call, versions = tool_versions()),
    N = des$counts$level1Used, J = des$counts$level2Used, counts = des$counts,
    estimates = est[-(1:2)],
    crossCheck = list(tool = "references/hetmle.R hetfit(hetero = FALSE)", deviance = chk$deviance,
                      devianceDifference = chk$deviance - fit$deviance,
                      maxGammaDifference = max(abs(chk$gamma - fit$gamma)),
                      maxTauDifference = max(abs(chk$T - fit$T)),
                      sigma2 = exp(chk$alpha[1]),
                      polish = list(applied = polished, improvement = pol$improvement,
                                    finalGradient = arr(pol$gradient))),
    published = published))
  cat(sprintf("%s: dev %.8f polish %.2g\n", name, fit$deviance, pol$improvement))
  invisible(fit)
}

# ---- Newton polish -----------------------------------------------------------------------------
# Newton steps on a deviance f(par) with finite-difference derivatives: Richardson-extrapolated
# central differences for the gradient (h and h/2), central differences for the Hessian.
# Stops when the step is below 1e-10 (relative) or the deviance no longer decreases.
fd_gradient <- function(f, p, h) {
  vapply(seq_along(p), function(i) {
    e <- replace(numeric(length(p)), i, 1)
    d1 <- (f(p + h[i] * e) - f(p - h[i] * e)) / (2 * h[i])
    d2 <- (f(p + h[i] / 2 * e) - f(p - h[i] / 2 * e)) / h[i]
    (4 * d2 - d1) / 3
  }, 0)
}
fd_hessian <- function(f, p, h) {
  n <- length(p); H <- matrix(0, n, n); f0 <- f(p)
  for (i in 1:n) for (j in i:n) {
    ei <- replace(numeric(n), i, h[i]); ej <- replace(numeric(n), j, h[j])
    H[i, j] <- H[j, i] <- if (i == j) (f(p + ei) - 2 * f0 + f(p - ei)) / h[i]^2 else
      (f(p + ei + ej) - f(p + ei - ej) - f(p - ei + ej) + f(p - ei - ej)) / (4 * h[i] * h[j])
  }
  H
}
newton_polish <- function(f, p, maxit = 8) {
  h <- 1e-3 * pmax(abs(p), 0.1); f0 <- f(p); start <- f0; it <- 0
  for (it in seq_len(maxit)) {
    g <- fd_gradient(f, p, h); H <- fd_hessian(f, p, h)
    step <- -solve(H, g); t <- 1
    while (t > 1e-4 && f(p + t * step) > f0) t <- t / 2
    if (f(p + t * step) > f0) break
    p <- p + t * step; f1 <- f(p)
    done <- max(abs(t * step) / pmax(abs(p), 1)) < 1e-10
    f0 <- f1
    if (done) break
  }
  g <- fd_gradient(f, p, h)
  list(par = p, deviance = f0, improvement = start - f0, iterations = it, gradient = g)
}
# hetmle.R parameter vector (lower Cholesky factor of T, then alpha) from T and alpha.
het_par <- function(Tm, alpha) { L <- t(chol(Tm)); c(L[lower.tri(L, diag = TRUE)], alpha) }

# ---- expected information for (T, alpha) ---------------------------------------------------------
# Fisher information of the log-likelihood in (tau_kl for k <= l, alpha): 1/2 tr(P V_a P V_b), with
# P = V^-1 (FML) or V^-1 - V^-1 X (X'V^-1 X)^-1 X'V^-1 (REML); dense n_j x n_j algebra per unit.
# expected_information returns that matrix; expected_alpha_se the standard errors of alpha from the inverse of
# the full (T, alpha) block.
expected_alpha_se <- function(des, Tm, alpha, reml = FALSE) {
  Iab <- expected_information(des, Tm, alpha, reml)
  q <- ncol(des$Z)
  sqrt(diag(solve(Iab)))[q * (q + 1) / 2 + seq_len(ncol(des$C))]
}
expected_information <- function(des, Tm, alpha, reml = FALSE) {
  q <- ncol(des$Z); p <- ncol(des$X); H <- ncol(des$C)
  kl <- which(lower.tri(diag(q), diag = TRUE), arr.ind = TRUE)
  na <- nrow(kl) + H; s2 <- exp(drop(des$C %*% alpha))
  Iab <- matrix(0, na, na); Q <- matrix(0, p, p)
  G <- array(0, c(p, p, na)); Hm <- array(0, c(p, p, na, na))
  for (i in split(seq_along(des$y), factor(des$g, levels = unique(des$g)))) {
    Zj <- des$Z[i, , drop = FALSE]; Xj <- des$X[i, , drop = FALSE]
    Vi <- solve(Zj %*% Tm %*% t(Zj) + diag(s2[i], length(i)))
    dV <- c(lapply(seq_len(nrow(kl)), function(r) {
      E <- matrix(0, q, q); E[kl[r, 1], kl[r, 2]] <- 1; E[kl[r, 2], kl[r, 1]] <- 1; Zj %*% E %*% t(Zj)
    }), lapply(seq_len(H), function(h) diag(des$C[i, h] * s2[i], length(i))))
    A <- lapply(dV, function(V) Vi %*% V)
    for (a in 1:na) for (b in a:na) Iab[a, b] <- Iab[a, b] + sum(t(A[[a]]) * A[[b]]) / 2
    if (reml) {
      ViX <- Vi %*% Xj; Q <- Q + t(Xj) %*% ViX
      for (a in 1:na) {
        G[, , a] <- G[, , a] + t(ViX) %*% dV[[a]] %*% ViX
        for (b in a:na) Hm[, , a, b] <- Hm[, , a, b] + t(ViX) %*% dV[[a]] %*% A[[b]] %*% ViX
      }
    }
  }
  if (reml) {
    Qi <- solve(Q)
    for (a in 1:na) for (b in a:na) Iab[a, b] <- Iab[a, b] -
      sum(diag(Qi %*% Hm[, , a, b])) + sum(diag(Qi %*% G[, , a] %*% Qi %*% G[, , b])) / 2
  }
  Iab[lower.tri(Iab)] <- t(Iab)[lower.tri(Iab)]
  Iab
}
