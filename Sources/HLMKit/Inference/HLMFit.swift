/// A fitted two-level model: estimates, standard errors, deviance and the optimisation record.
public struct HLMFit: Sendable, Equatable {
    /// REML or full ML.
    public var method: EstimationMethod
    /// -2 log L (FML) or the REML criterion, with the 2 pi constant (lme4's convention); for an HGLM the
    /// Laplace or AGQ approximation of -2 log L, and NaN for PQL, which has no likelihood of the data (the
    /// reports say so instead of printing a number).
    public var deviance: Double
    /// Estimated parameters as HLM counts them (REML: covariance parameters; FML adds the fixed effects).
    public var parameterCount: Int
    /// gamma with model-based inference, in HLM's order (by level-1 coefficient, then level-2 predictor).
    public var fixedEffects: [FixedEffectEstimate]
    /// Names of the random level-1 coefficients, in Tau's order.
    public var tauCoefficients: [String]
    /// Tau (q x q, row-major nested arrays).
    public var tau: [[Double]]
    /// sigma^2 for a homogeneous model; nil when sigma^2 is modelled (see `level1Variance`).
    public var sigma2: Double?
    /// The heterogeneous level-1 variance block, when requested.
    public var level1Variance: Level1VarianceResult?
    /// How the optimiser ended.
    public var convergence: ConvergenceRecord
    /// Deviance per iteration.
    public var history: [IterationStep]
    /// Warnings to print and write to JSON (non-convergence, boundary estimates, ...).
    public var warnings: [String]
    /// For a non-normal outcome (HGLM): family, estimation, deviance, over-dispersion, macro iterations and the
    /// population-average model; nil for the normal model.
    public var generalized: GeneralizedResults? = nil
}
