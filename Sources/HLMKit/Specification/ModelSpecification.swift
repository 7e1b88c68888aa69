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
