extension Estimator {
    /// Fits a non-normal outcome by maximising the Laplace approximation or the adaptive-quadrature
    /// approximation of its marginal likelihood over (gamma, Tau) (`IntegratedLikelihoodOptimiser`), from
    /// the generalized linear model's gamma and a moderate Tau (`IntegratedLikelihood.startingPoint`; adaptive
    /// quadrature with K > 1 from the Laplace optimum). Returns the linearised model at the estimates
    /// (`linearisedFit`) with `generalized` holding the estimates, their covariances, the deviance, the units'
    /// modes and the population-average model (GEE with the estimated Tau, `PopulationAverage`).
    ///
    /// - Throws: `EstimationError.cannotStart` when the deviance cannot be evaluated at the start;
    ///   `CancellationError` when the task running the fit was cancelled (checked at each iteration).
    static func fitIntegrated(_ design: ModelDesign, response: GeneralizedResponse, options: EstimationOptions) throws
        -> FittedModel {
        let model = "generalized linear mixed"
        let likelihood = IntegratedLikelihood(design: design, response: response, estimation: options.generalized)
        var start = likelihood.startingPoint()
        var curvature: Matrix?
        if likelihood.grid.points > 1 {
            let laplace = IntegratedLikelihood(design: design, response: response, estimation: .laplace)
            if let result = IntegratedLikelihoodOptimiser(likelihood: laplace, options: options).run(from: start) {
                (start, curvature) = (result.x, result.hessian)
            }
        }
        let optimum = IntegratedLikelihoodOptimiser(likelihood: likelihood, options: options)
            .run(from: start, curvature: curvature)
        try Task.checkCancellation()
        guard let result = optimum else { throw EstimationError.cannotStart(model: model) }
        let (gamma, l) = likelihood.split(result.x)
        let q = design.randomCount
        var modes = [Double](repeating: 0, count: result.evaluation.modes.count)
        for j in 0..<design.unitCount {
            for r in 0..<q {
                for c in 0...r { modes[j * q + r] += l[r, c] * result.evaluation.modes[j * q + c] }
            }
        }
        guard var fitted = linearisedFit(design: design, response: response, gamma: gamma, cholesky: l, modes: modes,
                                         run: result)
        else { throw EstimationError.cannotStart(model: model) }
        let covariances = IntegratedCovariance(likelihood: likelihood, x: result.x, modes: result.evaluation.modes,
                                               hessian: result.hessian)
        fitted.generalized = GeneralizedFit(
            family: response.family, estimation: options.generalized, gamma: gamma,
            gammaCovariance: covariances.modelBased, robustGammaCovariance: covariances.robust,
            tau: l * l.transposed, deviance: result.evaluation.deviance, overdispersion: nil, macroIterations: [],
            populationAverage: PopulationAverage.fit(design, response: response, parameters: fitted.parameters,
                                                     start: gamma, method: .fml),
            unitModes: modes)
        return fitted
    }
}
