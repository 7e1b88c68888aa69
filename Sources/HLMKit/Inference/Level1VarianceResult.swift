/// The heterogeneous level-1 variance block: alphas and the homogeneous-vs-heterogeneous comparison.
public struct Level1VarianceResult: Sendable, Equatable {
    /// `INTRCPT1` then the variance predictors' names.
    public var predictors: [String]
    /// One row per alpha_h.
    public var alpha: [AlphaEstimate]
    /// The homogeneous model fitted first.
    public var homogeneous: ModelDeviance
    /// The heterogeneous model.
    public var heterogeneous: ModelDeviance
    /// deviance(homogeneous) - deviance(heterogeneous).
    public var chiSquare: Double
    /// H, the number of variance predictors.
    public var degreesOfFreedom: Int
    /// Upper-tail chi-square p.
    public var pValue: Double
}
