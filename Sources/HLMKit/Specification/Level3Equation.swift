/// A level-3 equation of a three-level model (HLM3's notation `COEF1/COEF2 = INTRCPT3 + W1 + ... [+ random]`):
/// beta_pqk = gamma_pq0 [INTRCPT3] + gamma_pq1 W_1k + ... [+ u_pqk], where beta_pqk is the coefficient of
/// level-2 predictor q (`INTRCPT2` or a level-2 variable) in the level-2 equation of level-1 coefficient p.
struct Level3Equation: Sendable, Equatable {
    /// The level-1 coefficient p: `INTRCPT1` or a level-1 predictor's name.
    var coefficient: String
    /// The level-2 predictor q of p's level-2 equation: `INTRCPT2` or a level-2 variable's name.
    var level2Predictor: String
    /// Whether `INTRCPT3` was written.
    var hasIntercept: Bool
    /// The level-3 predictors in the order written.
    var predictors: [Predictor]
    /// Whether the coefficient has a random effect u_pqk.
    var isRandom: Bool

    /// Creates a level-3 equation.
    init(coefficient: String, level2Predictor: String, hasIntercept: Bool, predictors: [Predictor], isRandom: Bool) {
        self.coefficient = coefficient.uppercased()
        self.level2Predictor = level2Predictor.uppercased()
        self.hasIntercept = hasIntercept
        self.predictors = predictors
        self.isRandom = isRandom
    }

    /// HLM3's default when a level-2 coefficient has no level-3 equation: `INTRCPT3` only, random for
    /// `INTRCPT1/INTRCPT2` (the model's intercept varies over level-3 units, as at level 2) and fixed otherwise.
    static func hlmDefault(coefficient: String, level2Predictor: String) -> Level3Equation {
        let isIntercept = coefficient.uppercased() == ReservedWord.intercept1
            && level2Predictor.uppercased() == ReservedWord.intercept2
        return Level3Equation(coefficient: coefficient, level2Predictor: level2Predictor, hasIntercept: true,
                              predictors: [], isRandom: isIntercept)
    }

    /// `COEF1/COEF2`, the left side as HLM3 writes it.
    var name: String { "\(coefficient)/\(level2Predictor)" }

    /// The level-3 predictor names in order: `INTRCPT3` (when present) then each predictor's name.
    var predictorNames: [String] {
        (hasIntercept ? [ReservedWord.intercept3] : []) + predictors.map(\.name)
    }
}
