// The HTML report of a three-level analysis (HLM3): the page of `render(_: HLMAnalysis)` with the three-level
// JSON document's tables (read generically, `documentTables`) and the plots that exist with two levels of
// random effects.

extension HTMLReport {
    /// A three-level analysis as an HTML document: the run, the model in HLM3's notation, the estimates as
    /// tables (every section of `JSONReport.render(_: ThreeLevelAnalysis)`'s document), the plots and the text
    /// report.
    ///
    /// Plots: a caterpillar plot of each level-2 random effect r_pj and each level-3 random effect u_pqk (the
    /// conditional modes, as the residual files hold them, without intervals: the three-level fit does not
    /// compute posterior variances), level-1 residuals against fitted values, for a heterogeneous sigma^2 the
    /// fitted sigma_i by each variance predictor, and the equation graph of the level-1 equation for a sample of
    /// level-2 units, coloured by level-3 unit group. The Mahalanobis Q-Q plots are replaced by a note saying why.
    public static func render(_ analysis: ThreeLevelAnalysis) -> String {
        let document = JSONValueEncoder.encode(JSONReport.document(analysis))
        let results = analysis.results
        return page(title: analysis.title, summary: summary(analysis),
                    model: TextReport.threeLevelEquations(analysis.specification),
                    estimates: documentTables(document, omitting: ["model", "warnings"]).map(\.html),
                    warnings: JSONReport.document(analysis).warnings,
                    plots: figures(analysis.plotTables, specification: analysis.specification, results: results),
                    textReport: TextReport.render(analysis))
    }

    /// Outcome, units at the three levels, method and convergence in one sentence.
    private static func summary(_ analysis: ThreeLevelAnalysis) -> String {
        let data = analysis.data, convergence = analysis.results.convergence
        let method = analysis.results.method == .reml ? "restricted maximum likelihood" : "full maximum likelihood"
        return "Outcome \(analysis.specification.level1.outcome); \(data.level1Used) level-1 rows in "
            + "\(data.level2Used) level-2 units in \(data.level3Used ?? 0) level-3 units (\(data.level1Excluded) rows "
            + "excluded); \(method); "
            + (convergence.converged ? "converged in \(convergence.iterations) iterations."
               : "did NOT converge (\(convergence.iterations) iterations): see the warnings.")
    }

    /// The three-level plots in the order of docs/HTML-REPORT.md.
    static func figures(_ tables: ThreeLevelPlotTables, specification: ModelSpecification,
                        results: ThreeLevelResults) -> [HTMLFigure] {
        let outcome = specification.level1.outcome
        func scale(_ coefficient: String) -> String {
            let predictors = coefficient.split(separator: "/").map(String.init)
                .filter { $0 != ReservedWord.intercept1 && $0 != ReservedWord.intercept2 }
            return predictors.isEmpty ? outcome : "\(outcome) per unit of " + predictors.joined(separator: " × ")
        }
        let level2 = tables.level2Modes.enumerated().map { p, mode in
            CaterpillarPlot.figure(
                .init(symbol: "r\(p)jk", label: ModelNotation.coefficientLabel(mode.coefficient), units: "level-2 units",
                      scale: scale(mode.coefficient), source: "the level-2 residual file's EB_\(mode.coefficient)",
                      comparedWith: "the level-2 equation with its level-3 unit's coefficients"),
                eb: mode.values, variance: nil, ids: tables.level2IDs)
        }
        let level3 = tables.level3Modes.enumerated().map { t, mode in
            CaterpillarPlot.figure(
                .init(symbol: "u\(t)k", label: mode.coefficient, units: "level-3 units", scale: scale(mode.coefficient),
                      source: "the level-3 residual file's EB_" + mode.coefficient.replacing("/", with: "_"),
                      comparedWith: "the level-3 equation"),
                eb: mode.values, variance: nil, ids: tables.level3IDs)
        }
        let residuals = ResidualPlot.figure(fitted: tables.fitted, residual: tables.residual, outcome: outcome,
                                            family: .normal)
        let sigma = tables.sigma2.map { sigma2 in
            tables.variancePredictors.map { predictor in
                SigmaPlot.figure(name: predictor.name, values: predictor.values, sigma: sigma2.map { $0.squareRoot() },
                                 residual: tables.residual, outcome: outcome,
                                 otherPredictors: tables.variancePredictors.count > 1)
            }
        } ?? []
        let mahalanobis = HTMLFigure(
            absent: "Mahalanobis distances against chi-square quantiles (levels 2 and 3)",
            because: "Not drawn for a three-level model: HLM's distance of a unit (MDIST) compares its own OLS "
                + "estimates with the model through their sampling covariance, and HLM3's residual files hold no "
                + "OLS estimates or posterior variances to compute it from. The caterpillar plots above show the "
                + "units' EB estimates at both levels.")
        return level2 + level3 + [residuals] + sigma + [mahalanobis] + [equationGraph(tables, specification: specification)]
    }

    /// HLM's equation graph of the level-1 equation for a sample of level-2 units, coloured by whether their
    /// level-3 unit's mean prediction is at or below the median of the level-3 units' or above it.
    private static func equationGraph(_ tables: ThreeLevelPlotTables, specification: ModelSpecification) -> HTMLFigure {
        guard let predictors = tables.level1Predictors else {
            return HTMLFigure(absent: "Equation graph: predicted \(specification.level1.outcome) by level-2 unit",
                              because: "A level-1 predictor enters the model only through level-2 predictors (no "
                                + "INTRCPT2 term and no level-2 random effect), so its values are not in the design "
                                + "to draw the units' lines over.")
        }
        // Colour: the level-2 unit's level-3 unit at or below the median level-3 intercept mode, or above.
        let intercept = tables.level3Modes.first?.values ?? []
        let sorted = intercept.sorted()
        let median = sorted.isEmpty ? 0 : (sorted[(sorted.count - 1) / 2] + sorted[sorted.count / 2]) / 2
        let first = tables.level3Modes.first?.coefficient ?? ""
        let groups: (group: [Int], legend: [String], description: String) = intercept.isEmpty
            ? (Array(repeating: 0, count: tables.level2IDs.count), ["all units"],
               "The model has no level-3 random effect to colour by.")
            : (tables.level3OfUnit.map { intercept[$0] <= median ? 0 : 1 },
               ["level-3 EB of \(first) ≤ median", "level-3 EB of \(first) > median"],
               "Colours: the unit's level-3 unit has an EB estimate of \(first) at or below the median of the "
                + "level-3 units' (blue) or above it (red).")
        return EquationGraph.figure(EquationGraph.Units(
            predictors: zip(predictors, specification.level1.predictors).map { ($0.name, $1.centering, $0.values) },
            hasIntercept: specification.level1.hasIntercept, ids: tables.level2IDs, unitOfRow: tables.unitOfRow,
            coefficients: tables.coefficients, scale: specification.level1.outcome, groups: groups))
    }
}
