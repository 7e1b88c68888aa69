import Foundation
import HLMExamples
import Testing
@testable import HLMKit

/// Combined analyses through the library: the example near the simulation's truth, concurrent fits equal to
/// one-at-a-time fits, imputed level-1 and level-2 files, and the combinations refused.
@Suite("Combined analyses")
struct CombinedAnalysisTests {
    /// The survey example's request on data/ (the same files the example embeds).
    static func request() throws -> AnalysisRequest {
        let example = try #require(Example.named("survey-plausible-values"))
        return AnalysisRequest(level1Path: exampleFilePath("survey-level1.csv"),
                               level2Path: exampleFilePath("survey-level2.csv"), idColumn: "ID",
                               specification: try example.specification())
    }

    @Test("the example's combined slopes are within 3 standard errors of the simulation's truth")
    func truth() throws {
        let combined = try CombinationFixture.example.get()
        #expect(combined.converged && combined.analyses.count == 5)
        // hlm simulate's gamma = (10, 1, 2, -1): W on the intercept, the X slope, the G slope. Selection is on
        // u_0j and r_ij only, so the unweighted slopes are unbiased; the intercept and the variances are not
        // (see SurveySimulationTests) until the design weights are used.
        let fixed = combined.combination.fixedEffects
        for (index, truth) in [(1, 1.0), (2, 2.0), (3, -1.0)] {
            let effect = fixed[index]
            #expect(abs(effect.estimate - truth) < 3 * effect.standardError,
                    "\(effect.parameter): \(effect.estimate) +- \(effect.standardError), truth \(truth)")
        }
        // T over (INTRCPT1, X) has tau_11 = 1.
        let tau11 = combined.combination.covarianceParameters[2]
        #expect(tau11.parameter == "tau(X,X)" && abs(tau11.estimate - 1) < 3 * tau11.standardError)
        // The plausible values' measurement error makes the fits differ: every parameter has B > 0.
        #expect(fixed.allSatisfy { $0.between > 0 && $0.fractionMissingInformation > 0 })
    }

    @Test("with its design weights the example's intercept is near the truth, without them it is biased")
    func weightedTruth() throws {
        // Schools and students are sampled with probability rising with u_0j and r_ij (hlm simulate
        // --design-weights), so the unweighted gamma_00 is too high; the pseudo-ML fit weighted by the inverse
        // probabilities is consistent. Truth: gamma_00 = 10.
        let weighted = try #require(Example.named("survey-plausible-values")).runCombined()
        #expect(weighted.converged && weighted.analyses.allSatisfy { $0.weights != nil })
        let intercept = weighted.combination.robustFixedEffects[0]
        #expect(abs(intercept.estimate - 10) < 3 * intercept.standardError, "\(intercept.estimate) +- \(intercept.standardError)")
        let unweighted = try CombinationFixture.example.get().combination.robustFixedEffects[0]
        #expect(unweighted.estimate - 10 > 3 * unweighted.standardError, "\(unweighted.estimate) +- \(unweighted.standardError)")
    }

    @Test("each plausible value's fit is lme4's REML fit (references/mi-references.R)")
    func lme4() throws {
        let combined = try CombinationFixture.example.get()
        let reference = try CombinationFixture.rows("survey-lmer.csv")
        #expect(reference.count == 40)
        for row in reference {
            let (name, m) = (row["parameter"]!, Int(row["m"]!)! - 1)
            let analysis = combined.analyses[m]
            let expected = Double(row["estimate"]!)!
            if let effect = analysis.fit.fixedEffects.first(where: { RubinCombination.label($0) == name }) {
                // lmer's optimiser stops near 1e-7 of the optimum; HLM's fixed effects are a GLS solve there.
                expectClose(effect.estimate, expected, absolute: 1e-6, "\(name) on PV\(m + 1) (lmer)")
                expectClose(effect.standardError, Double(row["se"]!)!, relative: 1e-5, "SE of \(name) on PV\(m + 1)")
            } else {
                let parameter = try #require(analysis.inference?.covarianceParameters.first { $0.parameter == name })
                expectClose(parameter.estimate, expected, relative: 1e-4, "\(name) on PV\(m + 1) (lmer)")
            }
        }
    }

    @Test("the concurrent fits equal one-at-a-time fits of each plausible value")
    func concurrentEqualsSequential() throws {
        let combined = try CombinedAnalysis.run(try Self.request(),
                                                dataSets: .plausibleValues(["PV1", "PV2", "PV3"]))
        for (index, name) in ["PV1", "PV2", "PV3"].enumerated() {
            var request = try Self.request()
            request.specification.level1.outcome = name
            let single = try HLMAnalysis.run(request)
            #expect(single.fit.fixedEffects == combined.analyses[index].fit.fixedEffects)
            #expect(single.fit.tau == combined.analyses[index].fit.tau)
        }
        #expect(combined.wallTimeSeconds > 0 && combined.processors >= 1)
    }

    @Test("a heterogeneous sigma^2 model combines the alphas: each the mean of the fits' alphas")
    func alphas() throws {
        var request = try Self.request()
        request.specification = try ModelSpecification.parse(
            models: ["PV1 = INTRCPT1 + X + G", "INTRCPT1 = INTRCPT2 + W + random"], variancePredictors: ["G"])
        request.options = EstimationOptions(method: .fml)
        let combined = try CombinedAnalysis.run(request, dataSets: .plausibleValues(["PV1", "PV2"]))
        let alphas = combined.combination.covarianceParameters.filter { $0.parameter.hasPrefix("alpha(") }
        #expect(alphas.map(\.parameter) == ["alpha(INTRCPT1)", "alpha(G)"])
        for (index, alpha) in alphas.enumerated() {
            let fits = combined.analyses.map { $0.fit.level1Variance!.alpha[index].estimate }
            expectClose(alpha.estimate, (fits[0] + fits[1]) / 2, relative: 1e-12, "\(alpha.parameter)")
            #expect(alpha.completeDegreesOfFreedom.isInfinite)
        }
    }

    @Test("a fit that does not converge makes the combination not converged, and the warning names it")
    func notConverged() throws {
        var request = try Self.request()
        request.options.maxIterations = 1
        let combined = try CombinedAnalysis.run(request, dataSets: .plausibleValues(["PV1", "PV2"]))
        #expect(!combined.converged)
        #expect(combined.warnings.first?.hasPrefix("the fit on PV1, PV2 did not converge") == true)
        #expect(TextReport.render(combined).contains("NO"))
    }

    @Test("imputed level-1 files holding the plausible values combine as the plausible values do")
    func imputedLevel1() throws {
        let directory = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let paths = try Self.imputedFiles(in: directory, values: ["PV1", "PV2"])
        var request = try Self.request()
        request.specification.level1.outcome = "PV"
        let imputed = try CombinedAnalysis.run(request, dataSets: .imputedLevel1(paths))
        let plausible = try CombinedAnalysis.run(try Self.request(), dataSets: .plausibleValues(["PV1", "PV2"]))
        #expect(imputed.combination == plausible.combination)
        #expect(imputed.analyses.map(\.data.level1File) == paths)
    }

    @Test("imputed level-2 files: each replaces the level-2 file, and W's between-file variance enters its SE")
    func imputedLevel2() throws {
        let directory = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let lines = try String(contentsOfFile: exampleFilePath("survey-level2.csv"), encoding: .utf8)
            .split(separator: "\n")
        let paths = try (1...3).map { m -> String in
            // W shifted by m/100 in every other unit: a different imputation of W per file.
            let rows = lines.dropFirst().enumerated().map { index, line -> String in
                var fields = line.split(separator: ",").map(String.init)
                if index.isMultiple(of: 2) { fields[1] = "\(Double(fields[1])! + Double(m) / 100)" }
                return fields.joined(separator: ",")
            }
            let path = directory.appendingPathComponent("level2-imputed\(m).csv").path
            try ([String(lines[0])] + rows).joined(separator: "\n").appending("\n")
                .write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        var request = try Self.request()
        request.level2Path = paths[0]
        let combined = try CombinedAnalysis.run(request, dataSets: .imputedLevel2(paths))
        #expect(combined.analyses.map { $0.data.level2File } == paths)
        let w = combined.combination.fixedEffects[1]
        #expect(w.parameter == "INTRCPT1, W" && w.between > 0 && w.total > w.within)
    }

    @Test("refused: one data set, a repeated one, an outcome not among the values, other columns, other cases")
    func refused() throws {
        let request = try Self.request()
        #expect(throws: CombinationError.self) {
            try CombinedAnalysis.run(request, dataSets: .plausibleValues(["PV1"]))
        }
        #expect(throws: CombinationError.self) {
            try CombinedAnalysis.run(request, dataSets: .plausibleValues(["PV1", "pv1"]))
        }
        #expect(throws: CombinationError.self) {
            try CombinedAnalysis.run(request, dataSets: .plausibleValues(["PV2", "PV3"]))
        }
        let directory = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var paths = try Self.imputedFiles(in: directory, values: ["PV1", "PV2"])
        let other = directory.appendingPathComponent("other.csv").path
        try "ID,X,G,Q\n1,0,0,1\n".write(toFile: other, atomically: true, encoding: .utf8)
        var imputedRequest = request
        imputedRequest.specification.level1.outcome = "PV"
        do {
            _ = try CombinedAnalysis.run(imputedRequest, dataSets: .imputedLevel1(paths + [other]))
            Issue.record("files with other columns were combined")
        } catch let error as CombinationError {
            #expect(error.description.contains("other.csv has Q") && error.description.contains("lacks PV"))
            #expect(error.category == .data)
        }
        // A file whose first row belongs to another unit.
        let moved = directory.appendingPathComponent("moved.csv").path
        var movedLines = try String(contentsOfFile: paths[1], encoding: .utf8).split(separator: "\n").map(String.init)
        movedLines[1] = "9999" + movedLines[1].drop { $0 != "," }
        try (movedLines.joined(separator: "\n") + "\n").write(toFile: moved, atomically: true, encoding: .utf8)
        #expect(throws: CombinationError.self) {
            try CombinedAnalysis.run(imputedRequest, dataSets: .imputedLevel1([paths[0], moved]))
        }
        // A third file with one outcome missing uses one row fewer.
        let short = directory.appendingPathComponent("short.csv").path
        let text = try String(contentsOfFile: paths[0], encoding: .utf8)
        var lines = text.split(separator: "\n").map(String.init)
        lines[1] = lines[1].split(separator: ",").dropLast().joined(separator: ",") + ","
        try (lines.joined(separator: "\n") + "\n").write(toFile: short, atomically: true, encoding: .utf8)
        paths.append(short)
        do {
            _ = try CombinedAnalysis.run(imputedRequest, dataSets: .imputedLevel1(paths))
            Issue.record("data sets with different cases were combined")
        } catch let error as CombinationError {
            #expect(error.description.contains("uses 3355 level-1 rows"))
        }
    }

    /// The level-1 file with the plausible value `values[m]` as column PV, one file per value, in `directory`.
    static func imputedFiles(in directory: URL, values: [String]) throws -> [String] {
        let table = try CSVTable.read(path: exampleFilePath("survey-level1.csv"))
        let text = try String(contentsOfFile: exampleFilePath("survey-level1.csv"), encoding: .utf8)
        let rows = text.split(separator: "\n").dropFirst().map { $0.split(separator: ",").map(String.init) }
        return try values.enumerated().map { m, value in
            let column = try #require(table.header.firstIndex(of: value))
            let body = rows.map { ($0[0...2] + [$0[column]]).joined(separator: ",") }
            let path = directory.appendingPathComponent("imputed\(m + 1).csv").path
            try (["ID,X,G,PV"] + body).joined(separator: "\n").appending("\n")
                .write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
    }
}
