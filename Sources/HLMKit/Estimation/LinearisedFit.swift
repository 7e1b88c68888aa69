import HLMPlatform

extension Estimator {
    /// The final linearised linear mixed model of a Laplace or adaptive-quadrature fit, evaluated (not fitted)
    /// at its estimates: the working outcome y*_i = eta_i - o_i + (y_i - m_i mu_i) / w_i with eta_i =
    /// o_i + x_i'gamma + z_i'u_j at the units' modes u_j (`modes`, J q numbers), the working weights
    /// w_i = m_i v(mu_i), sigma^2 = 1 (alpha = 0) and Tau = L L' held at the estimate, by full ML. Its units'
    /// posteriors, chi-square tests and reliabilities are then those of HLM's linearised model at the estimates
    /// (see `GeneralizedFit`). `run` is the optimiser's record, kept as the fitted model's.
    ///
    /// The rows carry y* in the outcome column and the working weights w_i (`PenalisedQuasiLikelihood.linearised`).
    /// Nil when the linear model's likelihood cannot be evaluated there.
    static func linearisedFit(design: ModelDesign, response: GeneralizedResponse, gamma: [Double], cholesky: Matrix,
                              modes: [Double], run: IntegratedLikelihoodOptimiser.Result) -> FittedModel? {
        let eta = design.linearPredictor(gamma: gamma, effects: modes)
        let linear = PenalisedQuasiLikelihood.linearised(design, response: response, eta: eta)
        let likelihood = Likelihood(design: linear, method: .fml)
        let theta = CovarianceParameters(cholesky: cholesky, alpha: Array(repeating: 0, count: design.varianceCount))
        guard let evaluation = likelihood.evaluate(theta, derivatives: true) else { return nil }
        let result = FisherScoring.Result(parameters: theta, evaluation: evaluation, convergence: run.convergence,
                                          history: run.history, evaluations: run.evaluations,
                                          rowsVisited: run.evaluations * design.rowCount)
        return FittedModel(likelihood: likelihood, run: result)
    }
}
