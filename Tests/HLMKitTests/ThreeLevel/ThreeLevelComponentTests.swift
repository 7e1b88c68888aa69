import Foundation
import Testing
@testable import HLMKit

/// HLM3's variance-component chi-square tests and reliabilities at levels 2 and 3 on egsingle against base R
/// computations from lme4's fits (references/hlm3-components.R, fixture
/// Fixtures/ThreeLevel/egsingle-components.json): units used exactly, df exactly, chi-squares within 2e-3
/// relative and reliabilities within 1e-3 (both move with sigma^2 and Tau, which match lme4 within 1e-3 relative).
/// Each model is fitted once and shared by the tests (`fits`).
@Suite(.serialized) struct ThreeLevelComponentTests {
    struct Reference: Decodable {
        struct Level: Decodable {
            struct Test: Decodable {
                var coefficient: String, df: Int, chiSquare: Double
                enum CodingKeys: String, CodingKey { case coefficient, df, chiSquare = "chi_square" }
            }
            struct Reliability: Decodable { var coefficient: String, estimate: Double }
            var used: Int, total: Int, tests: [Test], reliability: [Reliability]
        }
        var name: String, level2: Level, level3: Level
    }

    /// The models of the fixture, by name: their equations and method.
    static let models: [String: (equations: [String], method: EstimationMethod)] = [
        "unconditional-growth": (["MATH = INTRCPT1 + YEAR", "YEAR = INTRCPT2 + random",
                                  "YEAR/INTRCPT2 = INTRCPT3 + random"], .reml),
        "conditional-fml": (["MATH = INTRCPT1 + YEAR",
                             "INTRCPT1 = INTRCPT2 + BLACK + HISPANIC + random", "YEAR = INTRCPT2 + BLACK + random",
                             "INTRCPT1/INTRCPT2 = INTRCPT3 + LOWINC + random",
                             "YEAR/INTRCPT2 = INTRCPT3 + LOWINC + random"], .fml),
        "fixed-level2-slope": (["MATH = INTRCPT1 + YEAR", "YEAR = INTRCPT2", "YEAR/INTRCPT2 = INTRCPT3 + random"],
                               .reml),
    ]

    /// One fit per model, computed on first use (a lazily initialised static) and shared by every test.
    static let fits: [String: Result<ThreeLevelAnalysis, any Error>] = models.mapValues { model in
        Result { try ThreeLevelReferenceTests.analysis(model.equations, method: model.method) }
    }

    static func analysis(_ name: String) throws -> ThreeLevelAnalysis {
        try #require(fits[name]).get()
    }

    static func reference(_ name: String) throws -> Reference {
        let url = packageRoot.appendingPathComponent("Tests/HLMKitTests/Fixtures/ThreeLevel/egsingle-components.json")
        let all = try JSONDecoder().decode([Reference].self, from: Data(contentsOf: url))
        return try #require(all.first { $0.name == name })
    }

    static func check(_ found: ThreeLevelResults.ComponentStatistics, against expected: Reference.Level) {
        #expect(found.unitsUsed == expected.used)
        #expect(found.unitCount == expected.total)
        let tests = found.tests.filter { $0.coefficient != "level-1" }
        #expect(tests.map(\.coefficient) == expected.tests.map(\.coefficient))
        for (test, reference) in zip(tests, expected.tests) {
            #expect(test.degreesOfFreedom == reference.df, "\(test.coefficient)")
            let chiSquare = test.chiSquare ?? .nan
            #expect(abs(chiSquare / reference.chiSquare - 1) < 2e-3, "\(test.coefficient): \(chiSquare) vs \(reference.chiSquare)")
        }
        #expect(found.reliabilities.map(\.coefficient) == expected.reliability.map(\.coefficient))
        for (reliability, reference) in zip(found.reliabilities, expected.reliability) {
            #expect(abs(reliability.estimate - reference.estimate) < 1e-3,
                    "\(reliability.coefficient): \(reliability.estimate) vs \(reference.estimate)")
        }
    }

    @Test(arguments: ["unconditional-growth", "conditional-fml", "fixed-level2-slope"])
    func matchesTheReference(_ name: String) throws {
        let results = try Self.analysis(name).results, reference = try Self.reference(name)
        Self.check(results.level2Components, against: reference.level2)
        Self.check(results.level3Components, against: reference.level3)
    }

    /// The level-1 row closes the level-2 table of a homogeneous model, with sigma^2 and no test.
    @Test func level1RowCarriesSigma2() throws {
        let results = try Self.analysis("unconditional-growth").results
        let row = try #require(results.level2Components.tests.last)
        #expect(row.coefficient == "level-1")
        #expect(row.variance == results.sigma2)
        #expect(row.degreesOfFreedom == nil && row.chiSquare == nil)
    }

    /// The text report's tables and the JSON's additive keys, from the same fit.
    @Test func reportAndJSONCarryTheTables() throws {
        let analysis = try Self.analysis("unconditional-growth")
        let text = TextReport.render(analysis)
        #expect(text.contains("Final estimation of level-1 and level-2 variance components:"))
        #expect(text.contains("Final estimation of level-3 variance components:"))
        #expect(text.contains("Random level-1 coefficient"))
        #expect(text.contains("Random level-2 coefficient"))
        #expect(text.contains("INTRCPT1/INTRCPT2, U00"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(JSONReport.render(analysis).utf8))
                                as? [String: Any])
        let components = try #require(json["variance_components"] as? [String: [[String: Any]]])
        #expect(components["level2"]?.map { $0["coefficient"] as? String } == ["INTRCPT1", "YEAR", "level-1"])
        #expect(components["level3"]?.first?["df"] as? Int == 59)
        let reliability = try #require(json["reliability"] as? [String: [[String: Any]]])
        #expect(reliability["level3"]?.map { $0["coefficient"] as? String } == ["INTRCPT1/INTRCPT2", "YEAR/INTRCPT2"])
        let units = try #require(json["ols_units"] as? [String: [String: Int]])
        #expect(units["level2"] == ["used": 1721, "total": 1721])
        #expect(units["level3"] == ["used": 60, "total": 60])
    }
}
