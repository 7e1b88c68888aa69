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

/// A fixed effect's Satterthwaite test: t = estimate / model-based SE on `degreesOfFreedom`.
public struct SatterthwaiteTest: Sendable, Equatable {
    /// The Satterthwaite df (NaN when it cannot be computed, e.g. at a boundary).
    public var degreesOfFreedom: Double
    /// Two-sided Student-t p.
    public var pValue: Double
}

/// One row of "Final estimation of variance components": a random effect u_q with its chi-square test, or the
/// level-1 residual r (no test).
///
/// The test of H0: tau_qq = 0 (Raudenbush & Bryk 2002, ch. 3) uses the units J' with a nonsingular
/// X_j'D_j^-1X_j: chi^2_q = sum_{j in J'} (beta_hat_qj - w_j'gamma_q)^2 / V_qqj, with beta_hat_j the unit's OLS
/// (weighted by 1 / sigma^2_ij) coefficients and V_j = (X_j'D_j^-1X_j)^-1 at the final sigma^2_ij
/// (= sigma^2 (X_j'X_j)^-1 for a homogeneous sigma^2), on df = J' - (number of fixed effects of beta_q).
public struct VarianceComponentTest: Sendable, Equatable {
    /// The random level-1 coefficient (INTRCPT1 or a level-1 predictor), or `level-1` for r.
    public var coefficient: String
    /// sqrt of `variance`.
    public var standardDeviation: Double
    /// tau_qq, or sigma^2 for the level-1 row.
    public var variance: Double
    /// J' - S_q - 1; nil for the level-1 row.
    public var degreesOfFreedom: Int?
    /// The chi-square statistic; nil for the level-1 row.
    public var chiSquare: Double?
    /// Upper-tail chi-square p; nil for the level-1 row.
    public var pValue: Double?
}

/// The reliability of a random level-1 coefficient's OLS estimates: the mean over the units J' of
/// lambda_qj = tau_qq / (tau_qq + V_qqj), V_j as in `VarianceComponentTest`.
public struct ReliabilityEstimate: Sendable, Equatable {
    /// The random level-1 coefficient.
    public var coefficient: String
    /// The mean of lambda_qj over J'.
    public var estimate: Double
}

/// The test of homogeneity of the level-1 variance across units (Raudenbush & Bryk 2002, eq. 9.6).
///
/// Over the units whose own OLS fit has f_j = n_j - rank(X_j) >= `minimumDegreesOfFreedom` residual df, with
/// s_j^2 = RSS_j / f_j from the unweighted fit: L = sum f_j ln s_j^2 / sum f_j, d_j = (ln s_j^2 - L) / sqrt(2/f_j),
/// H = sum d_j^2, chi-square on (units used - 1) df under homogeneity.
public struct HomogeneityTest: Sendable, Equatable {
    /// H.
    public var chiSquare: Double
    /// Units used - 1.
    public var degreesOfFreedom: Int
    /// Upper-tail chi-square p.
    public var pValue: Double
    /// Units with at least `minimumDegreesOfFreedom` residual df.
    public var unitsUsed: Int
    /// All units of the fit.
    public var unitCount: Int
    /// The residual df a unit needs to enter the test (HLM: 10).
    public var minimumDegreesOfFreedom: Int
}
