# Rubin's rules reference for the combined analyses (plausible values, imputed files): mitools::MIcombine on
# the per-data-set estimates and squared standard errors that hlm exported, plus Barnard & Rubin's (1999) df
# computed here from its published formula (mitools's finite-df variant uses W / (W + B) where Barnard & Rubin
# use 1 - lambda = W / T, so it is written out below, not taken from MIcombine).
#
#   hlm example survey-plausible-values --json survey-pv.json     # the five fits of the example
#   Rscript references/mi-references.R survey-pv.json             # exports the per-fit numbers, then combines
#   Rscript references/mi-references.R                            # combines the committed per-fit numbers
#
# Writes Tests/HLMKitTests/Fixtures/Combination/survey-per-fit.csv (the export: one row per parameter and data
# set: group, parameter, m, estimate, se, df_complete; only with a JSON argument) and survey-combined.csv (one
# row per group and parameter: MIcombine's estimate, total variance, Rubin's df and missinfo with infinite
# complete-data df, and Barnard & Rubin's df and FMI with the row's complete-data df), and survey-lmer.csv:
# each plausible value's REML fit by lme4::lmer (PV ~ W + X + G + (1 + X | ID)), an independent check of the
# per-fit numbers that the combination starts from.
suppressPackageStartupMessages({ library(mitools); library(jsonlite); library(lme4) })
dir <- "Tests/HLMKitTests/Fixtures/Combination"
per_fit_path <- file.path(dir, "survey-per-fit.csv")
args <- commandArgs(trailingOnly = TRUE)
num <- function(x) sprintf("%.17g", x)

if (length(args) == 1) {
  doc <- fromJSON(args[1], simplifyVector = FALSE)
  rows <- list()
  for (m in seq_along(doc$fits)) {
    fit <- doc$fits[[m]]
    for (e in fit$fixed_effects) {
      name <- paste0(e$coefficient, ", ", e$predictor)
      rows[[length(rows) + 1]] <- data.frame(group = "fixed", parameter = name, m = m, estimate = num(e$estimate),
                                             se = num(e$se), df_complete = e$df)
      rows[[length(rows) + 1]] <- data.frame(group = "robust", parameter = name, m = m,
                                             estimate = num(e$estimate), se = num(e$robust_se), df_complete = e$df)
    }
    for (c in fit$covariance_parameters) {
      rows[[length(rows) + 1]] <- data.frame(group = "covariance", parameter = c$parameter, m = m,
                                             estimate = num(c$estimate), se = num(c$se), df_complete = "Inf")
    }
  }
  write.csv(do.call(rbind, rows), per_fit_path, row.names = FALSE, quote = TRUE)
}

per_fit <- read.csv(per_fit_path, stringsAsFactors = FALSE)
out <- list()
for (key in unique(paste(per_fit$group, per_fit$parameter, sep = "\r"))) {
  parts <- strsplit(key, "\r")[[1]]
  rows <- per_fit[per_fit$group == parts[1] & per_fit$parameter == parts[2], ]
  rows <- rows[order(rows$m), ]
  M <- nrow(rows)
  pooled <- MIcombine(results = as.list(rows$estimate), variances = lapply(rows$se^2, as.matrix))
  # Barnard & Rubin (1999): nu_m = (M - 1) / lambda^2, nu_obs = (nu_com + 1) / (nu_com + 3) nu_com (1 - lambda).
  W <- mean(rows$se^2); B <- var(rows$estimate); Tv <- W + (1 + 1 / M) * B
  lambda <- (1 + 1 / M) * B / Tv; r <- (1 + 1 / M) * B / W
  nu_com <- as.numeric(rows$df_complete[1])
  nu_m <- (M - 1) / lambda^2
  nu <- if (is.finite(nu_com)) { nu_obs <- (nu_com + 1) / (nu_com + 3) * nu_com * (1 - lambda); nu_m * nu_obs / (nu_m + nu_obs) } else nu_m
  out[[length(out) + 1]] <- data.frame(
    group = parts[1], parameter = parts[2], m = M, estimate = num(coef(pooled)), variance = num(vcov(pooled)[1, 1]),
    df_rubin = num(pooled$df), missinfo_rubin = num(pooled$missinfo), df_complete = rows$df_complete[1],
    df_barnard_rubin = num(nu), fmi_barnard_rubin = num((r + 2 / (nu + 3)) / (r + 1)))
}
write.csv(do.call(rbind, out), file.path(dir, "survey-combined.csv"), row.names = FALSE, quote = TRUE)
cat("mitools", as.character(packageVersion("mitools")), "- wrote", file.path(dir, "survey-combined.csv"), "\n")

# lme4 on each plausible value: fixed effects (HLM's names) and the covariance parameters.
l1 <- read.csv("data/survey-level1.csv"); l2 <- read.csv("data/survey-level2.csv")
survey <- merge(l1, l2, by = "ID")
lmer_rows <- list()
for (m in 1:5) {
  survey$PV <- survey[[paste0("PV", m)]]
  fit <- lmer(PV ~ W + X + G + (1 + X | ID), data = survey, REML = TRUE,
              control = lmerControl(optimizer = "bobyqa", optCtrl = list(maxfun = 1e5)))
  beta <- fixef(fit); se <- sqrt(diag(as.matrix(vcov(fit))))
  names_hlm <- c("(Intercept)" = "INTRCPT1, INTRCPT2", W = "INTRCPT1, W", X = "X, INTRCPT2", G = "G, INTRCPT2")
  vc <- VarCorr(fit)$ID
  values <- c(beta, vc[1, 1], vc[2, 1], vc[2, 2], sigma(fit)^2)
  labels <- c(names_hlm[names(beta)], "tau(INTRCPT1,INTRCPT1)", "tau(X,INTRCPT1)", "tau(X,X)", "sigma2")
  lmer_rows[[m]] <- data.frame(parameter = labels, m = m, estimate = num(values),
                               se = c(num(se), rep("NA", 4)))
}
write.csv(do.call(rbind, lmer_rows), file.path(dir, "survey-lmer.csv"), row.names = FALSE, quote = TRUE)
cat("lme4", as.character(packageVersion("lme4")), "- wrote", file.path(dir, "survey-lmer.csv"), "\n")
