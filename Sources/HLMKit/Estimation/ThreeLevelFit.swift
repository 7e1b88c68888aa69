/// A fitted three-level model: the estimates at the optimum of `ThreeLevelLikelihood` and how the search ended.
struct ThreeLevelFit: Sendable {
    /// The design fitted.
    var design: ThreeLevelDesign
    /// REML or full ML.
    var method: EstimationMethod
    /// The relative Cholesky factors at the optimum (see `ThreeLevelLikelihood`).
    var theta: [Double]
    /// The fixed effects gamma_pqs, in the design's order.
    var gamma: [Double]
    /// Cov(gamma) = sigma^2 (X'V^-1 X sigma^2)^-1, the model-based covariance.
    var gammaCovariance: Matrix
    /// The robust (sandwich) covariance of gamma, clustered at level 3:
    /// A^-1 (sum_k X_k'V_k^-1 e_k e_k'V_k^-1 X_k) A^-1 with A = X'V^-1 X and e = y - X gamma.
    var robustCovariance: Matrix
    /// sigma^2, Tau_pi (level 2) and Tau_beta (level 3).
    var sigma2: Double
    var tauPi: Matrix
    var tauBeta: Matrix
    /// The deviance: -2 log-likelihood (full ML) or -2 restricted log-likelihood (REML, lme4's REML criterion).
    var deviance: Double
    /// The optimiser's record; `gradientNorm` is the Euclidean norm of the deviance's gradient in theta (and
    /// alpha) at the optimum (exact).
    var convergence: ConvergenceRecord
    var history: [IterationStep]
    /// A heterogeneous model's alpha_1 ... alpha_m (log sigma^2_i = ln sigma2 + c_i'alpha; empty when homogeneous)
    /// and their SEs from the finite-difference Hessian at the optimum (nil when it was not certified).
    var alpha: [Double] = []
    var alphaStandardErrors: [Double?] = []
    /// The random effects' conditional modes (posterior means) at the estimates: r_j per level-2 unit, u_k per
    /// level-3 unit (`ThreeLevelLikelihood.conditionalModes`).
    var level2Modes: [[Double]] = [], level3Modes: [[Double]] = []
    /// The homogeneous fit a heterogeneous one started from (deviance and parameters); nil otherwise.
    var homogeneous: ModelDeviance?

    /// The parameters the deviance counts: gamma (full ML only, as HLM), sigma^2 and the distinct elements of
    /// Tau_pi and Tau_beta.
    var parameterCount: Int {
        let q2 = design.level2Count, q3 = design.level3Count
        return (method == .fml ? design.fixedCount : 0) + 1 + design.varianceCount + q2 * (q2 + 1) / 2 + q3 * (q3 + 1) / 2
    }
}

extension ThreeLevelFit {
    /// The index of each level-2 unit's level-3 unit.
    var level3OfUnit: [Int] {
        let units3 = design.grouping.levels[1]
        var level3OfUnit = [Int](repeating: 0, count: design.level2UnitCount)
        for k in 0..<units3.count { for j in units3.members(of: k) { level3OfUnit[j] = k } }
        return level3OfUnit
    }

    /// FITTED_i = x_i'gamma + z2_i'r_j + z3_i'u_k of every level-1 row, in the design's grouped order (x_i'gamma
    /// alone when the conditional modes could not be computed): what the level-1 residual file and the residual
    /// plot show, with RESIDUAL_i = y_i - FITTED_i.
    var fittedValues: [Double] {
        let w = design.width, p = design.fixedCount, q2 = design.level2Count, q3 = design.level3Count
        let hasModes = !level2Modes.isEmpty && !level3Modes.isEmpty, level3OfUnit = level3OfUnit
        var fitted = [Double](repeating: 0, count: design.rowCount)
        for j in 0..<design.level2UnitCount {
            for i in design.grouping.rows(ofUnit: j) {
                let base = i * w
                var value = 0.0
                for c in 0..<p { value += design.rows[base + c] * gamma[c] }
                if hasModes {
                    let r = level2Modes[j], u = level3Modes[level3OfUnit[j]]
                    for c in 0..<q2 { value += design.rows[base + p + c] * r[c] }
                    for c in 0..<q3 { value += design.rows[base + p + q2 + c] * u[c] }
                }
                fitted[i] = value
            }
        }
        return fitted
    }
}
