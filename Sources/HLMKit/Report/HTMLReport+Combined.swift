// The HTML report of a combined analysis (plausible values or imputed files): the fits, the estimates combined
// by Rubin's rules with Barnard & Rubin's df and the fraction of missing information, and a plot per parameter
// of each fit's estimate beside the combined one.

extension HTMLReport {
    /// A combined analysis as an HTML document: the run, the model, the fits (iterations, convergence,
    /// deviance), the combined fixed effects (model-based and robust standard errors) and covariance parameters
    /// with their df, FMI, lambda and relative increase in variance, one plot per parameter of the M estimates
    /// with the combined one (`CombinedEstimatePlot`), and the text report. The plots of single fits (EB
    /// estimates, residuals) are not drawn: they differ by data set and none of them is the combined model's.
    public static func render(_ combined: CombinedAnalysis) -> String {
        let first = combined.analyses[0]
        let notation = ModelNotation(specification: first.specification)
        let combination = combined.combination
        let labels = first.fit.fixedEffects.map { effect in
            "\(effect.coefficient), \(effect.predictor), "
                + (notation.gammaSymbol(coefficient: effect.coefficient, predictor: effect.predictor) ?? "gamma")
        }
        var tables = [fitsTable(combined),
                      pooledTable(combination.fixedEffects, labels: labels,
                                  caption: "Fixed effects combined by Rubin's rules (model-based standard errors)")]
        if !combination.robustFixedEffects.isEmpty {
            tables.append(pooledTable(combination.robustFixedEffects, labels: labels,
                                      caption: "Fixed effects combined by Rubin's rules (robust standard errors)"))
        }
        if !combination.covarianceParameters.isEmpty {
            tables.append(pooledTable(combination.covarianceParameters, labels: combination.covarianceParameters.map(\.parameter),
                                      caption: "Variance components and level-1 variance combined by Rubin's rules "
                                        + "(large-sample d.f.)"))
        }
        let note = "<p class=\"note\">Rubin's rules: the estimate is the mean of the \(combined.analyses.count) "
            + "estimates; its variance T = W + (1 + 1/M) B adds the between-data-set variance B to the mean sampling "
            + "variance W; d.f. are Barnard and Rubin's; FMI is the fraction of missing information, lambda = (1 + "
            + "1/M) B / T, RIV = (1 + 1/M) B / W. The mean deviance is a summary, not the deviance of a model.</p>"
        return page(title: first.title, summary: summary(combined), model: TextReport.modelSection(notation),
                    estimates: tables.map(\.html) + [note], warnings: combined.warnings,
                    plots: CombinedEstimatePlot.figures(combined, fixedEffectLabels: labels),
                    textReport: TextReport.render(combined))
    }

    /// The data sets, the outcome, the fits' convergence and the wall time in one sentence.
    private static func summary(_ combined: CombinedAnalysis) -> String {
        let first = combined.analyses[0], names = combined.dataSets.names
        return "\(names.count) fits of one model, on the \(combined.dataSets.description) "
            + names.joined(separator: ", ") + ", combined by Rubin's rules; outcome "
            + "\(first.specification.level1.outcome); \(first.data.level1Used) level-1 rows in "
            + "\(first.data.level2Used) units; "
            + (combined.converged ? "every fit converged" : "NOT every fit converged: see the warnings")
            + "; wall time \(ReportNumberFormat.fixed(combined.wallTimeSeconds, 2)) s on \(combined.processors) "
            + "core\(combined.processors == 1 ? "" : "s")."
    }

    /// One row per fit, then the mean deviance.
    private static func fitsTable(_ combined: CombinedAnalysis) -> HTMLTable {
        HTMLTable(caption: "The \(combined.analyses.count) fits",
                  columns: ["Data set", "Iterations", "Converged", "Deviance", "Parameters"],
                  rows: zip(combined.dataSets.names, combined.analyses).map { name, analysis in
            let fit = analysis.fit
            return .cells([.text(name), .number("\(fit.convergence.iterations)"),
                           .number(fit.convergence.converged ? "yes" : "NO"),
                           .number(ReportNumberFormat.fixed(fit.deviance, 6)), .number("\(fit.parameterCount)")])
        } + [.cells([.text("Mean deviance (a summary)"), .number(""), .number(""),
                     .number(ReportNumberFormat.fixed(combined.meanDeviance, 6)), .number("")])])
    }

    /// Combined estimates with Rubin's quantities, one row per parameter labelled by `labels`.
    private static func pooledTable(_ pooled: [PooledEstimate], labels: [String], caption: String) -> HTMLTable {
        HTMLTable(caption: caption,
                  columns: ["Parameter", "Estimate", "Standard error", "t-ratio", "Approx. d.f.", "p-value", "FMI",
                            "lambda", "RIV", "Within W", "Between B"],
                  rows: zip(labels, pooled).map { label, estimate in
            .cells([.text(label), .number(ReportNumberFormat.fixed(estimate.estimate, 6)),
                    .number(ReportNumberFormat.fixed(estimate.standardError, 6)),
                    .number(ReportNumberFormat.fixed(estimate.tRatio, 3)),
                    .number(estimate.degreesOfFreedom.isInfinite ? "inf" : ReportNumberFormat.fixed(estimate.degreesOfFreedom, 1)),
                    .number(ReportNumberFormat.pValue(estimate.pValue)),
                    .number(ReportNumberFormat.fixed(estimate.fractionMissingInformation, 3)),
                    .number(ReportNumberFormat.fixed(estimate.lambda, 3)),
                    .number(ReportNumberFormat.fixed(estimate.relativeIncrease, 3)),
                    .number(ReportNumberFormat.fixed(estimate.within, 6)), .number(ReportNumberFormat.fixed(estimate.between, 6))])
        })
    }
}
