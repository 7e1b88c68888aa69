import Foundation
import HLMExamples
import Testing
@testable import HLMKit

/// The HTML report (`HTMLReport.render`) of every embedded example: a strict parse, the plots with their titles,
/// axis labels and text alternatives, no reference to anything outside the file, the text report's numbers in
/// the tables, and the plots' data read from the residual tables as the residual files write them.
@Suite("HTML report")
struct HTMLReportTests {
    /// The two-level examples (the three-level one's page is `HTMLReportLevelsTests`').
    static let twoLevelExamples = Example.all.filter { !$0.isThreeLevel }

    /// Each two-level example fitted once with the residual tables (what `--html` asks for), and its HTML.
    static let reports: [String: (analysis: HLMAnalysis, html: String)] = {
        var reports: [String: (HLMAnalysis, String)] = [:]
        for example in twoLevelExamples {
            var settings = try! example.resolved()
            settings.inference.residuals = true
            let analysis = try! example.run(settings)
            reports[example.name] = (analysis, HTMLReport.render(analysis))
        }
        return reports
    }()

    static let exampleNames = twoLevelExamples.map(\.name)

    /// The `<svg>...</svg>` elements of a page.
    static func plots(_ html: String) -> [Substring] {
        html.matches(of: /<svg [^>]*>[\s\S]*?<\/svg>/).map(\.output)
    }

    @Test("every example's page is well-formed, from <!DOCTYPE html> to </html>", arguments: exampleNames)
    func wellFormed(name: String) throws {
        let html = try #require(Self.reports[name]).html
        #expect(HTMLWellFormedness.problem(in: html) == nil, "\(HTMLWellFormedness.problem(in: html) ?? "")")
        #expect(html.hasSuffix("</html>\n"))
    }

    @Test("the checker refuses broken markup")
    func checkerRefuses() {
        let head = "<!DOCTYPE html>\n"
        #expect(HTMLWellFormedness.problem(in: head + "<html><body></html>") != nil)
        #expect(HTMLWellFormedness.problem(in: head + "<html><p class=x></p></html>") != nil)
        #expect(HTMLWellFormedness.problem(in: head + "<html>a & b</html>") != nil)
        #expect(HTMLWellFormedness.problem(in: head + "<html>a < b</html>") != nil)
        #expect(HTMLWellFormedness.problem(in: head + "<html><br>x</html>") != nil)
        #expect(HTMLWellFormedness.problem(in: head + "<html><p id=\"a\" id=\"b\"></p></html>") != nil)
        #expect(HTMLWellFormedness.problem(in: head + "<html><br/>a &amp; b &#39;</html>") == nil)
    }

    @Test("nothing in the page refers to another file or the network", arguments: exampleNames)
    func selfContained(name: String) throws {
        let html = try #require(Self.reports[name]).html
        for forbidden in ["http:", "https:", "//", "<script", "<link", "<img", "<iframe", "@import", "src=\""] {
            #expect(!html.contains(forbidden), "\(forbidden)")
        }
        // The only url() is the plots' clip paths, fragments of the page itself.
        #expect(html.matches(of: /url\((?!#plot\d+-clip\))/).isEmpty)
    }

    @Test("each plot has a title, a description, labelled axes and an accessible name", arguments: exampleNames)
    func plotsAreLabelled(name: String) throws {
        let html = try #require(Self.reports[name]).html
        let plots = Self.plots(html)
        #expect(plots.count >= 4)
        for plot in plots {
            #expect(plot.contains("role=\"img\"") && plot.contains("aria-label=\"") && plot.contains("aria-describedby=\""))
            #expect(plot.contains(/<title>[^<]{10,}<\/title>/))
            #expect(plot.contains(/<desc id="plot\d+-desc">[^<]{40,}<\/desc>/))
            // The x label under the plot, the y label rotated beside it, both naming a quantity.
            #expect(plot.matches(of: /font-weight="600">[^<]{3,}<\/text>/).count == 2)
            #expect(plot.contains("transform=\"rotate(-90"))
        }
    }

