import Foundation
import HLMExamples
import Testing
@testable import HLMKit

/// An HGLM's reports: the text layout (snapshots of the Contraception examples), the JSON keys only non-normal
/// fits have, the ratio intervals, Wald tests on the fit's own covariance, residual files, and `hlm compare`
/// refusing PQL and different likelihood approximations.
@Suite("HGLM reports")
struct GeneralizedReportTests {
    /// The Contraception example `name` run through the library.
    static func analysis(_ name: String, _ settings: AnalysisSettings = AnalysisSettings()) throws -> HLMAnalysis {
        try #require(Example.named(name)).run(settings)
    }

    @Test("the Contraception examples print the pinned HGLM report", arguments: [
        "contraception", "contraception-laplace", "contraception-agq",
    ])
    func report(name: String) throws {
        let result = try CLIRunner.run(["example", name])
        #expect(result.status == 0, "\(result.stderr)")
        let stable = result.stdout.replacing(/\|change in deviance\| = \S+, gradient norm = \S+/,
                                             with: "|change in deviance| = *, gradient norm = *")
        try expectSnapshot(stable, named: "example-\(name)")
    }

    @Test("odds ratios are exp(gamma) with the interval exp(gamma -+ t(0.975, df) SE)")
    func ratios() throws {
        let fit = try Self.analysis("contraception-laplace").fit
        for effect in fit.fixedEffects {
            let ratio = try #require(effect.ratio)
            let t = Distributions.studentTQuantile(0.975, degreesOfFreedom: Double(effect.degreesOfFreedom))
            #expect(abs(ratio.ratio - exp(effect.estimate)) <= 1e-12 * ratio.ratio)
            #expect(abs(log(ratio.upper) - effect.estimate - t * effect.standardError) < 1e-12)
            #expect(abs(effect.estimate - log(ratio.lower) - t * effect.standardError) < 1e-12)
        }
        #expect(try Self.analysis("hsb-null").fit.fixedEffects.allSatisfy { $0.ratio == nil })
    }

    @Test("Student t quantiles: t(0.975, 10), t(0.975, 59) and the normal limit")
    func quantiles() {
        #expect(abs(Distributions.studentTQuantile(0.975, degreesOfFreedom: 10) - 2.228138851986274) < 1e-12)
        #expect(abs(Distributions.studentTQuantile(0.975, degreesOfFreedom: 59) - 2.000995378088242) < 1e-12)
        #expect(abs(Distributions.studentTQuantile(0.975, degreesOfFreedom: .infinity) - 1.959963984540054) < 1e-12)
        #expect(Distributions.studentTQuantile(0.4, degreesOfFreedom: 5).isNaN)
    }

    @Test("the JSON has the HGLM keys for a non-normal fit only, deviance null for PQL")
    func json() throws {
        let pql = JSONReport.render(try Self.analysis("contraception"))
        for key in ["\"family\": \"bernoulli\"", "\"estimation\": \"pql\"", "\"quadrature_points\": null",
                    "\"macro_iterations\": [", "\"deviance\": null", "\"population_average\": [", "\"odds_ratio\": ",
                    "\"ci_lower\": ", "\"ci_upper\": ", "\"overdispersion\": null"] {
            #expect(pql.contains(key), "\(key)")
        }
        let agq = JSONReport.render(try Self.analysis("contraception-agq"))
        for key in ["\"estimation\": \"agq\"", "\"quadrature_points\": 25", "\"macro_iterations\": null",
                    "\"deviance\": 2416.31"] {
            #expect(agq.contains(key), "\(key)")
        }
        let normal = JSONReport.render(try Self.analysis("hsb-null"))
        for key in ["family", "estimation", "quadrature_points", "macro_iterations", "population_average",
                    "overdispersion", "odds_ratio", "rate_ratio", "ci_lower"] {
            #expect(!normal.contains("\"\(key)\""), "\(key)")
        }
    }

    @Test("the text report says PQL has no deviance and prints Laplace's")
    func deviance() throws {
        let pql = TextReport.render(try Self.analysis("contraception"))
        #expect(pql.contains("no deviance is reported") && !pql.contains("Deviance                       ="))
        #expect(pql.contains("(Population-average model with robust standard errors)"))
        let laplace = TextReport.render(try Self.analysis("contraception-laplace"))
        #expect(laplace.contains("Deviance                       = 2416.583"))
        #expect(laplace.contains("by the Laplace approximation"))
    }

