/// The HLM2-style text report (HLM 8's layout, fixed column widths, ASCII notation).
///
/// Sections, in order: the run's specifications (files, units used and excluded, estimation settings), the
/// model in HLM's notation, then for each fit its iteration summary, convergence, sigma^2, Tau, the fixed
/// effects and the variance components, and the deviance. A heterogeneous-sigma^2 analysis prints the
/// homogeneous model (Model 1) first, then the heterogeneous model (Model 2), then HLM's
/// "RESULTS FOR HETEROGENEOUS SIGMA-SQUARED" block with the alphas and the model comparison. When the
/// inference stage ran, the final model's section adds the reliabilities, the robust fixed-effects table, the
/// variance-component chi-square tests and the comparison with a previous model, and the report ends with the
/// homogeneity-of-variance test and the hypothesis tests that were asked for.
///
/// Deviances are -2 log-likelihood including the N ln(2 pi) constant (the REML criterion under REML), as lme4
/// and nlme report them; the report says so next to every deviance it prints.
public enum TextReport {
    /// Renders the whole report; every line ends with a newline and the text is the same for the same input.
    ///
    /// - Parameters:
    ///   - analysis: The specification, data summary, options and fits of one run.
    ///   - hlmDeviance: Print the heterogeneous-sigma^2 block's deviances as HLM does (ln(2 pi) lower)
    ///     instead of the full -2 log-likelihood.
    ///   - fullOutput: Also print the standard errors of the covariance parameters (HLM's `fulloutput:y`).
    public static func render(_ analysis: HLMAnalysis, hlmDeviance: Bool = false, fullOutput: Bool = false) -> String {
        let notation = ModelNotation(specification: analysis.specification)
        var lines = header(analysis) + weightsSection(analysis.weights) + modelSection(notation)
        if let homogeneous = analysis.homogeneousFit {
            lines += banner("Model 1: homogeneous sigma-squared")
                + fitSection(homogeneous, notation: notation, inference: analysis.homogeneousInference,
                             fullOutput: fullOutput)
            lines += banner("Model 2: heterogeneous sigma-squared")
        }
        lines += fitSection(analysis.fit, notation: notation, inference: analysis.inference, fullOutput: fullOutput)
        if let level1Variance = analysis.fit.level1Variance {
            lines += level1VarianceSection(level1Variance, specification: analysis.specification,
                                           macroIterations: analysis.fit.convergence.iterations,
                                           units: analysis.data.level2Used, hlmDeviance: hlmDeviance,
                                           method: analysis.fit.method)
        }
        if let inference = analysis.inference {
            lines += (inference.homogeneityTest.map(homogeneityLines) ?? [])
                + hypothesisTestLines(inference.hypothesisTests, fixedEffects: analysis.fit.fixedEffects)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Title, files, units used and excluded, estimation settings and the outcome.
    static func header(_ analysis: HLMAnalysis) -> [String] {
        let data = analysis.data
        let options = analysis.options
        let method = options.method == .reml ? "restricted maximum likelihood" : "full maximum likelihood"
        let settings: [(String, String)] = [
            ("Level-1 data file", data.level1File),
            ("Level-2 data file", data.level2File ?? "(none: units are the level-1 IDs)"),
            ("Number of level-1 units used", "\(data.level1Used)"),
            ("Number of level-2 units used", "\(data.level2Used)"),
            ("Level-1 units excluded", "\(data.level1Excluded)"),
            ("Level-2 units excluded", "\(data.level2Excluded)"),
        ]
        let reasons = data.exclusionReasons.map { "      - " + $0 }
            + data.missingCodeCounts.map { "      - missing-value code \($0.code): \($0.cells) cell\($0.cells == 1 ? "" : "s")" }
            + data.fileFormats.map { "    Data format: " + $0 }
        return ["hlm: two-level hierarchical linear model (an open re-implementation of HLM2)", "",
                "Specifications for this HLM2 run", "",
                "    Problem Title: \(analysis.title)", ""]
            + settings.map(settingLine) + reasons
            + [settingLine(("Maximum number of iterations", "\(options.maxIterations)")),
               settingLine(("Convergence tolerance (deviance)", ReportNumberFormat.scientific(options.tolerance))),
               ]
            + (analysis.specification.family.isNormal ? ["    Method of estimation: \(method)"]
                : generalizedMethodLines(family: analysis.specification.family, options: options,
                                         overdispersion: analysis.specification.overdispersion))
            + ["",
               "The outcome variable is \(analysis.specification.level1.outcome)", ""]
    }

    /// `    Name ... = value` with the `=` in a fixed column.
    private static func settingLine(_ setting: (name: String, value: String)) -> String {
        "    " + setting.name.rightPadded(to: 33) + "= " + setting.value
    }

    /// A section title between rules of `=`.
    static func banner(_ title: String) -> [String] {
        let rule = String(repeating: "=", count: 80)
        return [rule, title, rule, ""]
    }
}
