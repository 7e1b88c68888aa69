import Testing
@testable import HLMKit

/// With a continuous variance predictor inference takes the rows' weights exp(-c'alpha) four at a time
/// (`VectorExponential`, within 1 ulp of the C library's): the units' OLS fits and the posterior scores agree
/// with the path that calls the C library per row to 1e-12 relative.
@Suite("Vector exponentials in the per-unit inference passes")
struct VectorWeightTests {
    static let theta = CovarianceParameters(cholesky: Matrix([[1.3, 0], [0.4, 0.7]]), alpha: [0.5, -0.3, 0.2])

    static func design() throws -> ModelDesign {
        try FactoredMomentsTests.design(["Y = INTRCPT1 + X1", "INTRCPT1 = INTRCPT2 + W1 + random",
                                         "X1 = INTRCPT2 + W1 + random"])
    }

    static func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-12 * max(abs(a), abs(b), 1e-300) }

    @Test("the units' OLS fits agree")
    func leastSquares() throws {
        let design = try Self.design()
        let vector = UnitLeastSquares.units(of: design, alpha: Self.theta.alpha, vectorExponentials: true)
        let scalar = UnitLeastSquares.units(of: design, alpha: Self.theta.alpha, vectorExponentials: false)
        #expect(vector.count == design.unitCount && scalar.count == design.unitCount)
        for (v, s) in zip(vector, scalar) {
            #expect(v.keptColumns == s.keptColumns)
            #expect(zip(v.coefficients, s.coefficients).allSatisfy { Self.close($0, $1) })
            #expect(Self.close(v.residualSumOfSquares, s.residualSumOfSquares))
        }
    }

    /// The strata of every distinct variance row (each row its own) take the per-row C-library path; their
    /// moments are summed in another order, so the two agree to rounding, not to the bit.
    @Test("the posterior scores agree")
    func scores() throws {
        let design = try Self.design()
        let rows = Likelihood(design: design, method: .fml, source: .rows)
        let scalar = Likelihood(design: design, method: .fml,
                                source: MomentSource.choose(for: design, maximumPatterns: design.rowCount))
        #expect(rows.readsRows && !scalar.readsRows)
        let gamma = try #require(rows.evaluate(Self.theta, derivatives: false)).gamma
        let vector = try #require(rows.unitPosteriors(at: Self.theta, gamma: gamma))
        let reference = try #require(scalar.unitPosteriors(at: Self.theta, gamma: gamma))
        for (v, s) in zip(vector, reference) {
            #expect(v.fixedScore.count == design.fixedCount)
            #expect(zip(v.fixedScore, s.fixedScore).allSatisfy { abs($0 - $1) <= 1e-10 * max(abs($1), 1) })
            #expect(zip(v.mean, s.mean).allSatisfy { abs($0 - $1) <= 1e-10 * max(abs($1), 1) })
        }
    }
}
