/// A level-2 equation: beta_qj = gamma_q0 [INTRCPT2] + gamma_q1 W_1j + ... [+ u_qj].
struct Level2Equation: Sendable, Equatable {
    /// The level-1 coefficient this equation models: `INTRCPT1` or a level-1 predictor's name.
    var coefficient: String
    /// Whether `INTRCPT2` was written.
    var hasIntercept: Bool
    /// The level-2 predictors in the order written.
    var predictors: [Predictor]
    /// Whether the coefficient has a random effect u_qj.
    var isRandom: Bool

    /// Creates a level-2 equation.
    init(coefficient: String, hasIntercept: Bool, predictors: [Predictor], isRandom: Bool) {
        self.coefficient = coefficient.uppercased()
        self.hasIntercept = hasIntercept
        self.predictors = predictors
        self.isRandom = isRandom
    }

    /// HLM's default when a coefficient has no level-2 equation: `INTRCPT1` random with `INTRCPT2` only;
    /// a slope fixed with `INTRCPT2` only.
    static func hlmDefault(for coefficient: String) -> Level2Equation {
        let name = coefficient.uppercased()
        return Level2Equation(coefficient: name, hasIntercept: true, predictors: [], isRandom: name == "INTRCPT1")
    }

    /// The level-2 predictor names in order: `INTRCPT2` (when present) then each predictor's name.
    var predictorNames: [String] {
        (hasIntercept ? ["INTRCPT2"] : []) + predictors.map(\.name)
    }
}