    @Test("a Wald test of one fixed effect is its squared z on the fit's own covariance (Laplace)")
    func waldTest() throws {
        var settings = AnalysisSettings()
        settings.hypotheses = ["LIV/INTRCPT2 = 0"]
        let analysis = try Self.analysis("contraception-laplace", settings)
        let test = try #require(analysis.inference?.hypothesisTests.first)
        let liv = try #require(analysis.fit.fixedEffects.first { $0.coefficient == "LIV" })
        let robust = try #require(analysis.inference?.robustFixedEffects.first { $0.coefficient == "LIV" })
        #expect(abs(test.chiSquare - liv.tRatio * liv.tRatio) < 1e-8 * test.chiSquare)
        #expect(abs(test.robustChiSquare - robust.tRatio * robust.tRatio) < 1e-8 * test.robustChiSquare)
    }

    @Test("HGLM residual files: eta, the fitted probability, E(y) and Var(y) given the random effects")
    func residuals() throws {
        var settings = AnalysisSettings()
        settings.level1ResidualPath = "unused"
        let analysis = try Self.analysis("contraception-laplace", settings)
        let level1 = try #require(analysis.inference?.residuals?.level1)
        #expect(level1.columns == ["LINE", "USE", "ETA", "PROBABILITY", "FITTED", "RESIDUAL", "SIGMA2", "URBAN", "AGE",
                                   "LIV"])
        for row in level1.rows.prefix(50) {
            let probability = 1 / (1 + exp(-row[2]))
            #expect(abs(row[3] - probability) < 1e-14 && row[4] == row[3])
            #expect(abs(row[5] - (row[1] - row[4])) < 1e-14)
            #expect(abs(row[6] - probability * (1 - probability)) < 1e-14)
        }
        let level2 = try #require(analysis.inference?.residuals?.level2)
        let eb = try #require(level2.columns.firstIndex(of: "EB_INTRCPT1"))
        #expect(level2.rows.allSatisfy { $0[eb].isFinite })
    }

    @Test("a previous model's deviance cannot be compared with a PQL fit")
    func previousDeviance() throws {
        let file = try CLIRunner.temporaryDirectory().appendingPathComponent("pql.hlm")
        try "nonlin:bernoulli\ndeviance:2500\ndf:4\nlevel1:USE=INTRCPT1+URBAN+AGE+LIV\nlevel2:INTRCPT1=INTRCPT2+random\n"
            .write(to: file, atomically: true, encoding: .utf8)
        let result = try CLIRunner.run(["fit", "--command", file.path, exampleFilePath("contraception.csv"),
                                        "--id", "DISTRICT"])
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains("penalised quasi-likelihood (PQL), which maximises no likelihood"))
    }

    @Test("hlm compare: Laplace fits of nested models are compared; PQL and Laplace-against-AGQ are refused")
    func compare() throws {
        let directory = try CLIRunner.temporaryDirectory()
        func fit(_ name: String, _ extra: [String], model: String) throws -> String {
            let path = directory.appendingPathComponent(name + ".json").path
            let result = try CLIRunner.run(["fit", exampleFilePath("contraception.csv"), "--id", "DISTRICT",
                                            "--family", "bernoulli", "--model", model,
                                            "--model", "INTRCPT1 = INTRCPT2 + random", "--json", path] + extra)
            #expect(result.status == 0, "\(result.stderr)")
            return path
        }
        let full = "USE = INTRCPT1 + URBAN + AGE + LIV", reduced = "USE = INTRCPT1 + URBAN + AGE"
        let laplaceFull = try fit("laplace-full", ["--estimation", "laplace"], model: full)
        let laplaceReduced = try fit("laplace-reduced", ["--estimation", "laplace"], model: reduced)
        let compared = try CLIRunner.run(["compare", laplaceReduced, laplaceFull])
        #expect(compared.status == 0, "\(compared.stderr)")
        let pql = try fit("pql", [], model: full)
        let refused = try CLIRunner.run(["compare", laplaceReduced, pql])
        #expect(refused.status != 0 && refused.stderr.contains("no likelihood"))
        let agq = try fit("agq-reduced", ["--estimation", "agq", "--quadrature-points", "9"], model: reduced)
        let different = try CLIRunner.run(["compare", agq, laplaceFull])
        #expect(different.status != 0 && different.stderr.contains("bernoulli, agq with 9 points"))
    }
}
