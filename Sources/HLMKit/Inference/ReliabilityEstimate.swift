/// The reliability of a random level-1 coefficient's OLS estimates: the mean over the units J' of
/// lambda_qj = tau_qq / (tau_qq + V_qqj), V_j as in `VarianceComponentTest`.
public struct ReliabilityEstimate: Sendable, Equatable {
    /// The random level-1 coefficient.
    public var coefficient: String
    /// The mean of lambda_qj over J'.
    public var estimate: Double
}
