/// HLM's OLS-based statistics of the random level-1 coefficients: the chi-square test of each tau_qq and the
/// reliability of each coefficient, over the units J' whose level-1 design has full column rank
/// (see `VarianceComponentTest` and `ReliabilityEstimate` for the formulas).
struct VarianceComponentAnalysis {
    let design: ModelDesign
    /// Tau on the user's columns.
    let tau: Matrix
    /// gamma on the user's columns (S^-1 gamma, `DesignStandardisation`), as the level-2 values in `levels`
    /// are, for the outcome less `Level1Model.outcomeShift`, as the units' OLS fits regress it.
    let gamma: [Double]
    /// Every unit's OLS fit, weighted by 1 / sigma^2_ij at the final estimates.
    let unitFits: [UnitLeastSquares]
    /// J': the units whose fit has (X_j'D_j^-1X_j)^-1.
    let usableUnits: [Int]
    /// For each level-1 coefficient (index into `design.levels.coefficients`), its fixed effects (indices into
    /// gamma), looked up once rather than once per unit.
    private let effectIndices: [[Int]]

    init(design: ModelDesign, tau: Matrix, gamma: [Double], unitFits: [UnitLeastSquares]) {
        self.design = design
        self.tau = tau
        self.gamma = gamma
        self.unitFits = unitFits
        usableUnits = unitFits.indices.filter { unitFits[$0].covariance != nil }
        effectIndices = design.levels.coefficients.map { design.fixedEffectIndices(of: $0) }
    }

    /// Whether unit j is in J'.
    func isUsable(_ j: Int) -> Bool { unitFits[j].covariance != nil }

    /// The OLS residual beta_hat_qj - w_j'gamma_q of level-1 coefficient `coefficient` (index into
    /// `design.levels.coefficients`) and its sampling variance V_qqj, for a unit in J'.
    func olsResidual(coefficient c: Int, unit j: Int) -> (residual: Double, variance: Double) {
        let fit = unitFits[j]
        let predicted = design.predictedCoefficient(effects: effectIndices[c], unit: j, gamma: gamma)
        return (fit.coefficients[c] - predicted, fit.covariance![c, c])
    }

    /// One row per random coefficient with chi^2_q on J' - (fixed effects of beta_q) df (no test when that is
    /// below 1), then the level-1 row when sigma^2 is homogeneous.
    func tests(sigma2: Double?) -> [VarianceComponentTest] {
        var rows = zip(design.randomCoefficients, design.randomCoefficientIndices).enumerated().map {
            r, pair -> VarianceComponentTest in
            let (name, c) = pair
            let df = usableUnits.count - design.fixedEffectIndices(of: name).count
            let variance = tau[r, r]
            guard df >= 1 else {
                return VarianceComponentTest(coefficient: name, standardDeviation: variance.squareRoot(),
                                             variance: variance, degreesOfFreedom: nil, chiSquare: nil, pValue: nil)
            }
            let chiSquare = usableUnits.reduce(0.0) { sum, j in
                let (residual, v) = olsResidual(coefficient: c, unit: j)
                return sum + residual * residual / v
            }
            return VarianceComponentTest(coefficient: name, standardDeviation: variance.squareRoot(),
                                         variance: variance, degreesOfFreedom: df, chiSquare: chiSquare,
                                         pValue: Distributions.chiSquareUpperTail(chiSquare,
                                                                                  degreesOfFreedom: Double(df)))
        }
        if let sigma2 {
            rows.append(VarianceComponentTest(coefficient: "level-1", standardDeviation: sigma2.squareRoot(),
                                              variance: sigma2, degreesOfFreedom: nil, chiSquare: nil, pValue: nil))
        }
        return rows
    }

    /// The mean over J' of tau_qq / (tau_qq + V_qqj) for each random coefficient (NaN when J' is empty).
    func reliabilities() -> [ReliabilityEstimate] {
        zip(design.randomCoefficients, design.randomCoefficientIndices).enumerated().map { r, pair in
            let total = usableUnits.reduce(0.0) { sum, j in
                sum + tau[r, r] / (tau[r, r] + olsResidual(coefficient: pair.1, unit: j).variance)
            }
            return ReliabilityEstimate(coefficient: pair.0, estimate: total / Double(usableUnits.count))
        }
    }
}
