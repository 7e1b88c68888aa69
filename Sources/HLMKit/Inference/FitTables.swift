import HLMPlatform

/// Turns a fitted model into its `HLMFit`: fixed-effect inference, Tau, sigma^2 or the alpha table with the
/// homogeneous-vs-heterogeneous chi-square, parameter count, warnings. The estimates are mapped from the
/// design's centred columns to the user's (`DesignStandardisation`): gamma -> S^-1 gamma,
/// Var(gamma) -> S^-1 Phi^-1 S^-T, Tau -> G^-1 Tau G^-T, alpha -> H^-1 alpha with covariance H^-1 Cov H^-T; the
/// deviance needs no change (det S = 1). The boundary warning judges the internal Tau, whose singularity is the
/// same.
struct FitTables {
    let fitted: FittedModel

    var design: ModelDesign { fitted.design }

    /// Estimated parameters as HLM counts them: the covariance parameters q (q + 1) / 2 + H + 1, and under
    /// FML the p fixed effects.
    /// For an HGLM the level-1 dispersion counts only when estimated (over-dispersion).
    var parameterCount: Int {
        let q = design.randomCount
        let level1 = fitted.generalized.map { $0.overdispersion == nil ? 0 : 1 } ?? design.varianceCount
        return q * (q + 1) / 2 + level1 + (fitted.method == .fml ? design.fixedCount : 0)
    }

    /// -2 log L, the REML criterion, or an HGLM's approximation of -2 log L; NaN for PQL, which has none.
    var deviance: Double {
        guard let generalized = fitted.generalized else { return fitted.deviance }
        return generalized.deviance ?? .nan
    }

    /// The deviance and parameter count, for likelihood-ratio comparisons.
    var modelDeviance: ModelDeviance { ModelDeviance(deviance: deviance, parameters: parameterCount) }

    /// gamma on the internal columns: a non-normal fit's own estimates, or the linear model's GLS gamma.
    var internalGamma: [Double] { fitted.generalized?.gamma ?? fitted.evaluation.gamma }

    /// Tau on the internal columns: a non-normal fit's own estimate, or L L'.
    var internalTau: Matrix { fitted.generalized?.tau ?? fitted.parameters.tau }

    /// The fit; for a heterogeneous model with the alpha table and the comparison with `fitted.homogeneous`.
    var fit: HLMFit {
        let tau = internalTau
        var warnings: [String] = []
        if !fitted.convergence.converged {
            warnings.append("The iterations did not converge: \(fitted.convergence.message). "
                + "The estimates below are from the last iteration and are not the maximum-likelihood solution.")
        }
        warnings += design.weaklyIdentifiedRandomCoefficients().map { $0.warning(unitCount: design.unitCount) }
        warnings += design.responseWarnings()
        if let boundary = boundaryWarning(tau) { warnings.append(boundary) }
        let comparison = fitted.homogeneous.map { FitTables(fitted: $0).modelDeviance }
        let fixedEffects = fixedEffects()
        return HLMFit(method: fitted.method, deviance: deviance, parameterCount: parameterCount,
                      fixedEffects: fixedEffects, tauCoefficients: design.randomCoefficients,
                      tau: design.standardisation.random.userCovariance(tau).nested,
                      sigma2: comparison == nil && fitted.generalized == nil ? exp(fitted.parameters.alpha[0]) : nil,
                      level1Variance: comparison.map { alphaBlock(comparison: $0) }, convergence: fitted.convergence,
                      history: fitted.history, warnings: warnings,
                      generalized: fitted.generalized.map { generalizedResults($0, unitSpecific: fixedEffects) })
    }

    /// An HGLM's family, deviance, dispersion and macro iterations, and its population-average model: gamma with
    /// robust SEs on the unit-specific table's df, mapped to the user's columns like the unit-specific gamma.
    private func generalizedResults(_ generalized: GeneralizedFit, unitSpecific: [FixedEffectEstimate])
        -> GeneralizedResults {
        let populationAverage = generalized.populationAverage.map { average in
            effectTable(gamma: design.standardisation.fixed.userCoefficients(average.gamma),
                        covariance: design.standardisation.fixed.userCovariance(average.robustCovariance))
        }
        return GeneralizedResults(
            family: generalized.family, estimation: generalized.estimation, deviance: generalized.deviance,
            overdispersion: generalized.overdispersion,
            macroIterations: generalized.macroIterations,
            populationAverage: populationAverage)
    }

    /// gamma with SE = sqrt(diag Var(gamma)) (Phi^-1 for the linear model, `GammaCovariance`), t = gamma / SE,
    /// HLM's df, two-sided Student-t p.
    private func fixedEffects() -> [FixedEffectEstimate] {
        effectTable(gamma: design.reportedGamma(internalGamma),
                    covariance: design.standardisation.fixed.userCovariance(GammaCovariance(fitted).matrix))
    }

