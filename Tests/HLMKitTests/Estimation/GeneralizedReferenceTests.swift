import Testing
@testable import HLMKit

/// Laplace and adaptive-quadrature fits against glmer and glmmTMB (references/glmer-references.R,
/// Fixtures/Generalized/glmm-references.json) and against the HGLM issue's Contraception numbers. Tolerances
/// (the issue's): 1e-4 on gamma and its SEs, 1e-3 relative on tau, 1e-3 on -2 log L.
@Suite struct GeneralizedReferenceTests {
    /// A fit's estimates on the user's columns.
    struct Estimates {
        var gamma: [Double], se: [Double], tau: [Double], deviance: Double
        var robustSe: [Double]
    }

    /// Fits `design` by `estimation`; the fit must have converged.
    static func fit(_ design: ModelDesign, _ estimation: GeneralizedEstimation) throws -> Estimates {
        var options = EstimationOptions(method: .fml)
        options.generalized = estimation
        let fit = try Estimator.fit(design, options: options)
        let generalized = try #require(fit.generalized)
        #expect(fit.convergence.converged, "\(fit.convergence.message)")
        let covariance = design.standardisation.fixed.userCovariance(generalized.gammaCovariance)
        let tau = design.standardisation.random.userCovariance(generalized.tau)
        let robust = try #require(generalized.robustGammaCovariance)
        return Estimates(gamma: design.reportedGamma(generalized.gamma), se: covariance.diagonal.map { $0.squareRoot() },
                         tau: Matrix.lowerTriangle(tau.rows).map { tau[$0.row, $0.column] },
                         deviance: generalized.deviance ?? .nan,
                         robustSe: design.standardisation.fixed.userCovariance(robust).diagonal.map { $0.squareRoot() })
    }

    /// Compares `estimates` with `reference` (SEs to `seTolerance`).
    static func check(_ estimates: Estimates, _ reference: GeneralizedReferenceFixture.Case, seTolerance: Double = 1e-4) {
        for index in reference.gamma.indices {
            #expect(abs(estimates.gamma[index] - reference.gamma[index]) < 1e-4, "\(reference.name) gamma \(index)")
            #expect(abs(estimates.se[index] - reference.se[index]) < seTolerance, "\(reference.name) SE \(index)")
        }
        for index in reference.tau.indices {
            #expect(abs(estimates.tau[index] - reference.tau[index]) < 1e-3 * abs(reference.tau[index]),
                    "\(reference.name) tau \(index)")
        }
        #expect(abs(estimates.deviance - reference.deviance) < 1e-3, "\(reference.name) deviance")
    }

    /// The issue's numbers (glmer with its default settings).
    static let issueLaplace = GeneralizedReferenceFixture.Case(
        name: "issue Laplace", tool: "glmer nAGQ = 1", gamma: [-1.643306, 0.723776, -0.021461, 1.233915],
        se: [0.141673, 0.119127, 0.006535, 0.139826], tau: [0.209584], deviance: 2416.583)
    static let issueQuadrature = GeneralizedReferenceFixture.Case(
        name: "issue AGQ 25", tool: "glmer nAGQ = 25", gamma: [-1.643765, 0.723225, -0.021460, 1.234151],
        se: [0.142065, 0.119224, 0.006541, 0.139990], tau: [0.212705], deviance: 2416.318)

    /// The issue's Laplace SEs come from glmer's default PIRLS tolerance (tolPwrss = 1e-7), which leaves the
    /// units' modes, and so its finite-difference Hessian, inexact: they differ from the exact Laplace
    /// approximation's by up to 1.7e-4 (glmer with tolPwrss = 1e-12 and bobyqa's rhoend = 1e-12 agrees with this
    /// fit to 2e-6, the fixture's case). Against the issue's numbers the SEs are therefore held to 2e-4.
    @Test func contraceptionLaplace() throws {
        let estimates = try Self.fit(GeneralizedTestData.contraception(), .laplace)
        Self.check(estimates, try GeneralizedReferenceFixture.reference("contraception-laplace"))
        Self.check(estimates, Self.issueLaplace, seTolerance: 2e-4)
        let robust = try #require(GeneralizedReferenceFixture.shared.get().robust.first { $0.name == "contraception-laplace" })
        for index in robust.se.indices {
            #expect(abs(estimates.robustSe[index] - robust.se[index]) < 1e-4, "robust SE \(index)")
            #expect(abs(estimates.se[index] - robust.modelSe[index]) < 1e-5, "model-based SE \(index)")
        }
    }

    @Test func contraceptionQuadrature() throws {
        let estimates = try Self.fit(GeneralizedTestData.contraception(), .adaptiveQuadrature(points: 25))
        Self.check(estimates, try GeneralizedReferenceFixture.reference("contraception-agq25"))
        Self.check(estimates, Self.issueQuadrature)
    }

    @Test func contraceptionRandomSlopeLaplace() throws {
        let estimates = try Self.fit(GeneralizedTestData.contraception(urbanSlope: true), .laplace)
        Self.check(estimates, try GeneralizedReferenceFixture.reference("contraception-urban-slope-laplace"))
        Self.check(estimates, try GeneralizedReferenceFixture.reference("contraception-urban-slope-glmmTMB"))
    }

    @Test(arguments: [("binomial-laplace", GeneralizedEstimation.laplace), ("binomial-agq9", .adaptiveQuadrature(points: 9))])
    func binomialWithTrials(name: String, estimation: GeneralizedEstimation) throws {
        Self.check(try Self.fit(GeneralizedTestData.simulated(.binomial), estimation),
                   try GeneralizedReferenceFixture.reference(name))
    }

    @Test(arguments: [("poisson-laplace", GeneralizedEstimation.laplace), ("poisson-agq9", .adaptiveQuadrature(points: 9)),
                      ("poisson-glmmTMB", .laplace)])
    func poissonWithExposure(name: String, estimation: GeneralizedEstimation) throws {
        Self.check(try Self.fit(GeneralizedTestData.simulated(.poisson), estimation),
                   try GeneralizedReferenceFixture.reference(name))
    }

    @Test func randomInterceptAndSlopeLaplace() throws {
        Self.check(try Self.fit(GeneralizedTestData.simulated(.bernoulli), .laplace),
                   try GeneralizedReferenceFixture.reference("slopes-laplace"))
    }
}
