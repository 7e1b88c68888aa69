# Shared by bench/fit.R and bench/glmm-fit.R: times `fit_call` (a function of no arguments) `repeats` times, a
# warning or an error becoming the status; returns the last fit, the median elapsed seconds and the status.
time_fit <- function(fit_call, repeats) {
  status <- "ok"
  times <- numeric(0)
  fit <- NULL
  for (r in seq_len(repeats)) {
    t <- system.time(fit <- tryCatch(
      withCallingHandlers(fit_call(), warning = function(w) {
        status <<- paste("warning:", gsub("[\t\n]", " ", conditionMessage(w)))
        invokeRestart("muffleWarning")
      }),
      error = function(e) { status <<- paste("error:", conditionMessage(e)); NULL }))
    times <- c(times, t[["elapsed"]])
    if (is.null(fit)) break
  }
  list(fit = fit, seconds = median(times), status = status)
}
