/// Design weights, HLM's level-1 and level-2 weights (`--weight1`, `--weight2`; the command file's
/// `level1weight:` and `level2weight:`): the columns and the level-1 weights' normalisation.
///
/// The model is then fitted by pseudo-maximum likelihood (Pfeffermann et al. 1998; Rabe-Hesketh & Skrondal
/// 2006): unit j's log-likelihood with its rows' log-densities multiplied by their level-1 weights a_ij,
/// multiplied by the unit's level-2 weight b_j. Level-2 weights are scaled to sum to J; level-1 weights to sum
/// to n_j within each unit (`Level1Normalisation.unitSize`, HLM's default) or left as they are (`.raw`).
public struct DesignWeights: Sendable, Equatable {
    /// How the level-1 weights are scaled within each unit.
    public enum Level1Normalisation: String, Sendable, CaseIterable {
        /// a_ij = w_ij n_j / sum_i w_ij: the weights sum to the unit's number of rows (HLM's default).
        case unitSize = "size"
        /// a_ij = w_ij as in the file.
        case raw
    }

    /// The level-1 column of the rows' weights, or nil for none (every a_ij = 1).
    public var level1Column: String?
    /// The column of the units' weights (level-2 file, or the level-1 file without one; constant within a
    /// unit), or nil for none (every b_j = 1).
    public var level2Column: String?
    /// The level-1 weights' normalisation.
    public var level1Normalisation: Level1Normalisation

    /// Weights from the columns given (none when both are nil).
    public init(level1Column: String? = nil, level2Column: String? = nil,
                level1Normalisation: Level1Normalisation = .unitSize) {
        self.level1Column = level1Column
        self.level2Column = level2Column
        self.level1Normalisation = level1Normalisation
    }

    /// Whether no weight column is given (an ordinary maximum-likelihood fit).
    public var isEmpty: Bool { level1Column == nil && level2Column == nil }
}

/// The design weights a fit used, as the report prints them: the columns, the normalisation, the sums and
/// Kish's effective sample sizes (sum w)^2 / sum w^2 of the normalised weights at each level, and the rows and
/// units excluded for a zero weight (a missing weight excludes its row or unit like any missing value and is
/// counted in the data summary).
public struct WeightSummary: Sendable, Equatable {
    /// The level-1 weight column (upper-cased), or nil.
    public var level1Column: String?
    /// The level-2 weight column (upper-cased), or nil.
    public var level2Column: String?
    /// "size" (scaled to sum to n_j in each unit) or "raw".
    public var level1Normalisation: String
    /// sum_ij a_ij, the normalised level-1 weights' sum (N when they are scaled to the units' sizes).
    public var level1Sum: Double
    /// (sum a)^2 / sum a^2 over all rows.
    public var level1EffectiveSize: Double
    /// sum_j b_j = J.
    public var level2Sum: Double
    /// (sum b)^2 / sum b^2.
    public var level2EffectiveSize: Double
    /// Level-1 rows excluded because their weight was 0.
    public var rowsWithZeroWeight: Int
    /// Units excluded because their weight was 0.
    public var unitsWithZeroWeight: Int
    /// Level-1 rows of the units excluded for a zero weight.
    public var rowsOfUnitsWithZeroWeight: Int
    /// Units excluded because all their rows had weight 0.
    public var unitsWithAllRowsZeroWeight: Int
}

/// The JSON report's `weights` object (`ReportDocument.Weights`) is this summary, its keys in snake_case.
extension WeightSummary: Codable {
    enum CodingKeys: String, CodingKey {
        case level1Column = "level1_column", level2Column = "level2_column"
        case level1Normalisation = "level1_normalisation", level1Sum = "level1_sum"
        case level1EffectiveSize = "level1_effective_size", level2Sum = "level2_sum"
        case level2EffectiveSize = "level2_effective_size", rowsWithZeroWeight = "rows_with_zero_weight"
        case unitsWithZeroWeight = "units_with_zero_weight"
        case rowsOfUnitsWithZeroWeight = "rows_of_units_with_zero_weight"
        case unitsWithAllRowsZeroWeight = "units_with_all_rows_zero_weight"
    }
}
