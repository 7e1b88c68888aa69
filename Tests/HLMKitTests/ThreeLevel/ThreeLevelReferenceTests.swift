import Foundation
import Testing
@testable import HLMKit

/// Three-level fits of mlmRev's egsingle (data/eg1-3.csv) against lme4 (references/hlm3-references.R, fixture
/// Fixtures/ThreeLevel/egsingle-references.json): gamma and SEs within 1e-4, sigma^2 and Tau within 1e-3
/// relative (of the matrix's largest diagonal entry), the deviance within 1e-3.
@Suite(.serialized) struct ThreeLevelReferenceTests {
    struct Reference: Decodable {
        var name: String, method: String, gamma: [Double], se: [Double], sigma2: Double, deviance: Double
        var tauPi: [[Double]], tauBeta: [[Double]]
        enum CodingKeys: String, CodingKey {
            case name, method, gamma, se, sigma2, deviance, tauPi = "tau_pi", tauBeta = "tau_beta"
        }
    }

    static func reference(_ name: String) throws -> Reference {
        let url = packageRoot.appendingPathComponent("Tests/HLMKitTests/Fixtures/ThreeLevel/egsingle-references.json")
        let all = try JSONDecoder().decode([Reference].self, from: Data(contentsOf: url))
        return try #require(all.first { $0.name == name })
    }

    static func analysis(_ models: [String], method: EstimationMethod) throws -> ThreeLevelAnalysis {
        let data = packageRoot.appendingPathComponent("data")
        let specification = try ModelSpecification.parse(models: models, threeLevel: true)
        var request = AnalysisRequest(level1Path: data.appendingPathComponent("eg1.csv").path,
                                      level2Path: data.appendingPathComponent("eg2.csv").path, idColumn: "CHILDID",
                                      specification: specification, options: EstimationOptions(method: method))
        request.level3Path = data.appendingPathComponent("eg3.csv").path
        request.level3IDColumn = "SCHOOLID"
        return try ThreeLevelAnalysis.run(request)
    }

