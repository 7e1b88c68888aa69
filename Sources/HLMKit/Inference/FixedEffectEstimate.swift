/// One fixed effect gamma_qs: the effect of level-2 predictor s on level-1 coefficient q.
public struct FixedEffectEstimate: Sendable, Equatable {
    /// The level-1 coefficient (INTRCPT1 or a level-1 predictor), upper-case.
    public var coefficient: String
    /// The level-2 predictor (INTRCPT2 or a level-2 variable), upper-case.
    public var predictor: String
    /// gamma_qs.
    public var estimate: Double
    /// Model-based SE: sqrt of the diagonal of (sum_j X_j' V_j^-1 X_j)^-1.
    public var standardError: Double
    /// estimate / standardError.
    public var tRatio: Double
    /// HLM's approximate df: J - S_q - 1 for a random coefficient, N - F for a fixed one.
    public var degreesOfFreedom: Int
    /// Two-sided p from Student t with `degreesOfFreedom`.
    public var pValue: Double
}
