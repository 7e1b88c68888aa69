/// A non-normal outcome's data per level-1 row, in the design's row order: what the family's density needs
/// besides the linear predictor. The normal model has none (`Level1Model.response` is nil).
struct GeneralizedResponse: Sendable {
    /// The outcome's distribution and link.
    let family: ResponseFamily
    /// y_i as read: 0/1, successes, or counts (never shifted).
    let outcome: [Double]
    /// m_i, the number of trials (1 for Bernoulli and Poisson rows).
    let trials: [Double]
    /// o_i = ln(exposure_i), the offset in eta_i (0 without an exposure column).
    let offset: [Double]
    /// Whether the level-1 dispersion sigma^2 is estimated (HLM's over-dispersion option,
    /// `ModelSpecification.overdispersion`) rather than fixed at 1: Var(y_i | u) = sigma^2 m_i v(mu_i).
    var overdispersion = false
}
