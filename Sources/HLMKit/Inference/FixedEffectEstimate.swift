import HLMPlatform

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
    /// For a logit or log link, exp(gamma) (the odds ratio or event-rate ratio) with its 95% confidence
    /// interval; nil for the normal model.
    public var ratio: RatioEstimate? = nil
}

/// exp(gamma) for a logit link (odds ratio) or a log link (event-rate ratio), with the 95% interval
/// exp(gamma -+ t_{0.975, df} SE) on the fixed effect's df and standard error (as HLM prints it for an HGLM).
public struct RatioEstimate: Sendable, Equatable {
    /// exp(gamma).
    public var ratio: Double
    /// exp(gamma - t_{0.975, df} SE).
    public var lower: Double
    /// exp(gamma + t_{0.975, df} SE).
    public var upper: Double

    /// The ratio and interval of a fixed effect's estimate and standard error, `quantile` = t_{0.975, df} on its
    /// df (`Distributions.studentTQuantile`).
    init(_ effect: FixedEffectEstimate, quantile: Double) {
        let half = quantile * effect.standardError
        ratio = exp(effect.estimate)
        lower = exp(effect.estimate - half)
        upper = exp(effect.estimate + half)
    }
}
