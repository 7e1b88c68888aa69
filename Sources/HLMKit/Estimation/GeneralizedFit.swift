/// What fitting a non-normal outcome adds to the `FittedModel` of its final linearised model.
///
/// The `FittedModel` that carries this record is the linear mixed model of the working outcome
/// y* = eta - o + (y - m mu) / w with working weights w = m v(mu) at the final estimates (sigma^2 = 1, or the
/// over-dispersion scale): its units' posteriors, chi-square tests and reliabilities are HLM's for an HGLM.
/// For PQL its gamma and Tau are the estimates. For Laplace and AGQ the estimates are those maximising the
/// approximated marginal likelihood, recorded here, and the linearised model is evaluated at them.
///
/// All vectors and matrices are on the design's internal columns (`DesignStandardisation`), as in `FittedModel`.
struct GeneralizedFit: Sendable {
    /// The family fitted.
    var family: ResponseFamily
    /// PQL, Laplace or AGQ.
    var estimation: GeneralizedEstimation
    /// gamma (unit-specific model).
    var gamma: [Double]
    /// The model-based covariance of gamma: for PQL (X'V^-1 X)^-1 of the linearised model; for Laplace and
    /// AGQ the gamma block of the inverse Hessian of the deviance over (gamma, Tau) (glmer's `vcov`).
    var gammaCovariance: Matrix
    /// The cluster-robust (sandwich) covariance of gamma, when the estimator computes its own (Laplace and AGQ,
    /// from the units' scores); nil for PQL, whose robust SEs are the linearised model's.
    var robustGammaCovariance: Matrix?
    /// Tau (q x q).
    var tau: Matrix
    /// -2 ln L of the data at the estimates, to the accuracy of the approximation (Laplace, AGQ); nil for PQL,
    /// which maximises no likelihood of the data.
    var deviance: Double?
    /// The estimated level-1 dispersion sigma^2 (over-dispersion asked for); nil when it is fixed at 1.
    var overdispersion: Double?
    /// PQL's macro iterations (empty for Laplace and AGQ).
    var macroIterations: [MacroIterationStep]
    /// The population-average model (marginal means): gamma and its robust covariance; nil when not computed.
    var populationAverage: (gamma: [Double], robustCovariance: Matrix)?
    /// Laplace and AGQ: each unit's conditional mode of the random effects u_hat_j (q numbers per unit, unit after
    /// unit), around which its integral was approximated; empty for PQL, whose units' posterior means are the
    /// linearised model's.
    var unitModes: [Double] = []
}
