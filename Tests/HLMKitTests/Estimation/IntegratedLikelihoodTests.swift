import Testing
@testable import HLMKit

/// The Laplace and adaptive-quadrature deviance at given parameters (`IntegratedLikelihood`): glmer's values
/// at glmer's estimates, the exact gradients (Laplace and adaptive quadrature, q = 1 and 2) against central
/// differences.
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
        let evaluation = try #require(likelihood.evaluate(x, modes: Array(repeating: 0, count: 60), derivatives: .gradient))
        #expect(abs(evaluation.deviance - 2416.583136) < 1e-4)
        print("Laplace", evaluation.deviance, evaluation.gradient)
    }

    @Test func quadratureDevianceAtGlmerEstimates() throws {
        let design = try Self.design.get()
        let likelihood = IntegratedLikelihood(design: design, response: design.level1.response!,
                                              estimation: .adaptiveQuadrature(points: 25))
        let x = [-1.64376489438, 0.72322483862, -0.02145978949, 1.23415127687, 0.2127045437.squareRoot()]
        let evaluation = try #require(likelihood.evaluate(x, modes: Array(repeating: 0, count: 60), derivatives: .none))
        #expect(abs(evaluation.deviance - 2416.317636) < 1e-4)
        print("AGQ", evaluation.deviance)
    }

    /// The exact gradient of `estimation`'s deviance on `design` at x against central differences (h = 1e-5).
    static func checkGradient(_ design: ModelDesign, _ estimation: GeneralizedEstimation, at x: [Double]) throws {
        let likelihood = IntegratedLikelihood(design: design, response: try #require(design.level1.response),
                                              estimation: estimation)
        let modes = Array(repeating: 0.0, count: design.unitCount * design.randomCount)
        let exact = try #require(likelihood.evaluate(x, modes: modes, derivatives: .gradient)).gradient
        for k in x.indices {
            var plus = x, minus = x
            plus[k] += 1e-5
            minus[k] -= 1e-5
            let up = try #require(likelihood.evaluate(plus, modes: modes)).deviance
            let down = try #require(likelihood.evaluate(minus, modes: modes)).deviance
            #expect(abs((up - down) / 2e-5 - exact[k]) < 1e-5 * max(1, abs(exact[k])), "\(estimation), parameter \(k)")
        }
    }

    @Test(arguments: [GeneralizedEstimation.laplace, .adaptiveQuadrature(points: 7)])
    func gradientMatchesCentralDifferences(estimation: GeneralizedEstimation) throws {
        try Self.checkGradient(Self.design.get(), estimation, at: [-1.5, 0.6, -0.01, 1.1, 0.6])
        try Self.checkGradient(GeneralizedTestData.simulated(.bernoulli), estimation, at: [0.2, 0.7, 0.9, 0.3, -0.6])
        try Self.checkGradient(GeneralizedTestData.simulated(.poisson), estimation, at: [0.3, -0.5, 0.7])
    }
}
