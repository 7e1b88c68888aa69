extension TextReport {
    /// The design weights a weighted fit used: columns, normalisation, sums and Kish's effective sample sizes
    /// at each level, the rows and units excluded for a zero weight, and what the weights change in reading the
    /// report (a pseudo-likelihood, the sandwich SEs). Nothing for an unweighted fit.
    static func weightsSection(_ weights: WeightSummary?) -> [String] {
        guard let weights else { return [] }
        let normalisation = weights.level1Normalisation == DesignWeights.Level1Normalisation.raw.rawValue
            ? "raw (as in the file)" : "scaled to sum to each unit's number of rows"
        var lines = ["Design weights (pseudo-maximum likelihood)", ""]
        lines.append("    Level-1 weight                   = " + (weights.level1Column.map { "\($0), \(normalisation)" } ?? "none"))
        lines.append("    Level-2 weight                   = " + (weights.level2Column.map { "\($0), scaled to sum to J" } ?? "none"))
        lines.append("    Sum of level-1 weights           = " + ReportNumberFormat.fixed(weights.level1Sum, 3))
        lines.append("    Effective level-1 sample size    = " + ReportNumberFormat.fixed(weights.level1EffectiveSize, 3))
        lines.append("    Sum of level-2 weights           = " + ReportNumberFormat.fixed(weights.level2Sum, 3))
        lines.append("    Effective level-2 sample size    = " + ReportNumberFormat.fixed(weights.level2EffectiveSize, 3))
        lines.append("    Excluded for a zero weight       = \(weights.rowsWithZeroWeight) level-1 rows, "
            + "\(weights.unitsWithZeroWeight) units (\(weights.rowsOfUnitsWithZeroWeight) rows), "
            + "\(weights.unitsWithAllRowsZeroWeight) units with all rows weighted 0")
        lines.append("")
        return lines + [
            "    The deviance is -2 log pseudo-likelihood: differences of deviances between weighted fits (the",
            "    sigma^2 model comparison, deviance:/df:) are not chi-square tests. Use the fixed effects' robust",
            "    standard errors (sandwich clustered on units); the model-based ones treat the weights as",
            "    frequencies.", ""]
    }
}
