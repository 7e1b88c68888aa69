import Foundation
import Testing
@testable import HLMKit

/// The per-unit Woodbury deviance, gradient and expected information agree with a brute-force dense
/// computation over the full N x N marginal covariance V = Z T Z' + diag(exp(C alpha)) on a small data set:
/// d = N ln 2pi + ln|V| + e'V^-1 e (REML: + ln|X'V^-1X| - p ln 2pi), gradient tr(P V_a) - e'V^-1 V_a V^-1 e,
/// information tr(P V_a P V_b) with P = V^-1 (FML) or V^-1 - V^-1 X Phi^-1 X'V^-1 (REML).
@Suite("Likelihood derivatives against a dense computation")
struct LikelihoodDerivativeTests {
    /// Small unbalanced data: 7 units of 3 to 9 rows; X1 continuous, X2 binary, W1 at level 2.
    static func data() -> MultilevelData {
        var stream = SyntheticData.Uniform(state: 12345)
        func uniform() -> Double { stream.next() }
        let sizes = [3, 5, 9, 4, 6, 7, 5]
        var offsets = [0]
        var x1: [Double] = [], x2: [Double] = [], y: [Double] = [], w1: [Double] = []
        for (j, size) in sizes.enumerated() {
            offsets.append(offsets[j] + size)
            w1.append(uniform() * 2 - 1)
            for _ in 0..<size {
                x1.append(uniform() * 4 - 2)
                x2.append(uniform() < 0.5 ? 0 : 1)
                y.append(10 + 2 * x1.last! + w1[j] + 3 * (uniform() - 0.5) * (1 + x2.last!))
            }
        }
        return SyntheticData.joined(rowOffsets: offsets, level1: ["X1": x1, "X2": x2, "Y": y], level2: ["W1": w1])
    }

    static func design(variance: [String]) throws -> ModelDesign {
        let specification = try ModelSpecification.parse(
            models: ["Y = INTRCPT1 + X1 + X2", "INTRCPT1 = INTRCPT2 + W1 + random", "X1 = INTRCPT2 + random"],
            variancePredictors: variance)
        return try ModelDesign.build(data: data(), specification: specification)
    }

    static let theta = CovarianceParameters(cholesky: Matrix([[1.3, 0], [0.4, 0.7]]), alpha: [0.5, -0.3, 0.2])

    @Test("matches the dense computation", arguments: [
        (["X2"], EstimationMethod.fml), (["X2"], .reml), (["X1", "X2"], .fml), (["X1", "X2"], .reml), ([], .reml),
    ])
    func matchesDense(variance: [String], method: EstimationMethod) throws {
        let design = try Self.design(variance: variance)
        let theta = CovarianceParameters(cholesky: Self.theta.cholesky,
                                         alpha: Array(Self.theta.alpha.prefix(design.varianceCount)))
        let likelihood = Likelihood(design: design, method: method)
        let fast = try #require(likelihood.evaluate(theta, derivatives: true))
        let dense = DenseLikelihood(design: design, theta: theta, method: method)
        dense.expectMatches(fast)
    }

    @Test("gradient matches central differences of the deviance")
    func finiteDifferences() throws {
        let design = try Self.design(variance: ["X1", "X2"])
        for method in [EstimationMethod.fml, .reml] {
            let likelihood = Likelihood(design: design, method: method)
            let fast = try #require(likelihood.evaluate(Self.theta, derivatives: true))
            let gradientL = Self.theta.jacobian.transposed * fast.gradient
            let base = Self.theta.vector
            for i in base.indices {
                var plus = base, minus = base
                plus[i] += 1e-5
                minus[i] -= 1e-5
                let dPlus = try #require(likelihood.evaluate(Self.theta.with(vector: plus), derivatives: false))
                let dMinus = try #require(likelihood.evaluate(Self.theta.with(vector: minus), derivatives: false))
                expectClose(gradientL[i], (dPlus.deviance - dMinus.deviance) / 2e-5, absolute: 1e-5,
                            relative: 1e-6, "\(method) d deviance / d theta[\(i)]")
            }
        }
    }
}
