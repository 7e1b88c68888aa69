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
}

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

/// The deviance and parameter count of one model in a comparison.
public struct ModelDeviance: Sendable, Equatable {
    /// -2 log L (or the REML criterion) including the N ln(2 pi) constant.
    public var deviance: Double
    /// Estimated parameters, counted as HLM does.
    public var parameters: Int
    /// HLM's heterogeneous-sigma^2 block prints deviance - ln(2 pi).
    public var devianceHLM: Double { deviance - log(2 * Double.pi) }

    /// A previous model's deviance and parameter count, for `InferenceOptions.previousModel`.
    public init(deviance: Double, parameters: Int) {
        self.deviance = deviance
        self.parameters = parameters
    }
}

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

/// A fitted two-level model: estimates, standard errors, deviance and the optimisation record.
public struct HLMFit: Sendable, Equatable {
    /// REML or full ML.
    public var method: EstimationMethod
    /// -2 log L (FML) or the REML criterion, with the 2 pi constant (lme4's convention).
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
}
