import Foundation
import Testing
@testable import HLMKit

/// `ThreeLevelLikelihood.derivatives` against central differences of `evaluate` on egsingle (data/eg1-3.csv):
/// the exact gradient of the profiled deviance in theta (and alpha, for heterogeneous sigma^2), REML and full ML,
/// at points away from the optimum.
@Suite struct ThreeLevelDerivativeTests {
    /// The design of `models` on egsingle.
    static func design(_ models: [String], variancePredictors: [String] = []) throws -> ThreeLevelDesign {
        let data = packageRoot.appendingPathComponent("data")
        let specification = try ModelSpecification.parse(models: models, variancePredictors: variancePredictors,
                                                         threeLevel: true)
        let tables = try ["eg1.csv", "eg2.csv", "eg3.csv"].map { try CSVTable.read(path: data.appendingPathComponent($0).path) }
        let joined = try MultilevelData.join(
            level1: tables[0], level2: tables[1], level3: tables[2], idColumn: "CHILDID", level3IDColumn: "SCHOOLID",
            level1Variables: ["MATH", "YEAR"], level2Variables: ["BLACK", "FEMALE"], level3Variables: ["LOWINC"],
            missingCodes: [], dropUnmatched: false)
        return try ThreeLevelDesign.build(data: joined, specification: specification)
    }

    /// The largest |analytic - central difference| relative to max(1, |central difference|) at `theta`.
    static func gradientError(_ likelihood: ThreeLevelLikelihood, at theta: [Double]) throws -> Double {
        let evaluation = try #require(likelihood.evaluate(theta))
        let derivatives = try #require(likelihood.derivatives(theta, at: evaluation))
        var worst = 0.0
        for i in theta.indices {
            let h = 1e-5
            var plus = theta, minus = theta
            plus[i] += h
            minus[i] -= h
            let up = try #require(likelihood.evaluate(plus)).deviance, down = try #require(likelihood.evaluate(minus)).deviance
            let numeric = (up - down) / (2 * h)
            worst = max(worst, abs(derivatives.gradient[i] - numeric) / max(1, abs(numeric)))
        }
        return worst
    }

    @Test(arguments: [EstimationMethod.reml, .fml])
    func gradientMatchesCentralDifferences(method: EstimationMethod) throws {
        let design = try Self.design([
            "MATH = INTRCPT1 + YEAR", "INTRCPT1 = INTRCPT2 + BLACK + random", "YEAR = INTRCPT2 + random",
            "INTRCPT1/INTRCPT2 = INTRCPT3 + LOWINC + random", "YEAR/INTRCPT2 = INTRCPT3 + random",
        ])
        let likelihood = ThreeLevelLikelihood(design: design, method: method)
        #expect(likelihood.thetaCount == 6)
        #expect(try Self.gradientError(likelihood, at: [1, 0, 1, 1, 0, 1]) < 1e-4)
        #expect(try Self.gradientError(likelihood, at: [1.4, 0.1, 0.3, 0.6, -0.05, 0.2]) < 1e-4)
    }

    /// One random effect at level 2 and one at level 3 on a different column (YEAR fixed at level 2).
    @Test func gradientWithDifferentLevel2AndLevel3Effects() throws {
        let design = try Self.design(["MATH = INTRCPT1 + YEAR", "YEAR = INTRCPT2", "YEAR/INTRCPT2 = INTRCPT3 + random"])
        let likelihood = ThreeLevelLikelihood(design: design, method: .reml)
        #expect(try Self.gradientError(likelihood, at: [0.9, 0.7, -0.2, 0.3]) < 1e-4)
    }

    /// At the optimum the gradient vanishes and the curvature is positive definite.
    @Test func curvatureAtTheOptimumIsPositiveDefinite() throws {
        let design = try Self.design(["MATH = INTRCPT1 + YEAR", "YEAR = INTRCPT2 + random",
                                      "YEAR/INTRCPT2 = INTRCPT3 + random"])
        let fit = try ThreeLevelEstimator.fit(design, options: EstimationOptions(method: .reml))
        #expect(fit.convergence.converged)
        let likelihood = ThreeLevelLikelihood(design: design, method: .reml)
        let evaluation = try #require(likelihood.evaluate(fit.theta))
        let derivatives = try #require(likelihood.derivatives(fit.theta, at: evaluation))
        #expect(dot(derivatives.gradient, derivatives.gradient).squareRoot() < 1e-3)
        #expect(Cholesky(derivatives.information) != nil)
    }

    /// Heterogeneous sigma^2: log sigma^2_i = alpha_0 + alpha_1 FEMALE + alpha_2 YEAR + alpha_3 LOWINC (predictors from
    /// levels 2, 1 and 3): the gradient in theta and alpha at points away from the optimum.
    @Test(arguments: [EstimationMethod.reml, .fml])
    func heterogeneousGradientMatchesCentralDifferences(method: EstimationMethod) throws {
        let design = try Self.design([
            "MATH = INTRCPT1 + YEAR", "INTRCPT1 = INTRCPT2 + BLACK + random", "YEAR = INTRCPT2 + random",
            "INTRCPT1/INTRCPT2 = INTRCPT3 + LOWINC + random", "YEAR/INTRCPT2 = INTRCPT3 + random",
        ], variancePredictors: ["FEMALE", "YEAR", "LOWINC"])
        let likelihood = ThreeLevelLikelihood(design: design, method: method)
        #expect(likelihood.parameterCount == 9)
        #expect(try Self.gradientError(likelihood, at: [1, 0, 1, 1, 0, 1, 0, 0, 0]) < 1e-4)
        #expect(try Self.gradientError(likelihood, at: [1.4, 0.1, 0.3, 0.6, -0.05, 0.2, 0.2, -0.1, 0.01]) < 1e-4)
    }

    /// A heterogeneous fit converges by Newton on the exact derivatives: small gradient, a positive definite
    /// curvature and few iterations.
    @Test func heterogeneousFitConvergesByNewton() throws {
        let design = try Self.design(["MATH = INTRCPT1 + YEAR", "YEAR = INTRCPT2 + random",
                                      "YEAR/INTRCPT2 = INTRCPT3 + random"], variancePredictors: ["FEMALE", "YEAR"])
        let fit = try ThreeLevelEstimator.fit(design, options: EstimationOptions(method: .fml))
        #expect(fit.convergence.converged)
        #expect(fit.convergence.iterations <= 10)
        #expect(fit.history.allSatisfy { $0.algorithm == "Newton" })
        let likelihood = ThreeLevelLikelihood(design: design, method: .fml)
        let x = fit.theta + fit.alpha
        let evaluation = try #require(likelihood.evaluate(x))
        let derivatives = try #require(likelihood.derivatives(x, at: evaluation))
        #expect(dot(derivatives.gradient, derivatives.gradient).squareRoot() < 1e-3)
        #expect(Cholesky(derivatives.information) != nil)
        #expect(fit.alphaStandardErrors.count == 2 && fit.alphaStandardErrors.allSatisfy { $0 != nil })
    }
}
