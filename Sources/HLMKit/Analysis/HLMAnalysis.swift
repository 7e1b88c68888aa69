/// Everything the report needs: the model as specified, the data used and the fits.
public struct HLMAnalysis: Sendable {
    /// Title for the report (command file `title:`, or a default).
    public var title: String
    /// The model.
    public var specification: ModelSpecification
    /// What data were read, used and excluded.
    public var data: DataSummary
    /// Optimiser settings used.
    public var options: EstimationOptions
    /// The final fit (the heterogeneous one when sigma^2 is modelled).
    public var fit: HLMFit
    /// The homogeneous fit that precedes a heterogeneous one; nil otherwise.
    public var homogeneousFit: HLMFit?
    /// Robust SEs, variance-component tests, reliabilities and requested tests of `fit`; nil when the
    /// inference stage did not run.
    public var inference: InferenceResults?
    /// What HLM always prints after the estimates (robust SEs, variance-component tests, reliabilities) for the
    /// homogeneous model that precedes a heterogeneous one; nil otherwise.
    public var homogeneousInference: InferenceResults?
    /// The design weights used (sums, effective sizes, zero-weight exclusions); nil for an unweighted fit.
    public var weights: WeightSummary?
    /// Hashes of the used rows and values (`DataFingerprint`), saved in the JSON for `hlm compare`; nil when
    /// the analysis was assembled without its data.
    var dataFingerprint: DataFingerprint?
}