    @Test("the plots of the heterogeneous example, in the documented order")
    func heterogeneousPlots() throws {
        let html = try #require(Self.reports["hsb-heterogeneous-sigma2"]).html
        let titles = html.matches(of: /<figcaption>([^<]*)<\/figcaption>/).map { String($0.output.1) }
        #expect(titles == [
            "Caterpillar plot: EB estimates of u0j (INTRCPT1) with 95% posterior intervals",
            "Caterpillar plot: EB estimates of u1j (FEMALE slope) with 95% posterior intervals",
            "Shrinkage: EB against OLS estimates of beta0j (INTRCPT1)",
            "Shrinkage: EB against OLS estimates of beta1j (FEMALE slope)",
            "Level-1 residuals against fitted values",
            "Fitted level-1 standard deviation sigma by FEMALE, with the residuals",
            "Mahalanobis distances against chi-square(2) quantiles (Q-Q plot of the level-2 residuals)",
            "Equation graph: predicted MATHACH by unit",
        ])
        // The fitted sigma of boys and girls, exp(alpha0 / 2) and exp((alpha0 + alpha1) / 2).
        #expect(html.contains("FEMALE = 0: fitted sigma 6.37") && html.contains("FEMALE = 1: fitted sigma 6.09"))
    }

    @Test("every number in the tables is the text report's, and the estimates are there", arguments: exampleNames)
    func tablesHoldTheTextReportsNumbers(name: String) throws {
        let (analysis, html) = try #require(Self.reports[name])
        let text = TextReport.render(analysis)
        let cells = html.matches(of: /<td class="number">([^<]+)<\/td>/).map {
            String($0.output.1).replacing("&lt;", with: "<")
        }
        #expect(cells.count >= 10)
        for cell in cells { #expect(text.contains(cell), "\(cell) is not in the text report") }
        for effect in analysis.fit.fixedEffects {
            #expect(cells.contains(ReportNumberFormat.fixed(effect.estimate, 6)))
            #expect(cells.contains(ReportNumberFormat.fixed(effect.standardError, 6)))
        }
    }

    @Test("the alpha table of the heterogeneous example holds the manual's 3.70401 and -0.09131")
    func alphaTable() throws {
        let html = try #require(Self.reports["hsb-heterogeneous-sigma2"]).html
        #expect(html.contains("<td class=\"number\">3.70401</td>"))
        #expect(html.contains("<td class=\"number\">-0.09131</td>"))
    }

    @Test("the sigma plot's variance predictor values reproduce SIGMA2 = exp(alpha0 + alpha1 FEMALE)")
    func variancePredictorValues() throws {
        let analysis = try #require(Self.reports["hsb-heterogeneous-sigma2"]).analysis
        let tables = try #require(analysis.inference?.residuals)
        let alpha = try #require(analysis.fit.level1Variance).alpha.map(\.estimate)
        let sigma2 = try #require(tables.level1.columns.firstIndex(of: "SIGMA2"))
        let female = try #require(tables.level1.columns.firstIndex(of: "FEMALE"))
        #expect(tables.level1VariancePredictors.count == tables.level1.rows.count)
        for (row, values) in zip(tables.level1.rows, tables.level1VariancePredictors) {
            #expect(values == [row[female]])
            #expect(abs(row[sigma2] - exp(alpha[0] + alpha[1] * values[0])) <= 1e-9 * row[sigma2])
        }
    }

    @Test("the equation graph's w_j'gamma_q, from the level-2 columns, is the residual file's FV_q")
    func equationGraphCoefficients() throws {
        let analysis = try #require(Self.reports["hsb-intercepts-slopes-as-outcomes"]).analysis
        let data = PlotData(tables: try #require(analysis.inference?.residuals),
                            specification: analysis.specification, fit: analysis.fit)
        #expect(data.level2Predictors.map(\.name) == ["SECTOR", "MEANSES"])
        let level2 = Dictionary(uniqueKeysWithValues: data.level2Predictors.map { ($0.name, $0.values) })
        for coefficient in ["INTRCPT1", "SES"] {
            let fitted = try #require(data.level2("FV_\(coefficient)"))
            for j in fitted.indices {
                let predicted = analysis.fit.fixedEffects.filter { $0.coefficient == coefficient }.reduce(0.0) {
                    $0 + $1.estimate * ($1.predictor == "INTRCPT2" ? 1 : level2[$1.predictor]![j])
                }
                #expect(abs(predicted - fitted[j]) <= 1e-9 * max(1, abs(fitted[j])))
            }
        }
        // Every coefficient is random here, so the graph's coefficients are the EB coefficients.
        let table = EquationGraph.coefficientTable(data)
        #expect(table.map { $0[1] } == data.level2("EBCOEF_SES"))
    }

    @Test("a model whose units have no OLS fit says so in place of the shrinkage and Q-Q plots")
    func noOLSUnits() throws {
        var analysis = try #require(Self.reports["hsb-null"]).analysis
        var tables = try #require(analysis.inference?.residuals)
        for name in ["OLS_INTRCPT1", "MDIST", "CHIPCT"] {
            let c = try #require(tables.level2.columns.firstIndex(of: name))
            for j in tables.level2.rows.indices { tables.level2.rows[j][c] = .nan }
        }
        analysis.inference?.residuals = tables
        let html = HTMLReport.render(analysis)
        #expect(HTMLWellFormedness.problem(in: html) == nil)
        #expect(html.contains("Only 0 of the 160 units have enough rows"))
        #expect(html.contains("Only 0 of the 160 units have their own OLS fit"))
        #expect(html.contains("Caterpillar plot"))
    }

    @Test("the level-1 equation without predictors has no equation graph, and says why")
    func nullModelEquationGraph() throws {
        let html = try #require(Self.reports["hsb-null"]).html
        #expect(html.contains("The level-1 equation has no predictor"))
    }

    @Test("text from the user is escaped")
    func escaping() throws {
        var analysis = try #require(Self.reports["hsb-null"]).analysis
        analysis.title = "<script>alert('x')</script> & \"quotes\""
        let html = HTMLReport.render(analysis)
        #expect(!html.contains("<script"))
        #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quotes&quot;"))
        #expect(HTMLWellFormedness.problem(in: html) == nil)
    }

    @Test("without the residual tables the page has the tables and says why there are no plots")
    func withoutResiduals() throws {
        var analysis = try #require(Self.reports["hsb-null"]).analysis
        analysis.inference?.residuals = nil
        let html = HTMLReport.render(analysis)
        #expect(Self.plots(html).isEmpty)
        #expect(html.contains("No plots: the residual tables were not computed"))
        #expect(HTMLWellFormedness.problem(in: html) == nil)
    }

    @Test("7,185 residuals keep the page small: one path per mark, one decimal, repeated points once")
    func size() throws {
        let html = try #require(Self.reports["hsb-heterogeneous-sigma2"]).html
        #expect(html.utf8.count < 500_000)
        #expect(!html.contains("<circle"))
        for plot in Self.plots(html) { #expect(!plot.contains(/[MLHVhv]-?\d+\.\d\d/)) }
    }

    @Test("the same analysis gives the same page")
    func deterministic() throws {
        let (analysis, html) = try #require(Self.reports["contraception"])
        #expect(HTMLReport.render(analysis) == html)
    }

    @Test("a small report (no residual tables) matches its snapshot")
    func snapshot() throws {
        try expectSnapshot(HTMLReport.render(ReportExamples.slopesAsOutcomesAnalysis), named: "html-slopes-as-outcomes")
    }
}
