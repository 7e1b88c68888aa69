/// The numeric form of a two-level model on its data: per level-1 row the fixed-effects row x_ij (p),
/// the random-effects row z_ij (q), the outcome y_ij and the level-1 variance row c_ij (H + 1, first entry 1),
/// with rows contiguous by unit.
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
    /// `INTRCPT1` followed by the H level-1 variance predictors.
    var variancePredictors: [String]
    /// Rows of unit j are `unitOffsets[j] ..< unitOffsets[j + 1]`.
    var unitOffsets: [Int]
    /// Row i is `rows[i * rowWidth ..< (i + 1) * rowWidth]` = [x_i (p), z_i (q), y_i].
    var rows: [Double]
    /// Row i of C is `varianceRows[i * (H + 1) ..< (i + 1) * (H + 1)]`, first entry 1.
    var varianceRows: [Double]
    /// HLM's approximate df of each fixed effect: J - S_q - 1 for a coefficient of a random level-1
    /// coefficient (S_q = its number of level-2 predictors besides INTRCPT2), N - p for a fixed one.
    var degreesOfFreedom: [Int]
    /// The design's user-scale columns: the level-1 coefficients' columns and the fixed effects' level-2
    /// values, centred as specified but not by `standardisation`. Estimation never reads them; HLM's OLS-based
    /// statistics (the units' own fits, fitted values, residual files) are defined on them.
    var levels: LevelColumns
    /// The constant m subtracted from the outcome in `rows` (its mean when the model has the intercept column
    /// INTRCPT1/INTRCPT2, else 0), so that the cross-products of [X Z y] do not cancel catastrophically when
    /// the outcome sits far from zero (y + 1e9). The model is unchanged: only the intercept gamma_00 moves by
    /// m (`reportedGamma`); deviance, Tau, sigma^2 and every residual are the same.
    var outcomeShift = 0.0
    /// The centring of uncentred predictors in `rows` and `varianceRows`, and the exact maps of gamma, Tau,
    /// u_j and alpha back to the user's columns (see `DesignStandardisation`).
    var standardisation: DesignStandardisation

    /// p, the number of fixed effects.
    var fixedCount: Int { fixedEffects.count }
    /// q, the number of random coefficients.
    var randomCount: Int { randomCoefficients.count }
    /// H + 1, the number of alphas.
    var varianceCount: Int { variancePredictors.count }
    /// p + q + 1.
    var rowWidth: Int { fixedCount + randomCount + 1 }
    /// N, the number of level-1 rows.
    var rowCount: Int { unitOffsets.last ?? 0 }
    /// J, the number of units.
    var unitCount: Int { unitOffsets.count - 1 }
    /// Whether the level-1 variance is modelled (H > 0).
    var isHeterogeneous: Bool { varianceCount > 1 }

    /// The fixed effects on the user's scale from those fitted on the internal columns and shifted outcome:
    /// S^-1 gamma (the centring of uncentred predictors, `DesignStandardisation`), plus m on the intercept
    /// column INTRCPT1/INTRCPT2 (see `outcomeShift`).
    func reportedGamma(_ gamma: [Double]) -> [Double] {
        addingOutcomeShift(standardisation.fixed.userCoefficients(gamma))
    }

    /// gamma with m added on the intercept column INTRCPT1/INTRCPT2 (see `outcomeShift`).
    func addingOutcomeShift(_ gamma: [Double]) -> [Double] {
        guard outcomeShift != 0, let intercept = interceptColumn else { return gamma }
        var reported = gamma
        reported[intercept] += outcomeShift
        return reported
    }

    /// The column of the fixed effect INTRCPT1/INTRCPT2 (all ones), if the model has it.
    var interceptColumn: Int? {
        fixedEffects.firstIndex { $0.coefficient == "INTRCPT1" && $0.predictor == "INTRCPT2" }
    }

    /// The same design with a homogeneous level-1 variance (C = 1).
    var homogeneous: ModelDesign {
        var d = self
        d.variancePredictors = ["INTRCPT1"]
        d.varianceRows = Array(repeating: 1, count: rowCount)
        d.standardisation.variance = ColumnShifts(count: 1)
        return d
    }
}
