/// What the inference stage computes besides what HLM always prints (robust SEs, variance-component tests,
/// reliabilities).
public struct InferenceOptions: Sendable, Equatable {
    /// Whether to test homogeneity of the level-1 variance (`--homvar`, command file `homvar:y`).
    public var homogeneityTest: Bool
    /// The residual df a unit needs to enter the homogeneity test (`--homvar-min-df`; HLM uses 10).
    public var homogeneityMinimumDegreesOfFreedom: Int
    /// Wald tests on the fixed effects (`--test`, command-file `gammaK:` lines).
    public var hypothesisTests: [FixedEffectHypothesis]
    /// A previous model's deviance and parameter count to compare with (command file `deviance:` and `df:`).
    public var previousModel: ModelDeviance?
    /// Whether to compute Satterthwaite df for the fixed effects (`--df satterthwaite`).
    public var satterthwaite: Bool
    /// Whether to build the residual tables (`--residuals1`, `--residuals2`, command file `resfil1`, `resfil2`).
    public var residuals: Bool

    /// Creates options; by default no homogeneity test (minimum 10 df), no hypothesis tests, no comparison,
    /// no Satterthwaite df, no residual tables.
    public init(homogeneityTest: Bool = false, homogeneityMinimumDegreesOfFreedom: Int = 10,
                hypothesisTests: [FixedEffectHypothesis] = [], previousModel: ModelDeviance? = nil,
                satterthwaite: Bool = false, residuals: Bool = false) {
        self.homogeneityTest = homogeneityTest
        self.homogeneityMinimumDegreesOfFreedom = homogeneityMinimumDegreesOfFreedom
        self.hypothesisTests = hypothesisTests
        self.previousModel = previousModel
        self.satterthwaite = satterthwaite
        self.residuals = residuals
    }
}
