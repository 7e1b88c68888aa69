/// What `Estimator.fit` returns: a model design fitted by one method, with everything the inference stage
/// needs and nothing it has to reach behind for.
///
/// It holds the design, the final covariance parameters theta = (L, alpha) (Tau = L L', log sigma^2_ij =
/// c_ij'alpha), the likelihood's evaluation at theta (gamma_hat = Phi^-1 sum_j X_j'V_j^-1 y_j, the Cholesky
/// factor of Phi = sum_j X_j'V_j^-1 X_j, the deviance with its gradient and expected information over
/// (vech Tau, alpha)), the optimisation record, and the likelihood itself, so that later stages can evaluate
/// per-unit quantities (posteriors, scores) or the deviance near theta. All of it is on the design's internal
/// columns (centred predictors, shifted outcome: `DesignStandardisation`); estimation computes no p-value or
/// test.
struct FittedModel: Sendable {
    /// The design fitted.
    let design: ModelDesign
    /// REML or full ML.
    let method: EstimationMethod
    /// The final covariance parameters (Cholesky factor of Tau, alpha).
    let parameters: CovarianceParameters
    /// The likelihood's evaluation, with derivatives, at `parameters`.
    let evaluation: LikelihoodEvaluation
    /// The deviance function that was minimised (its design is `design`, its method `method`, and its
    /// `source` says where per-unit moments come from): for recomputing per-unit quantities at, or near, the
    /// estimates.
    let likelihood: Likelihood
    /// How the optimiser ended (converged or not, iterations, final gradient and Newton decrement).
    let convergence: ConvergenceRecord
    /// Deviance per iteration.
    let history: [IterationStep]
    /// Likelihood evaluations the optimiser made, and the level-1 rows they read (0 when the moments come from
    /// precomputed strata).
    let evaluations: Int, rowsVisited: Int
    /// For a non-normal outcome, the family, the estimates of PQL, Laplace or AGQ and their record; the rest of
    /// this value is then the final linearised model (see `GeneralizedFit`). Nil for the normal model.
    var generalized: GeneralizedFit?
    /// The homogeneous fit that preceded this one, at most one (an array, so that the type can hold a value of
    /// itself).
    private let preceding: [FittedModel]

    /// A fit of `likelihood`'s design ended by `run`; `homogeneous` is the homogeneous fit it started from.
    init(likelihood: Likelihood, run: FisherScoring.Result, homogeneous: FittedModel? = nil) {
        design = likelihood.design
        method = likelihood.method
        parameters = run.parameters
        evaluation = run.evaluation
        self.likelihood = likelihood
        convergence = run.convergence
        history = run.history
        evaluations = run.evaluations
        rowsVisited = run.rowsVisited
        preceding = homogeneous.map { [$0] } ?? []
    }

    /// For a heterogeneous model, the homogeneous model (C = 1) fitted first, whose optimum started this fit
    /// and whose deviance the homogeneous-vs-heterogeneous test compares with; nil for a homogeneous model.
    var homogeneous: FittedModel? { preceding.first }

    /// -2 log L (FML) or the REML criterion at the estimates, with the 2 pi constant.
    var deviance: Double { evaluation.deviance }
}
