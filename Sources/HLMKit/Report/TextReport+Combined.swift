// The report of a combined analysis (plausible values or imputed files): the first fit's header, design weights
// and model,
// then "Combined over M ... (Rubin's rules)": the fits, the combined fixed effects (model-based and robust)
// and the combined covariance parameters, each with its fraction of missing information.

extension TextReport {
    /// Renders a combined analysis; every line ends with a newline. The wall time is the only part that changes
    /// from run to run.
    public static func render(_ combined: CombinedAnalysis) -> String {
        let first = combined.analyses[0]
        let notation = ModelNotation(specification: first.specification)
        let dataSets = combined.dataSets
        let header = TextReport.header(first).map { line in
            switch dataSets {
            case .plausibleValues where line.hasPrefix("The outcome variable is"):
                return "The outcome variable is each plausible value in turn: "
                    + dataSets.names.map { $0.uppercased() }.joined(separator: ", ")
            case .imputedLevel1 where line.hasPrefix("    Level-1 data file"):
                return line + " (the first of \(dataSets.names.count) imputed files)"
            case .imputedLevel2 where line.hasPrefix("    Level-2 data file"):
                return line + " (the first of \(dataSets.names.count) imputed files)"
            default:
                return line
            }
        }
        let lines = header + weightsSection(first.weights) + modelSection(notation)
            + banner("Combined over \(dataSets.names.count) \(dataSets.description) (Rubin's rules)")
            + fitsLines(combined)
            + combinedFixedEffects(combined.combination.fixedEffects, effects: first.fit.fixedEffects,
                                   notation: notation, title: "model-based standard errors")
            + (combined.combination.robustFixedEffects.isEmpty ? []
                : combinedFixedEffects(combined.combination.robustFixedEffects, effects: first.fit.fixedEffects,
                                       notation: notation, title: "robust standard errors"))
            + combinedCovarianceParameters(combined.combination.covarianceParameters)
            + combinationNotes + warningLines(combined.warnings)
        return lines.joined(separator: "\n") + "\n"
    }

    /// The data sets, the wall time and one line per fit: iterations, convergence and deviance, then the mean
    /// deviance, labelled as a summary.
    private static func fitsLines(_ combined: CombinedAnalysis) -> [String] {
        let names = combined.dataSets.names
        let width = max(12, (names.map(\.count).max() ?? 0) + 2)
        let wallTime = ReportNumberFormat.fixed(combined.wallTimeSeconds, 2)
        let rows = zip(names, combined.analyses).map { name, analysis in
            let convergence = analysis.fit.convergence
            return " " + name.rightPadded(to: width) + "\(convergence.iterations)".leftPadded(to: 10)
                + (convergence.converged ? "yes" : "NO").leftPadded(to: 11)
                + ReportNumberFormat.fixed(analysis.fit.deviance, 6, width: 18)
        }
        return ["\(names.count) fits, run concurrently on \(combined.processors) "
                    + "core\(combined.processors == 1 ? "" : "s"); wall time \(wallTime) s", "",
                " " + "Data set".rightPadded(to: width) + "Iterations".leftPadded(to: 10)
                    + "Converged".leftPadded(to: 11) + "Deviance".leftPadded(to: 18)]
            + rows
            + [" " + "Mean deviance".rightPadded(to: width + 21)
                + ReportNumberFormat.fixed(combined.meanDeviance, 6, width: 18),
               " The mean deviance is a summary, not the deviance of a model: deviances do not combine by Rubin's",
               " rules, so no likelihood-ratio test is made on combined fits (hlm compare refuses them).", ""]
    }

    /// A combined fixed-effect table in HLM's layout with Barnard & Rubin's d.f. and the FMI column.
    private static func combinedFixedEffects(_ pooled: [PooledEstimate], effects: [FixedEffectEstimate],
                                             notation: ModelNotation, title: String) -> [String] {
        let (labels, labelWidth) = fixedEffectLabels(effects, notation: notation)
        let rule = textRule(labelWidth + 66)
        let header = [rule,
                      "".rightPadded(to: labelWidth) + "Standard".leftPadded(to: 24) + "Approx.".leftPadded(to: 20),
                      "    Fixed Effect".rightPadded(to: labelWidth) + "Coefficient".leftPadded(to: 13)
                        + "error".leftPadded(to: 11) + "t-ratio".leftPadded(to: 10) + "d.f.".leftPadded(to: 10)
                        + "p-value".leftPadded(to: 11) + "FMI".leftPadded(to: 8),
                      rule]
        let rows = fixedEffectBlocks(effects, notation: notation) { row in
            let estimate = pooled[row]
            let cells = [ReportNumberFormat.fixed(estimate.estimate, 6, width: 13),
                         ReportNumberFormat.fixed(estimate.standardError, 6, width: 11),
                         ReportNumberFormat.fixed(estimate.tRatio, 3, width: 10),
                         degreesOfFreedomText(estimate.degreesOfFreedom).leftPadded(to: 10),
                         ReportNumberFormat.pValue(estimate.pValue).leftPadded(to: 11),
                         ReportNumberFormat.fixed(estimate.fractionMissingInformation, 3, width: 8)]
            return labels[row].rightPadded(to: labelWidth) + cells.joined()
        }
        return ["Final estimation of fixed effects (combined, \(title)):"] + header + rows + [rule, ""]
    }

    /// The combined Tau elements and sigma^2 or alphas, with their standard errors and FMI.
    private static func combinedCovarianceParameters(_ pooled: [PooledEstimate]) -> [String] {
        guard !pooled.isEmpty else { return [] }
        let width = max(24, (pooled.map(\.parameter.count).max() ?? 0) + 2)
        let rule = textRule(width + 49)
        return ["Final estimation of variance components and level-1 variance (combined):", rule,
                " " + "Parameter".rightPadded(to: width - 1) + "Estimate".leftPadded(to: 14)
                    + "Standard error".leftPadded(to: 16) + "d.f.".leftPadded(to: 11) + "FMI".leftPadded(to: 8),
                rule]
            + pooled.map { row in
                " " + row.parameter.rightPadded(to: width - 1) + ReportNumberFormat.fixed(row.estimate, 6, width: 14)
                    + ReportNumberFormat.fixed(row.standardError, 6, width: 16)
                    + degreesOfFreedomText(row.degreesOfFreedom).leftPadded(to: 11)
                    + ReportNumberFormat.fixed(row.fractionMissingInformation, 3, width: 8)
            }
            + [rule, ""]
    }

    /// Barnard & Rubin's d.f. with one decimal, `inf` when infinite.
    private static func degreesOfFreedomText(_ df: Double) -> String {
        df.isInfinite ? "inf" : ReportNumberFormat.fixed(df, 1)
    }

    /// How the numbers were combined.
    private static let combinationNotes = [
        "Rubin's rules: the estimate is the mean of the M estimates; its variance T = W + (1 + 1/M) B, W the mean",
        "squared standard error, B the variance of the estimates; d.f. of Barnard & Rubin (1999) with each fixed",
        "effect's HLM d.f. as the complete-data d.f. (infinite, large-sample, for variance components and",
        "alphas); FMI = (r + 2/(d.f. + 3)) / (r + 1), r = (1 + 1/M) B / W, the fraction of missing information.",
        "Each data set's whole fit is in the JSON (fits).", "",
    ]
}
