import Testing
@testable import HLMKit

/// A variance component at its boundary: with identical units, every unit's residuals from the model without
/// random effects sum to 0, so the score of tau00 at 0 is -sum w / 2 < 0 and the maximum is at tau00 = 0. The
/// fit must converge there (L is unconstrained, so 0 is an interior point of the search) and agree with the
/// generalized linear model.
@Suite struct GeneralizedBoundaryTests {
    /// 20 identical units of 12 rows: X = 0, 1, ..., 11 scaled, Y alternating in a fixed pattern.
    static func design() throws -> ModelDesign {
        let pattern: [Double] = [0, 1, 0, 0, 1, 1, 0, 1, 1, 1, 0, 1]
        var rows: [[[String: Double]]] = []
        for _ in 0..<20 {
            rows.append(pattern.enumerated().map { ["Y": $0.element, "X": Double($0.offset) / 4 - 1.375] })
        }
        return try GeneralizedTestData.design(SyntheticData.make(rows), ["Y = INTRCPT1 + X", "INTRCPT1 = INTRCPT2 + random",
                                                                     "X = INTRCPT2"], family: .bernoulli)
    }

    @Test(arguments: [GeneralizedEstimation.laplace, .adaptiveQuadrature(points: 5)])
    func zeroVarianceIsFound(estimation: GeneralizedEstimation) throws {
        let design = try Self.design()
        var options = EstimationOptions(method: .fml)
        options.generalized = estimation
        let fit = try Estimator.fit(design, options: options)
        let generalized = try #require(fit.generalized)
        #expect(fit.convergence.converged, "\(fit.convergence.message)")
        #expect(generalized.tau[0, 0] < 1e-8)
        // At tau = 0 the deviance is the GLM's, -2 sum ln p(y | x'gamma), maximised over gamma.
        let likelihood = IntegratedLikelihood(design: design, response: try #require(design.level1.response),
                                              estimation: .laplace)
        let glm = try #require(likelihood.evaluate(generalized.gamma + [0], modes: [Double](repeating: 0, count: 20),
                                                   derivatives: .gradient))
        #expect(abs((generalized.deviance ?? .nan) - glm.deviance) < 1e-6)
        #expect(glm.gradient.prefix(2).allSatisfy { abs($0) < 1e-4 }, "\(glm.gradient)")
        #expect(generalized.gammaCovariance.storage.allSatisfy { $0.isFinite })
    }
}
