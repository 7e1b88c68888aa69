import HLMPlatform

/// Penalised quasi-likelihood (PQL; Breslow & Clayton 1993, Raudenbush & Bryk 2002, sec. 10.2's unit-specific
/// model): a non-normal outcome fitted by macro iterations of a linear mixed model, HLM's default for an HGLM.
///
/// At the current linear predictor eta_i = o_i + x_i'gamma + z_i'u_j (o the offset), with mu_i = g^-1(eta_i)
/// per trial, each macro iteration forms the working weights and outcome (`linearised`)
///   w_i = m_i v(mu_i),   y*_i = eta_i - o_i + (y_i - m_i mu_i) / w_i,
/// fits y* = X gamma + Z u + e with Var(e_i) = sigma^2 / w_i by the existing engine (REML or full ML as
/// `EstimationOptions.method`; sigma^2 = e^alpha_0 held at 1, or estimated with over-dispersion,
/// `GeneralizedResponse.overdispersion`), and sets eta = o + X gamma + Z u_hat from the fit's gamma and
/// the units' posterior means. Each macro iteration reads the rows once for w and y*, once for the units'
/// moments (`VarianceStrata.unitTotals`) and once for the new eta (`ModelDesign.linearPredictor`); its Fisher
/// scoring reads no rows (the posterior means come from the same moments) and starts from the previous macro
/// iteration's Tau.
///
/// The first eta is the family's g(mu_0) with mu_0 = (y + 1/2) / (m + 1) (logit) or y + 1/2 (log), the
/// start glm uses up to its constants. Macro iterations stop when the largest absolute change in gamma, Tau
/// (on the user's columns) and an estimated sigma^2 falls below `EstimationOptions.macroTolerance` (HLM's
/// criterion, 1e-4 by default), or at `maxMacroIterations`, when the result's convergence record says so.
enum PenalisedQuasiLikelihood {
    /// The final linearised model's fit with `FittedModel.generalized` filled (gamma, (X'V^-1X)^-1, Tau, the
    /// estimated sigma^2 with over-dispersion, the macro iterations and the population-average model).
    ///
    /// - Throws: `EstimationError` when a linearised model cannot be fitted.
    static func fit(_ design: ModelDesign, response: GeneralizedResponse, options: EstimationOptions) throws
        -> FittedModel {
        // A non-normal family's level-1 variance is sigma^2 / w_i: C = 1 (the homogeneous model's moments below).
        let design = design.level1.isHeterogeneous ? design.homogeneous : design
        let fixedDispersion = !response.overdispersion
        var eta = response.outcome.indices.map { i in
            response.family.startingPredictor(response.outcome[i], trials: response.trials[i])
        }
        var parameters: CovarianceParameters?
        var previous: [Double]?
        var iterations: [MacroIterationStep] = []
        var converged = false
        var last: (likelihood: Likelihood, run: FisherScoring.Result)
        repeat {
            let linear = linearised(design, response: response, eta: eta)
            let products = VarianceStrata.unitTotals(linear)
            let likelihood = Likelihood(design: linear, method: options.method, source: .strata(products))
            var start = parameters ?? Estimator.startingValues(linear, products: products)
            if fixedDispersion { start.alpha[0] = 0 }
            let run = try Estimator.optimise(likelihood, from: start, model: "linearised", options,
                                             holdsDispersion: fixedDispersion)
            guard let posteriors = likelihood.unitPosteriors(at: run.parameters, gamma: run.evaluation.gamma,
                                                             scores: false) else {
                throw EstimationError.cannotStart(model: "linearised")
            }
            eta = linear.linearPredictor(gamma: run.evaluation.gamma, effects: posteriors.flatMap(\.mean))
            let estimates = userEstimates(linear, run, fixedDispersion: fixedDispersion)
            let change = previous.map { zip($0, estimates).map { abs($0 - $1) }.max() ?? 0 } ?? .infinity
            iterations.append(MacroIterationStep(iteration: iterations.count + 1, microIterations: run.history.count,
                                                 largestChange: change))
            (previous, parameters, last) = (estimates, run.parameters, (likelihood, run))
            converged = change < options.macroTolerance
        } while !converged && iterations.count < options.maxMacroIterations

        var run = last.run
        if !converged {
            run.convergence.converged = false
            run.convergence.message = "the maximum number of PQL macro iterations (\(options.maxMacroIterations)) was "
                + "reached before the largest change in the estimates (\(iterations.last!.largestChange)) fell below "
                + "\(options.macroTolerance)"
        }
        var fitted = FittedModel(likelihood: last.likelihood, run: run)
        let gamma = run.evaluation.gamma
        fitted.generalized = GeneralizedFit(
            family: response.family, estimation: .pql, gamma: gamma,
            gammaCovariance: run.evaluation.phiFactor.inverse(), robustGammaCovariance: nil,
            tau: run.parameters.tau, deviance: nil,
            overdispersion: fixedDispersion ? nil : exp(run.parameters.alpha[0]), macroIterations: iterations,
            populationAverage: PopulationAverage.fit(design, response: response, parameters: run.parameters,
                                                     start: gamma, method: options.method))
        return fitted
    }

    /// The linear mixed model of the working outcome at `eta`: `design` with its outcome column
    /// y*_i = eta_i - o_i + (y_i - m_i mu_i) / w_i and prior weights w_i = m_i v(mu_i) (`Level1Model.weighted`),
    /// v floored at 2.2e-16 so that a fitted probability of 0 or 1 leaves y* finite. One pass over the rows.
    static func linearised(_ design: ModelDesign, response: GeneralizedResponse, eta: [Double]) -> ModelDesign {
        var linear = design
        let k = design.rowWidth, family = response.family
        var weights = [Double](repeating: 0, count: design.rowCount)
        linear.rows.withUnsafeMutableBufferPointer { rows in
            for i in 0..<design.rowCount {
                let mu = family.mean(eta[i]), m = response.trials[i]
                let w = m * max(family.variance(mu), 2.2e-16)
                weights[i] = w
                rows[i * k + k - 1] = eta[i] - response.offset[i] + (response.outcome[i] - m * mu) / w
            }
        }
        linear.level1 = design.level1.weighted(by: weights, over: design.grouping)
        // The units' products of the base columns include the outcome, which is now another column.
        linear.rowFactors?.unitProducts = []
        return linear
    }

    /// gamma, vech(Tau) (both on the user's columns) and, when estimated, sigma^2: the estimates whose change
    /// decides convergence.
    private static func userEstimates(_ design: ModelDesign, _ run: FisherScoring.Result, fixedDispersion: Bool)
        -> [Double] {
        let tau = design.standardisation.random.userCovariance(run.parameters.tau)
        let vechTau = Matrix.lowerTriangle(design.randomCount).map { tau[$0.row, $0.column] }
        let dispersion = fixedDispersion ? [] : [exp(run.parameters.alpha[0])]
        return design.reportedGamma(run.evaluation.gamma) + vechTau + dispersion
    }
}

extension ResponseFamily {
    /// PQL's first linear predictor for a row with outcome y of m trials: g(mu_0), mu_0 = (y + 1/2) / (m + 1)
    /// for the logit link, y + 1/2 for the log link (offset included), y for the normal.
    func startingPredictor(_ y: Double, trials m: Double) -> Double {
        switch self {
        case .normal: return y
        case .bernoulli, .binomial:
            let mu = (y + 0.5) / (m + 1)
            return log(mu / (1 - mu))
        case .poisson: return log(y + 0.5)
        }
    }
}
