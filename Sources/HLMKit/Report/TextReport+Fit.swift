// One fit's results: iteration summary, convergence, sigma^2 and Tau, the two tables, the deviance and the
// fit's warnings.

extension TextReport {
    /// Histories longer than this print only their first and last iterations.
    static let fullHistoryLimit = 20

    /// Everything printed for one fit; with `inference`, also the reliabilities, the robust (and, when computed,
    /// Satterthwaite) fixed-effects tables, the variance-component tests, with `fullOutput` the covariance
    /// parameters' standard errors, and the comparison with a previous model. An HGLM adds its macro
    /// iterations, dispersion, ratio tables and population-average model, and states its deviance's meaning.
    static func fitSection(_ fit: HLMFit, notation: ModelNotation, inference: InferenceResults? = nil,
                           fullOutput: Bool = false) -> [String] {
        let generalized = fit.generalized
        let family = generalized?.family ?? .normal
        let unitSpecific = generalized == nil ? [] : ["(Unit-specific model)"]
        return (generalized.map(macroIterationLines) ?? [])
            + iterationSummary(fit.history) + convergenceLines(fit.convergence)
            + [generalized.map { finalResultsTitle($0) } ?? "Final Results - Iteration \(fit.convergence.iterations)", ""]
            + (fit.sigma2.map { [" sigma^2 = " + ReportNumberFormat.fixed($0, 5), ""] } ?? [])
            + (generalized.map(dispersionLines) ?? [])
            + tauLines(fit, notation: notation)
            + (inference.map { reliabilityTable($0, notation: notation) } ?? [])
            + fixedEffectsTable(fit.fixedEffects, notation: notation,
                                title: ["Final estimation of fixed effects:"] + unitSpecific)
            + ratioTable(fit.fixedEffects, notation: notation, family: family)
            + (inference.map { robustFixedEffectsTable($0, notation: notation, method: fit.method,
                                                       unitSpecific: generalized != nil) } ?? [])
            + (inference.map { ratioTable($0.robustFixedEffects, notation: notation, family: family) } ?? [])
            + (generalized.map { populationAverageLines($0, notation: notation) } ?? [])
            + (inference.map { satterthwaiteTable(fit, inference: $0, notation: notation) } ?? [])
            + varianceComponentsTable(fit, notation: notation, tests: inference?.varianceComponents)
            + (inference.map { olsUnitsNote($0, statistics: "chi-square statistics") } ?? [])
            + (fullOutput ? inference.map(covarianceParameterLines) ?? [] : [])
            + (generalized.map { generalizedStatisticsLines(fit, $0) } ?? statisticsLines(fit))
            + (inference?.modelComparison.map { modelComparisonLines($0, fit: fit) } ?? [])
            + warningLines(fit.warnings)
    }

    /// One line per iteration; a long history keeps the first 5 and the last 10 around `...`.
    static func iterationSummary(_ history: [IterationStep]) -> [String] {
        guard !history.isEmpty else { return [] }
        let shown: [IterationStep?] = history.count > fullHistoryLimit
            ? history.prefix(5).map(Optional.some) + [nil] + history.suffix(10).map(Optional.some)
            : history.map(Optional.some)
        let rows = shown.map { step in
            guard let step else { return "        ..." }
            return "\(step.iteration)".leftPadded(to: 10) + ReportNumberFormat.fixed(step.deviance, 6, width: 18)
                + "   " + step.algorithm
        }
        return ["Iteration summary", " Iteration          Deviance   Algorithm"] + rows + [""]
    }

    /// "Iterations stopped due to small change in deviance" with the numbers, or a prominent warning.
    static func convergenceLines(_ convergence: ConvergenceRecord) -> [String] {
        let numbers = "    iterations = \(convergence.iterations), "
            + "|change in deviance| = \(ReportNumberFormat.scientific(convergence.devianceChange)), "
            + "gradient norm = \(ReportNumberFormat.scientific(convergence.gradientNorm))"
        guard !convergence.converged else {
            return ["Iterations stopped due to small change in deviance", numbers, ""]
        }
        let stars = String(repeating: "*", count: 80)
        return [stars,
                "WARNING: the iterations did NOT converge after \(convergence.iterations) iterations.",
                "    " + convergence.message, numbers,
                "    The estimates below are from the last iteration; do not rely on them.",
                stars, ""]
    }

    /// Tau and Tau as correlations, rows labelled `INTRCPT1,beta0`, `SES,beta1`.
    static func tauLines(_ fit: HLMFit, notation: ModelNotation) -> [String] {
        let tau = fit.tau
        guard !tau.isEmpty else { return [] }
        let labels = fit.tauCoefficients.enumerated().map { index, name in
            "\(name),beta\(notation.betaIndex(name) ?? index)"
        }
        let width = labels.map(\.count).max() ?? 0
        func row(_ index: Int, _ cells: [String]) -> String {
            " " + labels[index].leftPadded(to: width) + cells.joined()
        }
        let values = tau.indices.map { i in row(i, tau[i].map { ReportNumberFormat.fixed($0, 5, width: 12) }) }
        let correlations = tau.indices.map { i in
            row(i, tau[i].indices.map { k in
                ReportNumberFormat.fixed(tau[i][k] / (tau[i][i] * tau[k][k]).squareRoot(), 3, width: 8)
            })
        }
        return [" Tau"] + values + ["", " Tau (as correlations)"] + correlations + [""]
    }

    /// The deviance, the parameter count and the deviance convention.
    static func statisticsLines(_ fit: HLMFit) -> [String] {
        ["Statistics for the current model", textRule(32),
         "Deviance                       = " + ReportNumberFormat.fixed(fit.deviance, 6),
         "Number of estimated parameters = \(fit.parameterCount)",
         fit.method == .reml
            ? "Deviance is the REML criterion -2 log L_R, with the (N - p) ln(2 pi) constant (lme4's REMLcrit)"
            : "Deviance is -2 log-likelihood, with the N ln(2 pi) constant (as lme4 and nlme report it)", ""]
    }

    /// The fit's warnings, when there are any.
    static func warningLines(_ warnings: [String]) -> [String] {
        warnings.isEmpty ? [] : ["Warnings:"] + warnings.map { "  - " + $0 } + [""]
    }
}
