import Foundation
import Testing
@testable import HLMKit

/// The deviance of many units stays smooth in theta. Phi = sum_j X_j'W_j X_j - sum_j Y_x'Y_x is a small
/// difference of two large sums, and the quadratic y'V^-1y - gamma'Phi gamma amplifies its error by |gamma|^2:
/// with the second sum a plain running sum, the deviance on 100,000 units was rough at 4e-6 (far above the
/// 1e-8 deviance tolerance) and Fisher scoring took 29 iterations instead of 6; on these 20,000 units it was
/// rough at 1e-7, and with the compensated sums it is below 1e-8.
@Suite("Deviance summation accuracy over many units")
struct SummationAccuracyTests {
    /// `units` units of two rows, random intercepts, outcome mean 10 (BadInputTests' "100,000 groups of 2").
    static func pairs(units: Int) -> MultilevelData {
        var generator = SeededGenerator(state: 100_000)
        var offsets = [0], x: [Double] = [], y: [Double] = []
        for unit in 0..<units {
            let effect = Double.random(in: -2...2, using: &generator)
            for _ in 0..<2 {
                let value = Double.random(in: -1...1, using: &generator)
                x.append(value)
                y.append(10 + effect + 0.5 * value + Double.random(in: -1...1, using: &generator))
            }
            offsets.append(offsets[unit] + 2)
        }
        return SyntheticData.joined(rowOffsets: offsets, level1: ["X": x, "Y": y])
    }

    /// Second differences of the deviance along alpha at steps of 1e-10 (where the true curvature contributes
    /// about 1e-16) measure its rounding noise.
    @Test("the deviance is smooth at 1e-8 on 20,000 units", arguments: [EstimationMethod.fml, .reml])
    func smoothDeviance(method: EstimationMethod) throws {
        let specification = try ModelSpecification.parse(models: ["Y = INTRCPT1 + X"], variancePredictors: [])
        let design = try ModelDesign.build(data: Self.pairs(units: 20_000), specification: specification)
        let likelihood = Likelihood(design: design, method: method)
        let theta = CovarianceParameters(cholesky: Matrix([[1.156]]), alpha: [-1.098])
        var deviances: [Double] = []
        for k in 0..<8 {
            var vector = theta.vector
            vector[1] += Double(k) * 1e-10
            deviances.append(try #require(likelihood.evaluate(theta.with(vector: vector), derivatives: false)).deviance)
        }
        var worst = 0.0
        for k in 1..<7 {
            let right = deviances[k + 1] - deviances[k], left = deviances[k] - deviances[k - 1]
            worst = max(worst, abs(right - left))
        }
        #expect(worst < 2e-8, "\(method): second differences of the deviance up to \(worst)")
    }
}
