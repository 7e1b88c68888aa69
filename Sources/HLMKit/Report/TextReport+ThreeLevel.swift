extension TextReport {
    /// Renders a three-level analysis as HLM3 prints it: the run's specifications and data, the three levels'
    /// equations, sigma^2, Tau_pi and Tau_beta (with correlations), the fixed effects gamma_pqs with model-based
    /// and robust (level-3 clustered) standard errors, and the deviance. Every line ends with a newline.
    public static func render(_ analysis: ThreeLevelAnalysis) -> String {
        let results = analysis.results, data = analysis.data
        let method = results.method == .reml ? "restricted maximum likelihood" : "full maximum likelihood"
        let settings: [(String, String)] = [
            ("Level-1 data file", data.level1File),
            ("Level-2 data file", data.level2File ?? "(none: level-2 variables from the level-1 file)"),
            ("Level-3 data file", data.level3File ?? "(none: level-3 variables from the level-1 file)"),
            ("Number of level-1 units used", "\(data.level1Used)"),
            ("Number of level-2 units used", "\(data.level2Used)"),
            ("Number of level-3 units used", "\(data.level3Used ?? 0)"),
            ("Level-1 units excluded", "\(data.level1Excluded)"),
            ("Level-2 units excluded", "\(data.level2Excluded)"),
            ("Level-3 units excluded", "\(data.level3Excluded ?? 0)"),
            ("Maximum number of iterations", "\(analysis.options.maxIterations)"),
            ("Convergence tolerance (deviance)", ReportNumberFormat.scientific(analysis.options.tolerance)),
        ]
        var lines = ["hlm: three-level hierarchical linear model (an open re-implementation of HLM3)", "",
                     "Specifications for this HLM3 run", "", "    Problem Title: \(analysis.title)", ""]
        lines += settings.map { "    " + $0.0.rightPadded(to: 33) + "= " + $0.1 }
        lines += data.exclusionReasons.map { "      - " + $0 }
        lines += ["    Method of estimation: \(method)", "",
                  "The outcome variable is \(analysis.specification.level1.outcome)", ""]
        lines += threeLevelEquations(analysis.specification)
        let convergence = results.convergence
        lines += ["", convergence.converged ? "Converged: \(convergence.message)"
                    : "WARNING: the estimation did not converge: \(convergence.message)",
                  "    iterations \(convergence.iterations), gradient norm \(ReportNumberFormat.scientific(convergence.gradientNorm))", "",
                  " sigma^2 = \(ReportNumberFormat.fixed(results.sigma2, 5))", ""]
        lines += tauLines("Tau(pi)", results.level2Tau) + tauLines("Tau(beta)", results.level3Tau)
        let names = ThreeLevelSymbols(analysis.specification)
        lines += componentReliabilityLines(results.level2Components, header: "Random level-1 coefficient",
                                           label: names.level1Coefficient)
        lines += componentReliabilityLines(results.level3Components, header: "Random level-2 coefficient",
                                           label: names.level2Coefficient)
        lines += fixedEffectLines(results, robust: false) + fixedEffectLines(results, robust: true)
        lines += componentTestLines(results.level2Components,
                                    title: "Final estimation of level-1 and level-2 variance components:",
                                    symbol: names.level2Effect)
        lines += componentTestLines(results.level3Components, title: "Final estimation of level-3 variance components:",
                                    symbol: names.level3Effect)
        lines += results.level1Variance.map(level1VarianceLines) ?? []
        lines += ["Statistics for the current model",
                  " Deviance                       = \(ReportNumberFormat.fixed(results.deviance, 6))",
                  " Number of estimated parameters = \(results.parameters)"]
        return lines.joined(separator: "\n") + "\n"
    }

    /// The level-1, level-2 and level-3 equations in HLM3's letters (P, B, G; E, R, U).
    static func threeLevelEquations(_ specification: ModelSpecification) -> [String] {
        let level1 = specification.level1
        var lines = ["Level-1 Model", "    \(level1.outcome) = " + level1.coefficientNames.enumerated().map { p, name in
            name == ReservedWord.intercept1 ? "P\(p)" : "P\(p)*(\(name))"
        }.joined(separator: " + ") + " + E", "", "Level-2 Model"]
        var level3 = specification.level3.makeIterator()
        var level3Lines = [String]()
        for (p, equation) in specification.level2.enumerated() {
            let terms = equation.predictorNames.enumerated().map { q, name in
                name == ReservedWord.intercept2 ? "B\(p)\(q)" : "B\(p)\(q)*(\(name))"
            }
            lines.append("    P\(p) = " + (terms + (equation.isRandom ? ["R\(p)"] : [])).joined(separator: " + "))
            for q in equation.predictorNames.indices {
                let equation3 = level3.next()!
                let terms3 = equation3.predictorNames.enumerated().map { s, name in
                    name == ReservedWord.intercept3 ? "G\(p)\(q)\(s)" : "G\(p)\(q)\(s)*(\(name))"
                }
                level3Lines.append("    B\(p)\(q) = " + (terms3 + (equation3.isRandom ? ["U\(p)\(q)"] : []))
                    .joined(separator: " + "))
            }
        }
        return lines + ["", "Level-3 Model"] + level3Lines
    }

    /// A level's reliability table and HLM's note on the units behind it.
    private static func componentReliabilityLines(_ statistics: ThreeLevelResults.ComponentStatistics, header: String,
                                                  label: (String) -> String) -> [String] {
        guard !statistics.reliabilities.isEmpty else { return [] }
        return reliabilityTable(header: header, labels: statistics.reliabilities.map { label($0.coefficient) },
                                estimates: statistics.reliabilities.map(\.estimate))
            + olsUnitsNote(used: statistics.unitsUsed, of: statistics.unitCount, statistics: "reliability estimates")
    }

    /// A level's variance-component table with its chi-square tests and HLM's note on the units behind them.
    private static func componentTestLines(_ statistics: ThreeLevelResults.ComponentStatistics, title: String,
                                           symbol: (String) -> (name: String, symbol: String)) -> [String] {
        guard !statistics.tests.isEmpty else { return [] }
        let rows = statistics.tests.map { test in
            let label = symbol(test.coefficient)
            return (name: label.name, symbol: label.symbol, variance: test.variance)
        }
        return varianceComponentsTable(title: title, rows: rows, tests: statistics.tests)
            + olsUnitsNote(used: statistics.unitsUsed, of: statistics.unitCount, statistics: "chi-square statistics")
    }

    /// The level-1 variance model's alpha table and its test against homogeneous sigma^2.
    private static func level1VarianceLines(_ variance: ThreeLevelResults.Level1Variance) -> [String] {
        let rule = String(repeating: "-", count: 64)
        func optional(_ x: Double?, _ text: (Double) -> String) -> String { x.map(text) ?? "" }
        return ["Model for level-1 variance: log sigma^2 = alpha0 + alpha1 c1 + ...", rule,
                "    Parameter             Coefficient   Std. Error    Z-ratio   P-value", rule]
            + variance.alpha.map { alpha in
                "    " + alpha.predictor.rightPadded(to: 18) + ReportNumberFormat.fixed(alpha.estimate, 6, width: 14)
                    + optional(alpha.standardError) { ReportNumberFormat.fixed($0, 6, width: 13) }.leftPadded(to: 13)
                    + optional(alpha.z) { ReportNumberFormat.fixed($0, 3, width: 11) }.leftPadded(to: 11)
                    + optional(alpha.p) { ReportNumberFormat.pValue($0).leftPadded(to: 10) }.leftPadded(to: 10)
            }
            + [rule, "",
               "Test of homogeneity of level-1 variance (deviances)",
               "    homogeneous sigma^2:   \(ReportNumberFormat.fixed(variance.homogeneous.deviance, 6)) "
                + "(\(variance.homogeneous.parameters) parameters)",
               "    heterogeneous sigma^2: \(ReportNumberFormat.fixed(variance.heterogeneous.deviance, 6)) "
                + "(\(variance.heterogeneous.parameters) parameters)",
               "    Chi-square = \(ReportNumberFormat.fixed(variance.chiSquare, 5)), df = \(variance.df), "
                + "P-value = \(ReportNumberFormat.pValue(variance.p))", ""]
    }

    /// A Tau matrix and its correlations, labelled by coefficient.
    private static func tauLines(_ title: String, _ tau: ThreeLevelResults.Tau) -> [String] {
        guard !tau.coefficients.isEmpty else { return [] }
        func block(_ matrix: [[Double]], _ decimals: Int) -> [String] {
            zip(tau.coefficients, matrix).map { name, row in
                " " + name.rightPadded(to: 20) + row.map { ReportNumberFormat.fixed($0, decimals, width: 12) }.joined()
            }
        }
        return [" \(title)"] + block(tau.matrix, 5) + ["", " \(title) (as correlations)"]
            + block(tau.correlations, 3) + [""]
    }

    /// The fixed-effect table (model-based or robust standard errors).
    private static func fixedEffectLines(_ results: ThreeLevelResults, robust: Bool) -> [String] {
        let rule = String(repeating: "-", count: 80)
        var lines = [robust ? "Final estimation of fixed effects (with robust standard errors)"
                        : "Final estimation of fixed effects:", rule,
                     "                                          Standard             Approx.",
                     "    Fixed Effect           Coefficient   Error      T-ratio    d.f.   P-value", rule]
        var last: (String, String)?
        for effect in results.fixedEffects {
            if last?.0 != effect.coefficient { lines.append("For \(effect.coefficient)") }
            if last?.0 != effect.coefficient || last?.1 != effect.level2Predictor {
                lines.append("  For \(effect.level2Predictor)")
            }
            last = (effect.coefficient, effect.level2Predictor)
            let se = robust ? effect.robustStandardError : effect.standardError
            let t = robust ? effect.robustTRatio : effect.tRatio, p = robust ? effect.robustPValue : effect.pValue
            lines.append("    " + effect.predictor.rightPadded(to: 20)
                + ReportNumberFormat.fixed(effect.estimate, 6, width: 13) + ReportNumberFormat.fixed(se, 6, width: 11)
                + ReportNumberFormat.fixed(t, 3, width: 11) + "\(effect.degreesOfFreedom)".leftPadded(to: 8)
                + ReportNumberFormat.pValue(p).leftPadded(to: 10))
        }
        return lines + [rule, ""]
    }
}
