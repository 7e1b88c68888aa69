import Foundation
import Testing
@testable import HLMKit

/// Every reference fit in Fixtures/References (R's lme4 and nlme, and shared/tools/hetmle.R, computed by
/// references/*.R) is reproduced by the whole pipeline: files -> join -> design -> fit.
///
/// Tolerances: the acceptance bounds are 1e-4 on gamma and SE, 1e-3 relative on T and sigma^2,
/// 1e-3 on the deviance, 5e-5 on alpha and 3e-5 on SE(alpha); both programs reach the same optimum, so the
/// bounds used here are tighter where the optimum is sharp (deviance, gamma).
@Suite("Reference fits")
struct ReferenceFitTests {
    static let fixtures: [ReferenceFixture] = (try? ReferenceFixture.all()) ?? []

    @Test("fixtures are present")
    func fixturesPresent() {
        #expect(Self.fixtures.count >= 15)
    }

    @Test("reproduces the reference fit", arguments: fixtures.map(\.name))
    func reproduces(name: String) throws {
        let fixture = try #require(Self.fixtures.first { $0.name == name })
        let analysis = try HLMAnalysis.run(fixture.request())
        let fit = analysis.fit
        let reference = fixture.estimates
        #expect(fit.convergence.converged, "\(name): \(fit.convergence.message)")
        #expect(fit.method == fixture.method)
        #expect(fit.parameterCount == reference.parameters, "\(name): parameter count")
        expectClose(fit.deviance, reference.deviance, absolute: 1e-4, "\(name): deviance")
        #expect(fit.fixedEffects.count == reference.gamma.count)
        for (ours, theirs) in zip(fit.fixedEffects, reference.gamma) {
            #expect(ours.coefficient == theirs.coefficient && ours.predictor == theirs.predictor)
            expectClose(ours.estimate, theirs.estimate, absolute: 2e-5, "\(name): gamma \(theirs.coefficient)/\(theirs.predictor)")
            expectClose(ours.standardError, theirs.se, absolute: 2e-5, "\(name): SE \(theirs.coefficient)/\(theirs.predictor)")
        }
        #expect(fit.tauCoefficients == reference.tau.coefficients)
        let tauScale = reference.tau.matrix.indices.map { reference.tau.matrix[$0][$0] }.max() ?? 1
        for (r, row) in reference.tau.matrix.enumerated() {
            for (c, value) in row.enumerated() {
                expectClose(fit.tau[r][c], value, absolute: 1e-4 * tauScale, "\(name): tau[\(r)][\(c)]")
            }
        }
        if let sigma2 = reference.sigma2 {
            expectClose(try #require(fit.sigma2), sigma2, relative: 1e-5, "\(name): sigma^2")
        }
        let summary = analysis.data
        #expect(summary.level1Used == fixture.counts.level1Used && summary.level1Excluded == fixture.counts.level1Excluded)
        #expect(summary.level2Used == fixture.counts.level2Used && summary.level2Excluded == fixture.counts.level2Excluded)
        guard let alphas = reference.alpha else {
            #expect(fit.level1Variance == nil)
            return
        }
        let block = try #require(fit.level1Variance)
        #expect(fit.sigma2 == nil)
        for (ours, theirs) in zip(block.alpha, alphas) {
            #expect(ours.predictor == theirs.predictor)
            expectClose(ours.estimate, theirs.estimate, absolute: 5e-5, "\(name): alpha \(theirs.predictor)")
            expectClose(ours.standardError, theirs.seExpected ?? theirs.se, absolute: 3e-5,
                        "\(name): SE(alpha \(theirs.predictor))")
        }
        let homogeneous = try #require(fixture.homogeneous)
        expectClose(block.homogeneous.deviance, homogeneous.deviance, absolute: 1e-4, "\(name): homogeneous deviance")
        #expect(block.homogeneous.parameters == homogeneous.parameters)
        let comparison = try #require(fixture.comparison)
        expectClose(block.chiSquare, comparison.chiSquare, absolute: 2e-4, "\(name): chi-square")
        #expect(block.degreesOfFreedom == comparison.df)
    }
}
