/// A three-level model in numbers (HLM3): level 1 Y = sum_p pi_p a_p + e, level 2 pi_p = sum_q beta_pq X_q + r_p,
/// level 3 beta_pq = sum_s gamma_pqs W_s + u_pq, so that row i of level-2 unit j in level-3 unit k is
///
///     y_i = x_i' gamma + z2_i' r_j + z3_i' u_k + e_i,   x = (a_p X_q W_s), z2 = (a_p: p random at level 2),
///     z3 = (a_p X_q: pq random at level 3),
///
/// with r_j ~ N(0, Tau_pi), u_k ~ N(0, Tau_beta), e_i ~ N(0, sigma^2). Predictors are centred as written: a
/// level-1 `group(X)` on its level-2 unit's mean, a level-2 `group(X)` on its level-3 unit's mean (over the
/// level-2 units used), `grand(X)` on the mean over the units of its own level.
struct ThreeLevelDesign: Sendable {
    /// A fixed effect gamma_pqs: level-1 coefficient p, level-2 predictor q, level-3 predictor s (names).
    struct FixedLabel: Sendable, Equatable {
        var coefficient: String, level2Predictor: String, predictor: String
    }

    /// The nesting: rows in level-2 units (`levels[0]`), level-2 units in level-3 units (`levels[1]`).
    var grouping: Grouping
    /// The fixed effects, in order p, q, s.
    var fixedLabels: [FixedLabel]
    /// The level-1 coefficients random at level 2 (the rows and columns of Tau_pi).
    var level2Random: [String]
    /// The level-2 coefficients `COEF1/COEF2` random at level 3 (the rows and columns of Tau_beta).
    var level3Random: [String]
    /// Row-major rows (x, z2, z3, y): `width = p + q2 + q3 + 1` values per level-1 row, in grouped order.
    var rows: [Double]
    /// The predictors of the level-1 variance, log sigma^2_i = alpha_0 + alpha_1 c_1i + ... (empty: homogeneous).
    var variancePredictors: [String] = []
    /// Row-major c_i (one value per variance predictor per row, grouped order), centred as written.
    var varianceRows: [Double] = []
    /// Each fixed effect's df by HLM3's rule (see `ModelDesign3.build`).
    var fixedDF: [Int]

    /// m, the number of variance predictors besides the intercept alpha_0.
    var varianceCount: Int { variancePredictors.count }
    /// p, the number of fixed effects.
    var fixedCount: Int { fixedLabels.count }
    /// q2, the number of random effects per level-2 unit.
    var level2Count: Int { level2Random.count }
    /// q3, the number of random effects per level-3 unit.
    var level3Count: Int { level3Random.count }
    /// Values per row.
    var width: Int { fixedCount + level2Count + level3Count + 1 }
    /// N, J and K.
    var rowCount: Int { grouping.rowCount }
    var level2UnitCount: Int { grouping.unitCount }
    var level3UnitCount: Int { grouping.level3?.count ?? 0 }

    /// The level-2 units of level-3 unit k.
    func level2Units(of k: Int) -> Range<Int> { grouping.levels[1].members(of: k) }
}
