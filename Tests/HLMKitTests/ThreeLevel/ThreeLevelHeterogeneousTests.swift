import Foundation
import Testing
@testable import HLMKit

/// Heterogeneous level-1 variance in a three-level model, log sigma^2 = alpha_0 + alpha_1 FEMALE (a level-2
/// variable), full ML, against nlme's `lme(..., weights = varIdent(~1 | FEMALE))`, and the level-3 clustered
/// robust SEs against clubSandwich's CR0 (references/hlm3-references.R).
@Suite(.serialized) struct ThreeLevelHeterogeneousTests {
    struct Reference: Decodable {
        var gamma: [Double], se: [Double], sigma2: Double, alpha1: Double, deviance: Double
        var tauPi: [[Double]], tauBeta: [[Double]], robustSE: [Double]
        enum CodingKeys: String, CodingKey {
            case gamma, se, sigma2, alpha1, deviance, tauPi = "tau_pi", tauBeta = "tau_beta", robustSE = "robust_se"
        }
    }

    static func fixture<T: Decodable>(_ name: String, as type: T.Type) throws -> T {
        let url = packageRoot.appendingPathComponent("Tests/HLMKitTests/Fixtures/ThreeLevel").appendingPathComponent(name)
        return try JSONDecoder().decode(T.self, from: Data(contentsOf: url))
    }

    @Test func femaleVarianceMatchesNlme() throws {
        let reference = try Self.fixture("egsingle-heterogeneous.json", as: Reference.self)
        let data = packageRoot.appendingPathComponent("data")
        let specification = try ModelSpecification.parse(
            models: ["MATH = INTRCPT1 + YEAR", "YEAR = INTRCPT2 + random", "YEAR/INTRCPT2 = INTRCPT3 + random"],
            variancePredictors: ["FEMALE"], threeLevel: true)
        var request = AnalysisRequest(level1Path: data.appendingPathComponent("eg1.csv").path,
                                      level2Path: data.appendingPathComponent("eg2.csv").path, idColumn: "CHILDID",
                                      specification: specification, options: EstimationOptions(method: .fml))
        request.level3Path = data.appendingPathComponent("eg3.csv").path
        request.level3IDColumn = "SCHOOLID"
        let results = try ThreeLevelAnalysis.run(request).results
        #expect(results.convergence.converged)
        for (effect, (gamma, (se, robust))) in zip(results.fixedEffects, zip(reference.gamma, zip(reference.se, reference.robustSE))) {
            #expect(abs(effect.estimate - gamma) < 1e-4)
            #expect(abs(effect.standardError - se) < 1e-4)
            #expect(abs(effect.robustStandardError - robust) < 1e-4)
        }
        #expect(abs(results.sigma2 / reference.sigma2 - 1) < 1e-3)
        let variance = try #require(results.level1Variance)
        #expect(abs(variance.alpha[1].estimate - reference.alpha1) < 1e-3)
        #expect(variance.alpha[1].standardError != nil)
        #expect(abs(results.deviance - reference.deviance) < 1e-3)
        #expect(variance.df == 1 && variance.chiSquare > 0)
        for (tau, expected) in [(results.level2Tau.matrix, reference.tauPi), (results.level3Tau.matrix, reference.tauBeta)] {
            for (row, expectedRow) in zip(tau, expected) {
                for (value, target) in zip(row, expectedRow) { #expect(abs(value - target) < 1e-3 * expected[0][0]) }
            }
        }
    }
}
