/// How a predictor is centred before it enters the model (HLM's centering options).
enum Centering: String, Sendable, Codable, Equatable {
    /// Used as stored.
    case uncentered
    /// x_ij - xbar_j: centred on the unit's mean over the rows used in the fit (`group(X)`, `,1`).
    case group
    /// x - xbar: centred on the mean over the rows (or units) used in the fit (`grand(X)`, `,2`).
    case grand
}

/// A variable in an equation with its centering. `name` is upper-cased (names are case-insensitive).
struct Predictor: Sendable, Equatable, Codable {
    /// The variable's name, upper-cased.
    var name: String
    /// How the variable is centred.
    var centering: Centering

    /// Creates a predictor; the name is upper-cased.
    init(_ name: String, centering: Centering = .uncentered) {
        self.name = name.uppercased()
        self.centering = centering
    }
}

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

/// A complete two-level model: the level-1 equation, one level-2 equation per level-1 coefficient
/// (defaults filled in, in level-1 order), and the predictors of the level-1 variance,
/// log sigma^2_ij = alpha_0 + alpha_1 c_1ij + ... (empty for homogeneous sigma^2).
public struct ModelSpecification: Sendable, Equatable {
    /// The level-1 equation.
    var level1: Level1Equation
    /// One equation per level-1 coefficient, in the order of `level1.coefficientNames`.
    var level2: [Level2Equation]
    /// Predictors of log sigma^2 (level-1 or level-2 variables); empty for homogeneous sigma^2.
    var variancePredictors: [Predictor]

    /// Creates a specification without validation (use the parser's `make` to validate and fill defaults).
    init(level1: Level1Equation, level2: [Level2Equation], variancePredictors: [Predictor] = []) {
        self.level1 = level1
        self.level2 = level2
        self.variancePredictors = variancePredictors
    }

    /// Whether sigma^2 is modelled log-linearly (heterogeneous level-1 variance).
    var isHeterogeneous: Bool { !variancePredictors.isEmpty }
}
