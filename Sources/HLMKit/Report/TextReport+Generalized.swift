// An HGLM's sections, in HLM's layout: the level-1 sampling model, PQL's macro iterations, the ratio tables
// (odds or event-rate ratios with their intervals), the population-average model and the deviance statement.

extension TextReport {
    /// The estimation line of the header for a non-normal family: the family and link, and how it was fitted.
    static func generalizedMethodLines(family: ResponseFamily, options: EstimationOptions,
                                       overdispersion: Bool) -> [String] {
        let sampling: String
        switch family {
        case .normal: return []
        case .bernoulli: sampling = "Bernoulli, logit link"
        case .binomial: sampling = "binomial (successes of a number of trials), logit link"
        case .poisson: sampling = "Poisson, log link (ln exposure as offset when given)"
        }
        let estimation: String
        switch options.generalized {
        case .pql:
            estimation = "penalised quasi-likelihood (PQL), "
                + (options.method == .reml ? "restricted" : "full") + " ML on the linearised model"
        case .laplace:
            estimation = "Laplace approximation of the likelihood (full ML)"
        case .adaptiveQuadrature(let points):
            estimation = "adaptive Gauss-Hermite quadrature, \(points) points per random effect (full ML)"
        }
        return ["    Level-1 sampling model: \(sampling)",
                "    Level-1 dispersion: " + (overdispersion ? "estimated (over-dispersion)" : "fixed at 1"),
                "    Method of estimation: \(estimation)"]
    }

    /// PQL's macro iterations: micro iterations of each and the largest change in the estimates.
    static func macroIterationLines(_ results: GeneralizedResults) -> [String] {
        guard results.estimation == .pql, !results.macroIterations.isEmpty else { return [] }
        return ["Macro iterations (PQL)", " Macro   Micro iterations   Largest change in estimates"]
            + results.macroIterations.map { step in
                "\(step.iteration)".leftPadded(to: 6) + "\(step.microIterations)".leftPadded(to: 19)
                    + (step.largestChange.isFinite ? ReportNumberFormat.scientific(step.largestChange) : "-")
                        .leftPadded(to: 30)
            } + [""]
    }

    /// "Final Results - Macro iteration K" for PQL (the micro iterations above are the last macro iteration's),
    /// "Final Results" for Laplace and AGQ.
    static func finalResultsTitle(_ results: GeneralizedResults) -> String {
        results.estimation == .pql ? "Final Results - Macro iteration \(results.macroIterations.count)" : "Final Results"
    }

    /// The level-1 line HLM prints for an HGLM: the dispersion, fixed or estimated.
    static func dispersionLines(_ results: GeneralizedResults) -> [String] {
        guard let sigma2 = results.overdispersion else {
            return [" sigma^2 = 1 (the level-1 variance is the family's: fixed dispersion)", ""]
        }
        return [" sigma^2 = " + ReportNumberFormat.fixed(sigma2, 5) + " (over-dispersion: estimated level-1 scale)", ""]
    }

    /// exp(gamma) with its 95% interval for each fixed effect of `effects`: odds ratios for a logit link,
    /// event-rate ratios for a log link.
    static func ratioTable(_ effects: [FixedEffectEstimate], notation: ModelNotation, family: ResponseFamily)
        -> [String] {
        guard effects.contains(where: { $0.ratio != nil }) else { return [] }
        let name = family == .poisson ? "Event Rate Ratio" : "Odds Ratio"
        let (labels, labelWidth) = fixedEffectLabels(effects, notation: notation)
        let rule = textRule(labelWidth + 58)
        let header = [rule, "    Fixed Effect".rightPadded(to: labelWidth) + "   Coefficient"
                        + name.leftPadded(to: 18) + "   95% Confidence Interval", rule]
        let rows = fixedEffectBlocks(effects, notation: notation) { row in
            effects[row].ratio.map { ratio in
                labels[row].rightPadded(to: labelWidth)
                    + ReportNumberFormat.fixed(effects[row].estimate, 6, width: 14)
                    + ReportNumberFormat.fixed(ratio.ratio, 6, width: 18)
                    + "   (" + ReportNumberFormat.fixed(ratio.lower, 6) + ", "
                    + ReportNumberFormat.fixed(ratio.upper, 6) + ")"
            }
        }
        return header + rows + [rule, ""]
    }

    /// The population-average model (marginal means) with robust standard errors and its ratio table.
    static func populationAverageLines(_ results: GeneralizedResults, notation: ModelNotation) -> [String] {
        guard let effects = results.populationAverage else { return [] }
        return fixedEffectsTable(effects, notation: notation,
                                 title: ["Final estimation of fixed effects", "(Population-average model with robust standard errors)"])
            + ratioTable(effects, notation: notation, family: results.family)
    }

    /// The deviance of an HGLM: -2 log L by Laplace or adaptive quadrature, or the statement that PQL has none.
    static func generalizedStatisticsLines(_ fit: HLMFit, _ results: GeneralizedResults) -> [String] {
        switch results.estimation {
        case .pql:
            return ["Statistics for the current model", textRule(32),
                    "PQL maximises a quasi-likelihood of the linearised model, not the likelihood of the data,",
                    "so no deviance is reported (none would be comparable between models). For a deviance and",
                    "likelihood-ratio tests, fit by --estimation laplace or agq.",
                    "Number of estimated parameters = \(fit.parameterCount)", ""]
        case .laplace, .adaptiveQuadrature:
            let how = results.estimation == .laplace ? "the Laplace approximation"
                : "adaptive Gauss-Hermite quadrature with \(results.estimation.quadraturePoints ?? 0) points per random effect"
            return ["Statistics for the current model", textRule(32),
                    "Deviance                       = " + ReportNumberFormat.fixed(fit.deviance, 6),
                    "Number of estimated parameters = \(fit.parameterCount)",
                    "Deviance is -2 log-likelihood of the data by \(how) (glmer's deviance)", ""]
        }
    }
}