    /// One row per fixed effect of `gamma` (user's columns) with SE = sqrt(diag `covariance`), t, HLM's df and
    /// Student-t p, and for a logit or log link the ratio exp(gamma) with its interval.
    func effectTable(gamma: [Double], covariance: Matrix) -> [FixedEffectEstimate] {
        let hasRatio = fitted.generalized.map { !$0.family.isNormal } ?? false
        // t_{0.975, df} once per distinct df (a table has two or three): each is a bisection.
        var quantiles: [Int: Double] = [:]
        return design.fixedEffects.enumerated().map { index, label in
            let estimate = gamma[index]
            let se = covariance[index, index].squareRoot()
            let df = design.degreesOfFreedom[index]
            var row = FixedEffectEstimate(coefficient: label.coefficient, predictor: label.predictor,
                                          estimate: estimate, standardError: se, tRatio: estimate / se,
                                          degreesOfFreedom: df,
                                          pValue: Distributions.studentTTwoSidedP(estimate / se,
                                                                                  degreesOfFreedom: Double(df)))
            if hasRatio {
                let quantile = quantiles[df] ?? Distributions.studentTQuantile(0.975, degreesOfFreedom: Double(df))
                quantiles[df] = quantile
                row.ratio = RatioEstimate(row, quantile: quantile)
            }
            return row
        }
    }

    /// alpha with SEs from 2 F^-1 (the inverse expected information of the deviance over (vech Tau, alpha)),
    /// z, normal p and HLM's Student-t p with J - 1 df; and the homogeneous-vs-heterogeneous chi-square.
    private func alphaBlock(comparison: ModelDeviance) -> Level1VarianceResult {
        let information = fitted.evaluation.information
        let m = information.rows
        let h = design.varianceCount
        let map = design.level1.centring
        let covariance = Cholesky(information, relativeTolerance: 0).map {
            map.userCovariance((2 * $0.inverse()).block((m - h)..<m, (m - h)..<m))
        }
        let alpha = map.userCoefficients(fitted.parameters.alpha)
        let alphaRows = (0..<h).map { index -> AlphaEstimate in
            let estimate = alpha[index]
            let variance = covariance?[index, index] ?? .nan
            let se = variance.squareRoot()
            let z = estimate / se
            return AlphaEstimate(predictor: design.level1.variancePredictors[index], estimate: estimate, standardError: se,
                                 zRatio: z, pValue: Distributions.normalTwoSidedP(z),
                                 pValueHLM: Distributions.studentTTwoSidedP(
                                    z, degreesOfFreedom: Double(design.unitCount - 1)))
        }
        let heterogeneous = modelDeviance
        let chiSquare = comparison.deviance - heterogeneous.deviance
        let df = h - 1
        return Level1VarianceResult(predictors: design.level1.variancePredictors, alpha: alphaRows, homogeneous: comparison,
                                    heterogeneous: heterogeneous, chiSquare: chiSquare, degreesOfFreedom: df,
                                    pValue: Distributions.chiSquareUpperTail(max(chiSquare, 0),
                                                                             degreesOfFreedom: Double(df)))
    }

    /// A warning when Tau is singular to working precision (the optimum is on the boundary).
    ///
    /// Each random effect's variance is measured by what it adds to an average row's variance,
    /// tau_qq mean_i(z_iq^2), against the level-1 variance exp(alpha_0): when every one of two or more is below
    /// 1e-8 of it,
    /// Tau as a whole vanishes (the units differ no more than sigma^2 explains) and the warning names all
    /// of them; otherwise it names those whose conditional variance l_qq^2 is below 1e-8 of the largest
    /// tau_qq.
    private func boundaryWarning(_ tau: Matrix) -> String? {
        let q = tau.rows
        guard q > 0 else { return nil }
        let names = design.randomCoefficients
        let meanSquares = randomColumnMeanSquares()
        let sigma2 = exp(fitted.parameters.alpha[0])
        if q > 1, (0..<q).allSatisfy({ tau[$0, $0] * meanSquares[$0] <= 1e-8 * sigma2 }) {
            return "Tau is singular (the estimate is on the boundary of the parameter space): the whole of Tau "
                + "is zero to working precision, so none of the random effects of \(names.joined(separator: ", ")) "
                + "has a variance distinguishable from zero and the units differ no more than the level-1 "
                + "variance explains. Consider a model with fewer random effects."
        }
        let l = fitted.parameters.cholesky
        let scale = (0..<q).map { tau[$0, $0] }.max() ?? 0
        let small = (0..<q).filter { l[$0, $0] * l[$0, $0] <= 1e-8 * max(scale, 1e-300) }
        guard !small.isEmpty else { return nil }
        return "Tau is singular (the estimate is on the boundary of the parameter space): the random effect of "
            + "\(small.map { names[$0] }.joined(separator: ", ")) has (conditional) variance near zero. "
            + "Consider making it fixed."
    }

    /// mean_i(z_iq^2) over all rows, for each random column q, from the sums the design formed
    /// (`ModelDesign.randomSquares`).
    private func randomColumnMeanSquares() -> [Double] {
        design.randomSquares.map { $0 / Double(max(design.rowCount, 1)) }
    }
}
