# Descriptive statistics of every column of data/hsb1.csv and data/hsb2.csv (N, mean, sample SD, minimum,
# maximum), the reference of VariableDescriptivesTests (hlm-studio's variable lists).
# Run from the package root: Rscript references/descriptives-references.R
library(jsonlite)
describe <- function(path) {
  table <- read.csv(path)
  lapply(names(table), function(name) {
    x <- table[[name]]
    list(name = name, count = sum(!is.na(x)), mean = mean(x, na.rm = TRUE), sd = sd(x, na.rm = TRUE),
         minimum = min(x, na.rm = TRUE), maximum = max(x, na.rm = TRUE))
  })
}
result <- list(hsb1 = describe("data/hsb1.csv"), hsb2 = describe("data/hsb2.csv"))
writeLines(toJSON(result, auto_unbox = TRUE, digits = NA, pretty = TRUE),
           "Tests/HLMKitTests/Fixtures/Descriptives/hsb-descriptives.json")
