# HLM3's variance-component chi-square tests and reliabilities at levels 2 and 3 on mlmRev's egsingle
# (data/eg1.csv, eg2.csv, eg3.csv), computed from lme4's fits and per-unit least squares in base R, independently
# of hlm's code. The formulas (ThreeLevelVarianceComponents in Sources/HLMKit/Inference):
#   level 2: each child's OLS fit of MATH on its level-1 columns (children with a full-rank design), V_j =
#     sigma^2 (A'A)^-1; per school, the weighted least-squares fit of pi_hat_p on pi_p's level-2 predictors
#     (weights 1 / V_pp); chi^2_p = the schools' weighted residual sums of squares, df = sum (J'_k - rank);
#     reliability = mean tau_pp / (tau_pp + V_ppj);
#   level 3: per school, beta_hat = (sum X'D^-1 X)^-1 sum X'D^-1 pi_hat with D = Tau_pi + V_j; chi^2_pq =
#     sum (beta_hat_pq - W'gamma_pq)^2 / V_beta,pq over schools with a nonsingular sum, df = K' - F_pq;
#     reliability = mean tau_beta / (tau_beta + V_beta).
# Writes Tests/HLMKitTests/Fixtures/ThreeLevel/egsingle-components.json. Run from the package root:
#   Rscript references/hlm3-components.R
suppressPackageStartupMessages({ library(lme4); library(jsonlite) })
eg1 <- read.csv("data/eg1.csv"); eg2 <- read.csv("data/eg2.csv"); eg3 <- read.csv("data/eg3.csv")
eg <- merge(merge(eg1, eg2[, c("CHILDID", "BLACK", "HISPANIC", "FEMALE")], by = "CHILDID"), eg3, by = "SCHOOLID")
eg$YEAR_LOWINC <- eg$YEAR * eg$LOWINC
eg$YEAR_BLACK <- eg$YEAR * eg$BLACK
control <- lmerControl(optCtrl = list(xtol_abs = 1e-10, ftol_abs = 1e-12))

# level2: per level-1 coefficient (INTRCPT1, YEAR), its level-2 predictors (eg2 columns; "1" the intercept);
# level3: per level-2 coefficient "p/q", its level-3 predictors (eg3 columns) with the names of their gammas in fixef;
# random2 / random3: the coefficients random at levels 2 and 3, in Tau's order.
components <- function(name, m, level2, level3, random2, random3) {
  sigma2 <- sigma(m)^2; gamma <- fixef(m)
  vc <- VarCorr(m); tau_pi <- as.matrix(vc$CHILDID); tau_beta <- as.matrix(vc$SCHOOLID)
  P <- length(level2)
  tau_full <- matrix(0, P, P); idx <- match(random2, names(level2)); tau_full[idx, idx] <- tau_pi
  children <- split(eg1, eg1$CHILDID)
  ols <- lapply(children, function(d) {
    A <- cbind(1, d$YEAR)
    if (qr(A)$rank < P) return(NULL)
    AtA <- crossprod(A)
    list(pi = drop(solve(AtA, crossprod(A, d$MATH))), V = sigma2 * solve(AtA), school = as.character(d$SCHOOLID[1]))
  })
  ols <- ols[!vapply(ols, is.null, TRUE)]
  ids <- names(ols); row2 <- match(ids, as.character(eg2$CHILDID))
  x_of <- function(p, rows) sapply(level2[[p]], function(v) if (v == "1") rep(1, length(rows)) else eg2[rows, v])
  schools <- split(seq_along(ids), vapply(ols, `[[`, "", "school"))

  tests2 <- lapply(random2, function(pname) {
    p <- match(pname, names(level2)); chi <- 0; df <- 0
    for (members in schools) {
      y <- vapply(ols[members], function(o) o$pi[p], 0); w <- 1 / vapply(ols[members], function(o) o$V[p, p], 0)
      X <- matrix(x_of(p, row2[members]), nrow = length(members))
      f <- lm.wfit(X, y, w)
      chi <- chi + sum(w * f$residuals^2); df <- df + length(members) - f$rank
    }
    list(coefficient = pname, df = df, chi_square = chi)
  })
  reliability2 <- lapply(random2, function(pname) {
    p <- match(pname, names(level2)); tau <- tau_full[p, p]
    list(coefficient = pname, estimate = mean(vapply(ols, function(o) tau / (tau + o$V[p, p]), 0)))
  })

  B <- sum(lengths(level2)); offsets <- cumsum(c(0, lengths(level2)))[seq_len(P)]
  aggregates <- lapply(schools, function(members) {
    G <- matrix(0, B, B); h <- rep(0, B)
    for (i in members) {
      X <- matrix(0, P, B)
      for (p in seq_len(P)) X[p, offsets[p] + seq_along(level2[[p]])] <- x_of(p, row2[i])
      Dinv <- solve(tau_full + ols[[i]]$V)
      G <- G + t(X) %*% Dinv %*% X; h <- h + t(X) %*% Dinv %*% ols[[i]]$pi
    }
    if (qr(G)$rank < B) return(NULL)
    list(beta = drop(solve(G, h)), V = solve(G), school = names(schools)[1])
  })
  keep <- !vapply(aggregates, is.null, TRUE); aggregates <- aggregates[keep]
  k_rows <- match(names(schools)[keep], as.character(eg3$SCHOOLID))
  coefficient_names <- unlist(lapply(names(level2), function(p) paste0(p, "/", ifelse(level2[[p]] == "1", "INTRCPT2", level2[[p]]))))
  tests3 <- lapply(random3, function(pq) {
    b <- match(pq, coefficient_names); terms <- level3[[pq]]
    chi <- sum(vapply(seq_along(aggregates), function(a) {
      w <- vapply(names(terms), function(v) if (v == "1") 1 else eg3[k_rows[a], v], 0)
      r <- aggregates[[a]]$beta[b] - sum(w * gamma[terms])
      r^2 / aggregates[[a]]$V[b, b]
    }, 0))
    list(coefficient = pq, df = length(aggregates) - length(terms), chi_square = chi)
  })
  reliability3 <- lapply(random3, function(pq) {
    b <- match(pq, coefficient_names); tau <- tau_beta[match(pq, random3), match(pq, random3)]
    list(coefficient = pq, estimate = mean(vapply(aggregates, function(a) tau / (tau + a$V[b, b]), 0)))
  })
  list(name = name,
       level2 = list(used = length(ols), total = nrow(eg2), tests = tests2, reliability = reliability2),
       level3 = list(used = length(aggregates), total = nrow(eg3), tests = tests3, reliability = reliability3))
}

