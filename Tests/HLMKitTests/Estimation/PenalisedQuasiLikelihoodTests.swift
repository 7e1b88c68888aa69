import Testing
@testable import HLMKit

/// PQL (`PenalisedQuasiLikelihood`) and the population-average model (`PopulationAverage`) against R: MASS::glmmPQL's
/// macro iterations run to a tight fixed point, and the GEE computed by hand with dense matrices
/// (references/pql-references.R, Fixtures/PQL).
struct PenalisedQuasiLikelihoodTests {
    static let cases = ["contraception-pql", "contraception-pql-reml", "slope-pql", "binomial-pql", "poisson-pql",
                        "overdispersion-pql"]

    /// Fits a fixture's model by PQL with its method.
    static func fit(_ fixture: PQLFixture, options: EstimationOptions? = nil) throws -> (ModelDesign, FittedModel) {
        let design = try fixture.design()
        return (design, try Estimator.fit(design, options: options ?? EstimationOptions(method: fixture.method)))
    }

    @Test("gamma, SEs (X'V^-1X)^-1, Tau and sigma^2 match glmmPQL's fixed point", arguments: cases)
    func matchesReference(_ name: String) throws {
        let fixture = try PQLFixture.named(name), reference = fixture.estimates
        let (design, fitted) = try Self.fit(fixture)
        let fit = try #require(fitted.generalized)
        #expect(fitted.convergence.converged)
        #expect(fit.estimation == .pql && fit.family == fixture.family && fit.deviance == nil)
        let gamma = design.reportedGamma(fit.gamma)
        let covariance = design.standardisation.fixed.userCovariance(fit.gammaCovariance)
        for c in gamma.indices {
            expectClose(gamma[c], reference.gamma[c], absolute: 1e-4, "\(name) gamma[\(c)]")
            expectClose(covariance[c, c].squareRoot(), reference.se[c], absolute: 1e-4, "\(name) SE[\(c)]")
        }
        let tau = design.standardisation.random.userCovariance(fit.tau)
        for r in 0..<tau.rows {
            for c in 0..<tau.columns {
                let scale = (reference.tau[r][r] * reference.tau[c][c]).squareRoot()
                expectClose(tau[r, c], reference.tau[r][c], absolute: 1e-3 * scale, "\(name) tau[\(r)][\(c)]")
            }
        }
        if fixture.overdispersion {
            expectClose(try #require(fit.overdispersion), reference.sigma2, relative: 1e-3, "\(name) sigma^2")
        } else {
            #expect(fit.overdispersion == nil)
            #expect(fitted.parameters.alpha == [0])
        }
        #expect(fit.macroIterations.count > 1 && fit.macroIterations.last!.largestChange < 1e-4)
    }

    @Test("Contraception: the issue's glmmPQL numbers (gamma and SE to 1e-4, tau00 to 1e-3 relative)")
    func contraceptionAcceptance() throws {
        let (design, fitted) = try Self.fit(try PQLFixture.named("contraception-pql"))
        let fit = try #require(fitted.generalized)
        let gamma = design.reportedGamma(fit.gamma)
        let covariance = design.standardisation.fixed.userCovariance(fit.gammaCovariance)
        let expected = [(-1.612823, 0.138975), (0.711812, 0.117814), (-0.021094, 0.006480), (1.213314, 0.138316)]
        for (c, (estimate, se)) in expected.enumerated() {
            expectClose(gamma[c], estimate, absolute: 1e-4, "gamma[\(c)]")
            expectClose(covariance[c, c].squareRoot(), se, absolute: 1e-4, "SE[\(c)]")
        }
        expectClose(fit.tau[0, 0], 0.200800, relative: 1e-3, "tau00")
    }

    @Test("The population-average model matches the GEE computed by hand",
          arguments: ["contraception-pql", "slope-pql"])
    func populationAverage(_ name: String) throws {
        let fixture = try PQLFixture.named(name)
        let reference = try #require(fixture.populationAverage)
        let (design, fitted) = try Self.fit(fixture)
        let average = try #require(fitted.generalized?.populationAverage)
        let gamma = design.reportedGamma(average.gamma)
        let covariance = design.standardisation.fixed.userCovariance(average.robustCovariance)
        for c in gamma.indices {
            expectClose(gamma[c], reference.gamma[c], absolute: 1e-4, "\(name) population-average gamma[\(c)]")
            expectClose(covariance[c, c].squareRoot(), reference.robustSE[c], absolute: 1e-4,
                        "\(name) population-average robust SE[\(c)]")
        }
    }

    @Test("The final linearised model goes through inference: robust SEs, variance-component test, reliability")
    func inference() throws {
        let fixture = try PQLFixture.named("contraception-pql")
        let (_, fitted) = try Self.fit(fixture)
        let tables = try Inference.compute(fitted, data: fixture.joinedData(), options: InferenceOptions())
        #expect(tables.inference.robustFixedEffects.allSatisfy { $0.standardError.isFinite && $0.standardError > 0 })
        let intercept = try #require(tables.inference.varianceComponents.first)
        #expect((intercept.degreesOfFreedom ?? 0) > 0 && (intercept.chiSquare ?? .nan) > 0)
        expectClose(intercept.variance, try #require(fitted.generalized).tau[0, 0], relative: 1e-12, "tau00")
        #expect(tables.inference.reliabilities.allSatisfy { $0.estimate > 0 && $0.estimate < 1 })
    }

    @Test("At the macro-iteration cap the fit says it did not converge")
    func macroIterationCap() throws {
        var options = EstimationOptions(method: .fml)
        options.maxMacroIterations = 2
        let (_, fitted) = try Self.fit(try PQLFixture.named("binomial-pql"), options: options)
        #expect(!fitted.convergence.converged)
        #expect(fitted.convergence.message.contains("PQL macro iterations (2)"))
        #expect(fitted.generalized?.macroIterations.count == 2)
    }
}
