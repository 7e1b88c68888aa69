import Testing
@testable import HLMKit

/// Laplace and adaptive-quadrature fits against glmer (lme4 1.1.31; references/glmer-references.R): the HGLM
/// issue's Contraception numbers. Tolerances (the issue's): 1e-4 on gamma and its SEs, 1e-3 relative on tau,
/// 1e-3 on -2 log L.
@Suite struct GeneralizedReferenceTests {
    /// A glmer fit: gamma and SEs in the design's order, Tau's lower triangle, -2 log L.
    struct Reference {
        var gamma: [Double], se: [Double], tau: [Double], deviance: Double
    }

    static let contraceptionLaplace = Reference(
        gamma: [-1.643306, 0.723776, -0.021461, 1.233915], se: [0.141673, 0.119127, 0.006535, 0.139826],
        tau: [0.209584], deviance: 2416.583)
    static let contraceptionQuadrature25 = Reference(
        gamma: [-1.643765, 0.723225, -0.021460, 1.234151], se: [0.142065, 0.119224, 0.006541, 0.139990],
        tau: [0.212705], deviance: 2416.318)

    /// Fits `design` by `estimation` and checks it against `reference`.
    static func check(_ design: ModelDesign, _ estimation: GeneralizedEstimation, _ reference: Reference,
                      gammaTolerance: Double = 1e-4) throws {
        var options = EstimationOptions(method: .fml)
        options.generalized = estimation
        let fit = try Estimator.fit(design, options: options)
        let generalized = try #require(fit.generalized)
        #expect(fit.convergence.converged, "\(fit.convergence.message)")
        let gamma = design.reportedGamma(generalized.gamma)
        let covariance = design.standardisation.fixed.userCovariance(generalized.gammaCovariance)
        let tau = design.standardisation.random.userCovariance(generalized.tau)
        print(estimation, gamma, covariance.diagonal.map { $0.squareRoot() }, tau.storage, generalized.deviance ?? .nan,
              fit.convergence)
        for (index, value) in reference.gamma.enumerated() {
            #expect(abs(gamma[index] - value) < gammaTolerance, "gamma \(index)")
            #expect(abs(covariance[index, index].squareRoot() - reference.se[index]) < gammaTolerance, "SE \(index)")
        }
        for (index, pair) in Matrix.lowerTriangle(tau.rows).enumerated() {
            #expect(abs(tau[pair.row, pair.column] - reference.tau[index]) < 1e-3 * abs(reference.tau[index]), "tau \(index)")
        }
        #expect(abs((generalized.deviance ?? .nan) - reference.deviance) < 1e-3)
    }

    @Test func contraceptionLaplace() throws {
        try Self.check(IntegratedLikelihoodTests.design.get(), .laplace, Self.contraceptionLaplace)
    }

    @Test func contraceptionQuadrature() throws {
        try Self.check(IntegratedLikelihoodTests.design.get(), .adaptiveQuadrature(points: 25), Self.contraceptionQuadrature25)
    }
}
