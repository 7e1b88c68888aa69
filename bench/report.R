# Turns bench/run.sh's results.tsv into bench/RESULTS.md: times, ratios against hlm, peak memory and the
# deviance each tool reached (hlm's homogeneous deviance is the comparison for lme4, which cannot fit a
# heterogeneous level-1 variance).
args <- commandArgs(trailingOnly = TRUE)
r <- read.delim(args[1], header = FALSE, stringsAsFactors = FALSE,
                col.names = c("case", "tool", "seconds", "peak_kb", "deviance", "status", "homogeneous"))
fmt <- function(x, digits) ifelse(is.na(x), "-", formatC(x, format = "f", digits = digits))
lines <- c("# Benchmark results", "",
           sprintf("Measured by `bench/run.sh` on %s, %s cores, %s. hlm: whole process as the shell times it",
                   format(Sys.Date()), parallel::detectCores(), R.version.string),
           "(start, read, fit, report, JSON, exit; fork and exec included), median of repeated runs; R: the fit",
           "call alone, timed inside R. Ratio = tool's time / hlm's time.",
           "Deviance = -2 log L (full ML); for lme4 (homogeneous sigma^2 only) compare with hlm's homogeneous deviance.",
           "",
           "| case | tool | seconds | ratio vs hlm | peak MB | deviance | hlm deviance (same model) | status |",
           "| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |")
for (cs in unique(r$case)) {
  rows <- r[r$case == cs, ]
  h <- rows[rows$tool == "hlm", ]
  for (i in seq_len(nrow(rows))) {
    x <- rows[i, ]
    same <- if (x$tool == "lme4" && !is.na(h$homogeneous)) h$homogeneous else h$deviance
    ratio <- if (x$tool == "hlm") "1" else fmt(as.numeric(x$seconds) / as.numeric(h$seconds), 1)
    lines <- c(lines, sprintf("| %s | %s | %s | %s | %s | %s | %s | %s |", cs, x$tool,
                              fmt(as.numeric(x$seconds), 4), ratio, fmt(as.numeric(x$peak_kb) / 1024, 0),
                              fmt(as.numeric(x$deviance), 3), fmt(as.numeric(same), 3), x$status))
  }
}
sim <- r[r$tool == "hlm" & startsWith(r$case, "sim-"), ]
if (nrow(sim) >= 2) {
  n <- as.numeric(sub("sim-", "", sim$case))
  slope <- coef(lm(log(as.numeric(sim$seconds)) ~ log(n)))[2]
  lines <- c(lines, "", sprintf("hlm's time grows as N^%.2f between %s and %s rows (log-log slope).",
                                slope, format(min(n), big.mark = ","), format(max(n), big.mark = ",")))
}
# The same slope for each model of the continuous variance predictor cases (cont-MODEL-N).
cont <- r[r$tool == "hlm" & startsWith(r$case, "cont-"), ]
for (model in unique(sub("-[0-9]+$", "", cont$case))) {
  m <- cont[sub("-[0-9]+$", "", cont$case) == model, ]
  if (nrow(m) < 2) next
  n <- as.numeric(sub(".*-", "", m$case))
  slope <- coef(lm(log(as.numeric(m$seconds)) ~ log(n)))[2]
  lines <- c(lines, sprintf("%s: hlm's time grows as N^%.2f between %s and %s rows.", model, slope,
                            format(min(n), big.mark = ","), format(max(n), big.mark = ",")))
}
# Three levels: how hlm's time and peak memory grow with N between the simulated sizes (hlm3-sim-N).
sim3 <- r[r$tool == "hlm" & grepl("^hlm3-sim-[0-9]+$", r$case), ]
if (nrow(sim3) >= 2) {
  n <- as.numeric(sub("hlm3-sim-", "", sim3$case))
  kb <- as.numeric(sim3$peak_kb)
  lines <- c(lines, "", sprintf(paste("Three levels: hlm's time grows as N^%.2f and its peak memory as N^%.2f between %s and",
                                      "%s rows (log-log slopes; %.0f MB per million rows beyond the first size)."),
                                coef(lm(log(as.numeric(sim3$seconds)) ~ log(n)))[2], coef(lm(log(kb) ~ log(n)))[2],
                                format(min(n), big.mark = ","), format(max(n), big.mark = ","),
                                (max(kb) - min(kb)) / 1024 / ((max(n) - min(n)) / 1e6)))
}
writeLines(lines, args[2])
