/// What the inference stage adds to a fit, as HLM2 prints it: robust standard errors, chi-square tests of the
/// variance components, reliabilities, the homogeneity-of-variance test, hypothesis tests and model comparison.
///
/// Computed by `Inference.compute` at the final estimates of the model as specified (the heterogeneous model
/// when sigma^2 is modelled).
public struct InferenceResults: Sendable, Equatable {
    /// The fixed effects with robust standard errors (CR0 sandwich, see `Inference`), t = estimate / SE and
    /// two-sided Student-t p with the model-based table's df.
    public var robustFixedEffects: [FixedEffectEstimate]
    /// One row per random coefficient (with its chi-square test), then the level-1 row for a homogeneous
    /// sigma^2 (without a test).
    public var varianceComponents: [VarianceComponentTest]
    /// J', the units whose level-1 design X_j'X_j is nonsingular (enough rows and variation for their own OLS
    /// fit): the units behind the chi-square tests and the reliabilities.
    public var olsUnits: Int
    /// J, all units used in the fit.
    public var unitCount: Int
    /// The mean reliability of each random level-1 coefficient.
    public var reliabilities: [ReliabilityEstimate]
    /// Tau's elements and sigma^2 (or the alphas) with standard errors (printed with `--full-output`).
    public var covarianceParameters: [CovarianceParameterEstimate] = []
    /// Satterthwaite df and p of each fixed effect (model-based SE), when asked for (`--df satterthwaite`).
    public var satterthwaite: [SatterthwaiteTest]?
    /// The test of homogeneity of the level-1 variance, when asked for.
    public var homogeneityTest: HomogeneityTest?
    /// The multivariate Wald tests on the fixed effects that were asked for.
    public var hypothesisTests: [WaldTest] = []
    /// The likelihood-ratio test against a previous model's deviance, when one was given.
    public var modelComparison: LikelihoodRatioTest?
    /// HLM's residual files, when asked for.
    public var residuals: ResidualTables?
}
