/// The numeric form of a two-level model on its data: per level-1 row the fixed-effects row x_ij (p),
/// the random-effects row z_ij (q) and the outcome y_ij, with rows contiguous by unit (`grouping`), and the
/// response side (`level1`: the level-1 variance rows c_ij, H + 1 each, first entry 1).
///
/// The fixed effects are in HLM's order: for each level-1 coefficient beta_q (INTRCPT1 first, then the
/// level-1 predictors as written) its level-2 predictors (INTRCPT2 first); column (q, s) of X is
/// x_qij * w_sj (Raudenbush & Bryk 2002, eq. 2.15's mixed form).
struct ModelDesign: Sendable {
    /// One fixed effect's labels: the level-1 coefficient and the level-2 predictor.
    struct FixedEffectLabel: Sendable, Equatable {
        /// INTRCPT1 or a level-1 predictor.
        var coefficient: String
        /// INTRCPT2 or a level-2 predictor.
        var predictor: String
    }

    /// Labels of the p fixed effects, in column order.
    var fixedEffects: [FixedEffectLabel]
    /// Names of the q random level-1 coefficients, in column order of Z.
    var randomCoefficients: [String]
    /// The units and their rows: rows of unit j are `grouping.rows(ofUnit: j)`.
    var grouping: Grouping
    /// Row i is `rows[i * rowWidth ..< (i + 1) * rowWidth]` = [x_i (p), z_i (q), y_i].
    var rows: [Double]
    /// The response side: the outcome's shift and the level-1 variance model (C, its centring, ln|W_j|).
    var level1: Level1Model
    /// HLM's approximate df of each fixed effect: J - S_q - 1 for a coefficient of a random level-1
    /// coefficient (S_q = its number of level-2 predictors besides INTRCPT2), N - p for a fixed one.
    var degreesOfFreedom: [Int]
    /// The design's user-scale columns: the level-1 coefficients' columns and the fixed effects' level-2
    /// values, centred as specified but not by `standardisation`. Estimation never reads them; HLM's OLS-based
    /// statistics (the units' own fits, fitted values, residual files) are defined on them.
    var levels: LevelColumns
    /// The centring of uncentred predictors in `rows`, and the exact maps of gamma, Tau and u_j back to the
    /// user's columns (see `DesignStandardisation`; C's is `level1.centring`).
    var standardisation: DesignStandardisation
    /// sum_i x_i x_i' over all rows, packed upper triangle (`TrianglePacking`), as `build` summed it for the
    /// collinearity check: the homogeneous moments reuse it instead of a second N p^2 / 2 pass
    /// (`VarianceStrata.unitTotals`). Empty when not computed.
    var fixedCrossProducts: [Double] = []
    /// sum_i z_iq^2 over all rows for each random column q (Z's diagonal of the cross-products `build` forms for
    /// the collinearity checks), so that the boundary warning's mean squares need no pass over the rows.
    var randomSquares: [Double] = []
    /// The rows' columns as level-1 columns times level-2 values, for passes that form products per unit
    /// rather than per row (`RowFactors`); nil when some column has no base column or they do not pay
    /// (`RowFactors.pays`).
    var rowFactors: RowFactors?

    /// p, the number of fixed effects.
    var fixedCount: Int { fixedEffects.count }
    /// q, the number of random coefficients.
    var randomCount: Int { randomCoefficients.count }
    /// H + 1, the number of alphas (`level1.varianceCount`).
    var varianceCount: Int { level1.varianceCount }
    /// p + q + 1.
    var rowWidth: Int { fixedCount + randomCount + 1 }
    /// N, the number of level-1 rows.
    var rowCount: Int { grouping.rowCount }
    /// J, the number of units.
    var unitCount: Int { grouping.unitCount }

    /// The fixed effects on the user's scale from those fitted on the internal columns and shifted outcome:
    /// S^-1 gamma (the centring of uncentred predictors, `DesignStandardisation`), plus m on the intercept
    /// column INTRCPT1/INTRCPT2 (see `Level1Model.outcomeShift`).
    func reportedGamma(_ gamma: [Double]) -> [Double] {
        addingOutcomeShift(standardisation.fixed.userCoefficients(gamma))
    }

    /// gamma with m added on the intercept column INTRCPT1/INTRCPT2 (see `Level1Model.outcomeShift`).
    func addingOutcomeShift(_ gamma: [Double]) -> [Double] {
        guard level1.outcomeShift != 0, let intercept = interceptColumn else { return gamma }
        var reported = gamma
        reported[intercept] += level1.outcomeShift
        return reported
    }

    /// The column of the fixed effect INTRCPT1/INTRCPT2 (all ones), if the model has it.
    var interceptColumn: Int? {
        fixedEffects.firstIndex { $0.coefficient == "INTRCPT1" && $0.predictor == "INTRCPT2" }
    }

    /// The same design with a homogeneous level-1 variance (C = 1).
    var homogeneous: ModelDesign {
        var d = self
        d.level1 = level1.homogeneous(over: grouping)
        return d
    }
}
