import HLMPlatform

/// The deviance and parameter count of one model in a comparison.
public struct ModelDeviance: Sendable, Equatable {
    /// -2 log L (or the REML criterion) including the N ln(2 pi) constant.
    public var deviance: Double
    /// Estimated parameters, counted as HLM does.
    public var parameters: Int
    /// HLM's heterogeneous-sigma^2 block prints deviance - ln(2 pi).
    public var devianceHLM: Double { deviance - log(2 * Double.pi) }
}
