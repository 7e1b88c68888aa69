import Foundation
import Testing
@testable import HLMKit

/// Pseudo-maximum-likelihood fits with design weights against `references/weights-references.R`, which
/// maximises the same pseudo-likelihood by adaptive Gauss-Hermite quadrature over each unit's random effects
/// (not through hlm's closed forms) and computes the sandwich SEs of gamma from numerical derivatives of the
/// units' contributions (Fixtures/Weights/*.json). Tolerances as the other reference fits: 1e-4 on gamma and
/// its SEs, 1e-3 relative on Tau, sigma^2 and alpha, 1e-3 on the deviance.
struct DesignWeightReferenceTests {
    /// One fixture: the model's equations, the level-1 normalisation and R's numbers.
    struct Reference: Decodable {
        var name: String
        var equations: [String]
        var level1Normalisation: String
        var deviance: Double
        var gamma: [Double], gammaRobustSE: [Double], gammaModelSE: [Double]
        var tau: [Double], alpha: [Double]
        var level1WeightSum: Double, level1EffectiveSize: Double, level2WeightSum: Double, level2EffectiveSize: Double
    }

    @Test("Pseudo-ML fit and sandwich SEs match the reference",
          arguments: ["weights-random-slope", "weights-heterogeneous", "weights-raw-level1"])
    func matchesReference(_ name: String) throws {
        let data = try Data(contentsOf: fixtureURL("Weights/\(name).json"))
        let reference = try JSONDecoder().decode(Reference.self, from: data)
        let sigma2 = reference.equations.last?.hasPrefix("sigma2: ") == true
            ? [String(reference.equations.last!.dropFirst("sigma2: ".count))] : []
        let equations = reference.equations.filter { !$0.hasPrefix("sigma2: ") }
        var request = AnalysisRequest(
            level1Path: try fixtureURL("Weights/weights-level1.csv").path,
            level2Path: try fixtureURL("Weights/weights-level2.csv").path, idColumn: "ID",
            specification: try ModelSpecification.parse(models: equations, variancePredictors: sigma2),
            options: EstimationOptions(method: .fml))
        request.weights = DesignWeights(
            level1Column: "W1", level2Column: "W2",
            level1Normalisation: try #require(DesignWeights.Level1Normalisation(rawValue: reference.level1Normalisation)))
        let analysis = try HLMAnalysis.run(request)
        let fit = analysis.fit, robust = try #require(analysis.inference?.robustFixedEffects)
        #expect(fit.convergence.converged)
        for (k, effect) in fit.fixedEffects.enumerated() {
            expectClose(effect.estimate, reference.gamma[k], absolute: 1e-4, "\(name) gamma \(k)")
            expectClose(effect.standardError, reference.gammaModelSE[k], absolute: 1e-4, "\(name) model-based SE \(k)")
            expectClose(robust[k].standardError, reference.gammaRobustSE[k], absolute: 1e-4, "\(name) sandwich SE \(k)")
        }
        let q = fit.tau.count
        var index = 0
        for c in 0..<q {
            for r in c..<q {
                expectClose(fit.tau[r][c], reference.tau[index], relative: 1e-3, "\(name) tau[\(r)][\(c)]")
                index += 1
            }
        }
        let homogeneousSigma2 = try #require(fit.level1Variance == nil ? fit.sigma2 : 1)
        let alpha = fit.level1Variance?.alpha.map(\.estimate) ?? [log(homogeneousSigma2)]
        for (a, b) in zip(alpha, reference.alpha) {
            expectClose(a, b, absolute: 1e-3 * max(1, abs(b)), "\(name) alpha")
        }
        expectClose(fit.deviance, reference.deviance, absolute: 1e-3, "\(name) deviance")
        let weights = try #require(analysis.weights)
        expectClose(weights.level1Sum, reference.level1WeightSum, relative: 1e-12, "\(name) sum of level-1 weights")
        expectClose(weights.level1EffectiveSize, reference.level1EffectiveSize, relative: 1e-12, "\(name) level-1 n_eff")
        expectClose(weights.level2Sum, reference.level2WeightSum, relative: 1e-12, "\(name) sum of level-2 weights")
        expectClose(weights.level2EffectiveSize, reference.level2EffectiveSize, relative: 1e-12, "\(name) level-2 n_eff")
    }
}
