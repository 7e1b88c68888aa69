extension ReportDocument {
    /// `weights`: the design weights a weighted fit used (`WeightSummary`): the columns (null when not given),
    /// the level-1 normalisation (`size` or `raw`), the normalised weights' sums and effective sample sizes
    /// (sum w)^2 / sum w^2 at each level, and the rows and units excluded for a zero weight.
    struct Weights: Codable {
        var level1Column: String?, level2Column: String?, level1Normalisation: String
        var level1Sum: Double, level1EffectiveSize: Double, level2Sum: Double, level2EffectiveSize: Double
        var rowsWithZeroWeight: Int, unitsWithZeroWeight: Int, rowsOfUnitsWithZeroWeight: Int
        var unitsWithAllRowsZeroWeight: Int

        enum CodingKeys: String, CodingKey {
            case level1Column = "level1_column", level2Column = "level2_column"
            case level1Normalisation = "level1_normalisation", level1Sum = "level1_sum"
            case level1EffectiveSize = "level1_effective_size", level2Sum = "level2_sum"
            case level2EffectiveSize = "level2_effective_size", rowsWithZeroWeight = "rows_with_zero_weight"
            case unitsWithZeroWeight = "units_with_zero_weight"
            case rowsOfUnitsWithZeroWeight = "rows_of_units_with_zero_weight"
            case unitsWithAllRowsZeroWeight = "units_with_all_rows_zero_weight"
        }

        /// The summary in the schema.
        init(_ summary: WeightSummary) {
            level1Column = summary.level1Column
            level2Column = summary.level2Column
            level1Normalisation = summary.level1Normalisation
            level1Sum = summary.level1Sum
            level1EffectiveSize = summary.level1EffectiveSize
            level2Sum = summary.level2Sum
            level2EffectiveSize = summary.level2EffectiveSize
            rowsWithZeroWeight = summary.rowsWithZeroWeight
            unitsWithZeroWeight = summary.unitsWithZeroWeight
            rowsOfUnitsWithZeroWeight = summary.rowsOfUnitsWithZeroWeight
            unitsWithAllRowsZeroWeight = summary.unitsWithAllRowsZeroWeight
        }
    }
}
