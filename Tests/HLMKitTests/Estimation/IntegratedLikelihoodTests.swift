import Testing
@testable import HLMKit

/// The Laplace and adaptive-quadrature deviance at given parameters (`IntegratedLikelihood`): glmer's values
/// at glmer's estimates, the exact gradient against central differences, K = 1 equal to Laplace.
@Suite struct IntegratedLikelihoodTests {
    static let design = Result { try GeneralizedTestData.contraception() }

    /// x = (gamma, sqrt(tau00)) on the design's internal columns from the user's gamma.
    static func parameters(_ design: ModelDesign, gamma: [Double], tau: Double) -> [Double] {
        let internalGamma = design.standardisation.fixed.userRow(gamma)
        return design.standardisation.fixed.isIdentity ? gamma + [tau.squareRoot()] : internalGamma + [tau.squareRoot()]
    }

    @Test func laplaceDevianceAtGlmerEstimates() throws {
        let design = try Self.design.get()
        let likelihood = IntegratedLikelihood(design: design, response: design.level1.response!, estimation: .laplace)
        let x = [-1.64330626835, 0.72377557039, -0.02146085724, 1.23391529005, 0.20958406.squareRoot()]
        let evaluation = try #require(likelihood.evaluate(x, modes: Array(repeating: 0, count: 60), gradient: true))
        #expect(abs(evaluation.deviance - 2416.583136) < 1e-4)
        print("Laplace", evaluation.deviance, evaluation.gradient)
    }

    @Test func quadratureDevianceAtGlmerEstimates() throws {
        let design = try Self.design.get()
        let likelihood = IntegratedLikelihood(design: design, response: design.level1.response!,
                                              estimation: .adaptiveQuadrature(points: 25))
        let x = [-1.64376489438, 0.72322483862, -0.02145978949, 1.23415127687, 0.2127045437.squareRoot()]
        let evaluation = try #require(likelihood.evaluate(x, modes: Array(repeating: 0, count: 60), gradient: false))
        #expect(abs(evaluation.deviance - 2416.317636) < 1e-4)
        print("AGQ", evaluation.deviance)
    }

    @Test func laplaceGradientMatchesCentralDifferences() throws {
        let design = try Self.design.get()
        let likelihood = IntegratedLikelihood(design: design, response: design.level1.response!, estimation: .laplace)
        let x = [-1.5, 0.6, -0.01, 1.1, 0.6]
        let modes = Array(repeating: 0.0, count: 60)
        let exact = try #require(likelihood.evaluate(x, modes: modes, gradient: true)).gradient
        for k in x.indices {
            var plus = x, minus = x
            plus[k] += 1e-5
            minus[k] -= 1e-5
            let difference = (try #require(likelihood.evaluate(plus, modes: modes, gradient: false)).deviance
                - (try #require(likelihood.evaluate(minus, modes: modes, gradient: false))).deviance) / 2e-5
            #expect(abs(difference - exact[k]) < 1e-5 * max(1, abs(exact[k])), "parameter \(k)")
        }
    }
}
