/// The level-1 equation: Y_ij = beta_0j [INTRCPT1] + beta_1j X_1ij + ... + r_ij.
struct Level1Equation: Sendable, Equatable {
    /// The outcome variable (upper-cased).
    var outcome: String
    /// Whether `INTRCPT1` was written (HLM gives an intercept only when asked).
    var hasIntercept: Bool
    /// The level-1 predictors in the order written.
    var predictors: [Predictor]

    /// Creates a level-1 equation.
    init(outcome: String, hasIntercept: Bool, predictors: [Predictor]) {
        self.outcome = outcome.uppercased()
        self.hasIntercept = hasIntercept
        self.predictors = predictors
    }

    /// The level-1 coefficient names in order: `INTRCPT1` (when present) then each predictor's name.
    var coefficientNames: [String] {
        (hasIntercept ? ["INTRCPT1"] : []) + predictors.map(\.name)
    }
}