    static func check(_ results: ThreeLevelResults, against reference: Reference) {
        #expect(results.convergence.converged)
        #expect(results.convergence.gradientNorm < 1e-2)
        #expect(results.fixedEffects.count == reference.gamma.count)
        for (effect, (gamma, se)) in zip(results.fixedEffects, zip(reference.gamma, reference.se)) {
            #expect(abs(effect.estimate - gamma) < 1e-4, "\(effect.coefficient)/\(effect.level2Predictor)/\(effect.predictor)")
            #expect(abs(effect.standardError - se) < 1e-4)
        }
        #expect(abs(results.sigma2 / reference.sigma2 - 1) < 1e-3)
        for (tau, expected) in [(results.level2Tau.matrix, reference.tauPi), (results.level3Tau.matrix, reference.tauBeta)] {
            let scale = expected.indices.map { expected[$0][$0] }.max()!
            for (row, expectedRow) in zip(tau, expected) {
                for (value, target) in zip(row, expectedRow) { #expect(abs(value - target) < 1e-3 * scale) }
            }
        }
        #expect(abs(results.deviance - reference.deviance) < 1e-3)
    }

    /// The acceptance: unconditional linear growth, REML (gamma000 -0.779160, SE 0.058302, ...).
    @Test func unconditionalGrowthREML() throws {
        let analysis = try Self.analysis(["MATH = INTRCPT1 + YEAR", "YEAR = INTRCPT2 + random",
                                          "YEAR/INTRCPT2 = INTRCPT3 + random"], method: .reml)
        let results = analysis.results
        Self.check(results, against: try Self.reference("unconditional-growth"))
        // The residual files' EB residuals against lme4's ranef (the first three schools and children by ID).
        struct Modes: Decodable { var schools: [String: [Double]], children: [String: [Double]] }
        let modes = try JSONDecoder().decode(Modes.self, from: Data(contentsOf: packageRoot.appendingPathComponent(
            "Tests/HLMKitTests/Fixtures/ThreeLevel/egsingle-ranef.json")))
        func rows(_ csv: String, values: Int) -> [String: [Double]] {
            Dictionary(uniqueKeysWithValues: csv.split(separator: "\n").dropFirst().map { line in
                let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                return (fields[0], fields.suffix(values).map { Double($0)! })
            })
        }
        #expect(analysis.residuals.level3.hasPrefix("SCHOOLID,EB_INTRCPT1_INTRCPT2,EB_YEAR_INTRCPT2\n"))
        #expect(analysis.residuals.level2.hasPrefix("CHILDID,SCHOOLID,EB_INTRCPT1,EB_YEAR\n"))
        let schools = rows(analysis.residuals.level3, values: 2), children = rows(analysis.residuals.level2, values: 2)
        for (expected, found) in [(modes.schools, schools), (modes.children, children)] {
            for (id, values) in expected {
                let ours = try #require(found[id], "\(id)")
                for (a, b) in zip(ours, values) { #expect(abs(a - b) < 1e-4, "\(id)") }
            }
        }
        #expect(analysis.residuals.level1.split(separator: "\n").count == 7231)
        #expect(results.fixedEffects.map(\.degreesOfFreedom) == [59, 59])
        // Robust SEs clustered at level 3 against clubSandwich's CR0 on nlme's fit.
        struct Robust: Decodable { var robust_se: [Double] }
        let url = packageRoot.appendingPathComponent("Tests/HLMKitTests/Fixtures/ThreeLevel/egsingle-robust.json")
        let robust = try JSONDecoder().decode(Robust.self, from: Data(contentsOf: url)).robust_se
        for (effect, se) in zip(results.fixedEffects, robust) { #expect(abs(effect.robustStandardError - se) < 1e-4) }
        #expect(results.parameters == 7)
    }

    /// Level-2 and level-3 predictors, the cross-level interactions YEAR x LOWINC and YEAR x BLACK, full ML.
    @Test func conditionalFML() throws {
        let results = try Self.analysis([
            "MATH = INTRCPT1 + YEAR",
            "INTRCPT1 = INTRCPT2 + BLACK + HISPANIC + random", "YEAR = INTRCPT2 + BLACK + random",
            "INTRCPT1/INTRCPT2 = INTRCPT3 + LOWINC + random", "YEAR/INTRCPT2 = INTRCPT3 + LOWINC + random",
        ], method: .fml).results
        Self.check(results, against: try Self.reference("conditional-fml"))
        #expect(results.level3Tau.coefficients == ["INTRCPT1/INTRCPT2", "YEAR/INTRCPT2"])
        #expect(results.parameters == 7 + 1 + 3 + 3)
    }

    /// Centring one level up: group(FEMALE) on its school's mean over children, grand(LOWINC) on the mean over
    /// schools.
    @Test func centringAtLevels2And3() throws {
        let results = try Self.analysis([
            "MATH = INTRCPT1 + YEAR", "INTRCPT1 = INTRCPT2 + group(FEMALE) + random", "YEAR = INTRCPT2 + random",
            "INTRCPT1/INTRCPT2 = INTRCPT3 + grand(LOWINC) + random", "YEAR/INTRCPT2 = INTRCPT3 + random",
        ], method: .reml).results
        Self.check(results, against: try Self.reference("centred"))
    }

    /// YEAR fixed at level 2 (no r_1jk) but random at level 3, REML.
    @Test func fixedLevel2Slope() throws {
        let results = try Self.analysis(["MATH = INTRCPT1 + YEAR", "YEAR = INTRCPT2",
                                         "YEAR/INTRCPT2 = INTRCPT3 + random"], method: .reml).results
        Self.check(results, against: try Self.reference("fixed-level2-slope"))
        #expect(results.level2Tau.coefficients == ["INTRCPT1"])
    }
}
