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
    /// The level-1 outcome's distribution and link (normal unless a non-normal family is asked for).
    var family: ResponseFamily = .normal
    /// The level-1 column holding each row's number of trials (binomial only).
    var trialsVariable: String?
    /// The level-1 column holding each row's exposure (Poisson only): ln exposure enters eta as an offset.
    var exposureVariable: String?
    /// Whether the level-1 dispersion sigma^2 is estimated (HLM's over-dispersion option; binomial and Poisson
    /// under PQL) instead of fixed at 1.
    var overdispersion = false
    /// A three-level model's level-3 equations, one per level-2 coefficient (each level-2 equation's
    /// predictors in order, equations in level-1 order, defaults filled in); empty for a two-level model.
    var level3: [Level3Equation] = []

    /// Creates a specification without validation (use the parser's `make` to validate and fill defaults).
    init(level1: Level1Equation, level2: [Level2Equation], variancePredictors: [Predictor] = []) {
        self.level1 = level1
        self.level2 = level2
        self.variancePredictors = variancePredictors
    }

    /// Whether sigma^2 is modelled log-linearly (heterogeneous level-1 variance).
    var isHeterogeneous: Bool { !variancePredictors.isEmpty }

    /// Whether the model has a third level (level-3 equations).
    public var isThreeLevel: Bool { !level3.isEmpty }
}