unconditional <- lmer(MATH ~ YEAR + (YEAR | SCHOOLID) + (YEAR | CHILDID), data = eg, REML = TRUE, control = control)
conditional <- lmer(MATH ~ LOWINC + BLACK + HISPANIC + YEAR + YEAR_LOWINC + YEAR_BLACK +
                      (YEAR | SCHOOLID) + (YEAR | CHILDID), data = eg, REML = FALSE, control = control)
fixed_slope <- lmer(MATH ~ YEAR + (YEAR | SCHOOLID) + (1 | CHILDID), data = eg, REML = TRUE, control = control)
results <- list(
  components("unconditional-growth", unconditional, list(INTRCPT1 = "1", YEAR = "1"),
             list(`INTRCPT1/INTRCPT2` = c(`1` = "(Intercept)"), `YEAR/INTRCPT2` = c(`1` = "YEAR")),
             c("INTRCPT1", "YEAR"), c("INTRCPT1/INTRCPT2", "YEAR/INTRCPT2")),
  # INTRCPT1 = INTRCPT2 + BLACK + HISPANIC + random, YEAR = INTRCPT2 + BLACK + random,
  # INTRCPT1/INTRCPT2 = INTRCPT3 + LOWINC + random, YEAR/INTRCPT2 = INTRCPT3 + LOWINC + random, full ML.
  components("conditional-fml", conditional, list(INTRCPT1 = c("1", "BLACK", "HISPANIC"), YEAR = c("1", "BLACK")),
             list(`INTRCPT1/INTRCPT2` = c(`1` = "(Intercept)", LOWINC = "LOWINC"), `INTRCPT1/BLACK` = c(`1` = "BLACK"),
                  `INTRCPT1/HISPANIC` = c(`1` = "HISPANIC"), `YEAR/INTRCPT2` = c(`1` = "YEAR", LOWINC = "YEAR_LOWINC"),
                  `YEAR/BLACK` = c(`1` = "YEAR_BLACK")),
             c("INTRCPT1", "YEAR"), c("INTRCPT1/INTRCPT2", "YEAR/INTRCPT2")),
  # YEAR = INTRCPT2 (fixed at level 2), YEAR/INTRCPT2 = INTRCPT3 + random.
  components("fixed-level2-slope", fixed_slope, list(INTRCPT1 = "1", YEAR = "1"),
             list(`INTRCPT1/INTRCPT2` = c(`1` = "(Intercept)"), `YEAR/INTRCPT2` = c(`1` = "YEAR")),
             c("INTRCPT1"), c("INTRCPT1/INTRCPT2", "YEAR/INTRCPT2"))
)
write_json(results, "Tests/HLMKitTests/Fixtures/ThreeLevel/egsingle-components.json", digits = NA, pretty = TRUE,
           auto_unbox = TRUE)
