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
    var parameterCount: Int {
        let q = design.randomCount
        return q * (q + 1) / 2 + design.varianceCount + (fitted.method == .fml ? design.fixedCount : 0)
    }

    /// The deviance and parameter count, for likelihood-ratio comparisons.
    var modelDeviance: ModelDeviance { ModelDeviance(deviance: fitted.deviance, parameters: parameterCount) }

    /// The fit; for a heterogeneous model with the alpha table and the comparison with `fitted.homogeneous`.
    var fit: HLMFit {
        let tau = fitted.parameters.tau
        var warnings: [String] = []
        if !fitted.convergence.converged {
            warnings.append("The iterations did not converge: \(fitted.convergence.message). "
                + "The estimates below are from the last iteration and are not the maximum-likelihood solution.")
        }
        warnings += design.weaklyIdentifiedRandomCoefficients().map { $0.warning(unitCount: design.unitCount) }
        warnings += design.responseWarnings()
        if let boundary = boundaryWarning(tau) { warnings.append(boundary) }
        let comparison = fitted.homogeneous.map { FitTables(fitted: $0).modelDeviance }
        return HLMFit(method: fitted.method, deviance: fitted.deviance, parameterCount: parameterCount,
                      fixedEffects: fixedEffects(), tauCoefficients: design.randomCoefficients,
                      tau: design.standardisation.random.userCovariance(tau).nested,
                      sigma2: comparison == nil ? exp(fitted.parameters.alpha[0]) : nil,
                      level1Variance: comparison.map { alphaBlock(comparison: $0) }, convergence: fitted.convergence,
                      history: fitted.history, warnings: warnings)
    }

    /// gamma with SE = sqrt(diag Phi^-1), t = gamma / SE, HLM's df, two-sided Student-t p.
    private func fixedEffects() -> [FixedEffectEstimate] {
        let covariance = design.standardisation.fixed.userCovariance(fitted.evaluation.phiFactor.inverse())
        let gamma = design.reportedGamma(fitted.evaluation.gamma)
        return design.fixedEffects.enumerated().map { index, label in
            let estimate = gamma[index]
            let se = covariance[index, index].squareRoot()
            let df = design.degreesOfFreedom[index]
            return FixedEffectEstimate(coefficient: label.coefficient, predictor: label.predictor, estimate: estimate,
                                       standardError: se, tRatio: estimate / se, degreesOfFreedom: df,
                                       pValue: Distributions.studentTTwoSidedP(estimate / se,
                                                                               degreesOfFreedom: Double(df)))
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

    /// mean_i(z_iq^2) over all rows, for each random column q.
    private func randomColumnMeanSquares() -> [Double] {
        let p = design.fixedCount, k = design.rowWidth, n = design.rowCount
        return (0..<design.randomCount).map { r in
            (0..<n).reduce(0.0) { $0 + design.rows[$1 * k + p + r] * design.rows[$1 * k + p + r] } / Double(max(n, 1))
        }
    }
}
