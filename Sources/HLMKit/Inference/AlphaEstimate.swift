/// One alpha_h of the level-1 variance model log sigma^2_ij = c_ij' alpha.
public struct AlphaEstimate: Sendable, Equatable {
    /// INTRCPT1 for alpha_0, else the variance predictor's name.
    public var predictor: String
    /// alpha_h.
    public var estimate: Double
    /// From the inverse expected information of (T, alpha) at the optimum.
    public var standardError: Double
    /// estimate / standardError.
    public var zRatio: Double
    /// Two-sided p from the standard normal.
    public var pValue: Double
    /// Two-sided p from Student t with J - 1 df, as HLM prints it.
    public var pValueHLM: Double
}
