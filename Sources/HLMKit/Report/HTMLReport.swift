/// The report as one self-contained HTML5 document: no network, no scripts, no fonts or images from elsewhere,
/// so the file opens offline; readable on a phone (tables scroll sideways, plots scale) and printable.
///
/// Sections: the run (title, data, method), the model in HLM's notation, the final fit's estimates as tables
/// (Tau, reliabilities, fixed effects with model-based and robust standard errors, an HGLM's ratios, the
/// variance components and their tests, a heterogeneous model's alphas and model comparison, the deviance), the
/// plots, and the whole text report (`TextReport`). The tables' numbers are the text report's, formatted alike.
///
/// The plots are SVG drawn by HLMKit (docs/HTML-REPORT.md says how to read them): a caterpillar plot of each
/// random effect's EB estimates, EB against OLS coefficients (shrinkage), level-1 residuals against fitted
/// values, for a heterogeneous sigma^2 the fitted sigma by each variance predictor, Mahalanobis distances against
/// chi-square quantiles, and HLM's equation graph. They read the residual tables (`InferenceResults.residuals`,
/// the numbers of the residual files), which the inference stage builds when `InferenceOptions.residuals` is
/// set; without them the page says so in place of the plots.
public enum HTMLReport {
    /// The analysis as an HTML document (UTF-8 text, ending with a newline; the same for the same analysis).
    public static func render(_ analysis: HLMAnalysis) -> String {
        let notation = ModelNotation(specification: analysis.specification)
        var estimates: [String] = []
        if analysis.homogeneousFit != nil {
            estimates.append("<p class=\"note\">The tables are the heterogeneous-sigma^2 model's (Model 2); the text "
                             + "report below also has the homogeneous model's (Model 1).</p>")
        }
        estimates += tables(analysis.fit, inference: analysis.inference, notation: notation).map(\.html)
        let plots = analysis.inference?.residuals.map { residuals in
            figures(PlotData(tables: residuals, specification: analysis.specification, fit: analysis.fit))
        }
        return page(title: analysis.title, summary: summary(analysis),
                    model: TextReport.modelSection(notation), estimates: estimates, warnings: analysis.fit.warnings,
                    plots: plots ?? [], plotsAbsent: plots == nil ? "No plots: the residual tables were not computed "
                        + "(InferenceOptions.residuals)." : nil,
                    textReport: TextReport.render(analysis))
    }

    /// The page's sections: the header (`title`, `summary`), the model's lines, the estimates' markup, the
    /// warnings, the plots (or the note `plotsAbsent` saying why there are none) and the text report.
    static func page(title: String, summary: String, model: [String], estimates: [String], warnings: [String],
                     plots: [HTMLFigure], plotsAbsent: String? = nil, textReport: String) -> String {
        var body = ["<header><h1>\(title.htmlEscaped)</h1>", "<p>\(summary.htmlEscaped)</p></header>",
                    "<h2>Model</h2>", "<pre>\(model.joined(separator: "\n").htmlEscaped)</pre>",
                    "<h2>Estimates</h2>"] + estimates
        if !warnings.isEmpty {
            body.append("<h3>Warnings</h3><ul>" + warnings.map { "<li>\($0.htmlEscaped)</li>" }.joined() + "</ul>")
        }
        body.append("<h2>Plots</h2>")
        if let plotsAbsent { body.append("<p class=\"note\">\(plotsAbsent.htmlEscaped)</p>") }
        body += plots.enumerated().map { index, figure in figure.html(id: "plot\(index + 1)") }
        body += ["<h2>Text report</h2>", "<pre>\(textReport.htmlEscaped)</pre>"]
        return HTMLDocument.page(title: title, body: body.joined(separator: "\n"))
    }

    /// Outcome, units, method and convergence in one sentence.
    private static func summary(_ analysis: HLMAnalysis) -> String {
        let data = analysis.data, fit = analysis.fit
        let method = analysis.options.method == .reml ? "restricted maximum likelihood" : "full maximum likelihood"
        let family = analysis.specification.family.isNormal ? "" : " (\(analysis.specification.family.rawValue) outcome)"
        return "Outcome \(analysis.specification.level1.outcome)\(family); \(data.level1Used) level-1 rows in "
            + "\(data.level2Used) units (\(data.level1Excluded) rows excluded); \(method); "
            + (fit.convergence.converged ? "converged in \(fit.convergence.iterations) iterations."
               : "did NOT converge (\(fit.convergence.iterations) iterations): see the warnings.")
    }

    /// The plots in the order of docs/HTML-REPORT.md.
    static func figures(_ data: PlotData) -> [HTMLFigure] {
        CaterpillarPlot.figures(data) + ShrinkagePlot.figures(data)
            + [ResidualPlot.figure(data)].compactMap { $0 } + SigmaPlot.figures(data)
            + [MahalanobisPlot.figure(data)].compactMap { $0 } + [EquationGraph.figure(data)]
    }
}
