import Foundation
import Testing
@testable import HLMKit

/// Prior weights in `Level1Model` (`weighted(by:over:)`): a row of weight 2 is the same row twice. With sigma^2
/// fixed, the weighted and the duplicated data have the same gamma_hat, posteriors and unit OLS fits, and
/// deviances that differ by (N_dup - N) ln(2 pi) + sum_i ln a_i (ln|W_j| carries -sum ln a_i), whichever way the
/// moments are formed (the homogeneous unit totals, the strata, or row by row).
struct PriorWeightTests {
    /// Three units of rows (x, y); `twice` marks the rows that get weight 2 (or appear twice).
    static let units: [[(x: Double, y: Double, twice: Bool)]] = [
        [(-0.9, 1.2, false), (-0.1, 2.0, true), (0.4, 2.9, false), (0.8, 3.1, true)],
        [(-0.7, 0.3, true), (0.2, 1.1, false), (0.6, 1.0, false)],
        [(-0.5, 2.2, false), (0.1, 2.4, true), (0.3, 3.3, true), (0.9, 3.0, false), (0.5, 2.1, false)],
    ]

    /// The random-slope design of `units`: the rows marked `twice` repeated (`duplicated`) or given weight 2.
    static func design(duplicated: Bool) throws -> ModelDesign {
        let rows = units.map { unit in
            unit.flatMap { row in Array(repeating: ["X": row.x, "Y": row.y], count: duplicated && row.twice ? 2 : 1) }
        }
        let specification = try ModelSpecification.parse(models: ["Y = INTRCPT1 + X", "INTRCPT1 = INTRCPT2 + random",
                                                                  "X = INTRCPT2 + random"], variancePredictors: [])
        var design = try ModelDesign.build(data: SyntheticData.make(rows), specification: specification)
        if !duplicated {
            design.level1 = design.level1.weighted(by: units.flatMap { $0.map { $0.twice ? 2 : 1 } },
                                                   over: design.grouping)
        }
        return design
    }

    @Test("Weight 2 is a duplicated row", arguments: [EstimationMethod.fml, .reml])
    func weightIsDuplication(_ method: EstimationMethod) throws {
        let weighted = try Self.design(duplicated: false), duplicated = try Self.design(duplicated: true)
        var l = Matrix(rows: 2, columns: 2)
        (l[0, 0], l[1, 0], l[1, 1]) = (0.8, 0.2, 0.5)
        let theta = CovarianceParameters(cholesky: l, alpha: [0])
        let reference = try #require(Likelihood(design: duplicated, method: method).evaluate(theta, derivatives: true))
        let extra = Double(duplicated.rowCount - weighted.rowCount)
        let constant = extra * log(2 * Double.pi) + extra * log(2.0)
        let sources: [MomentSource] = [.strata(.unitTotals(weighted)), MomentSource.choose(for: weighted), .rows]
        for source in sources {
            let likelihood = Likelihood(design: weighted, method: method, source: source)
            let evaluation = try #require(likelihood.evaluate(theta, derivatives: true))
            expectClose(evaluation.deviance + constant, reference.deviance, absolute: 1e-10, "deviance")
            for (a, b) in zip(weighted.reportedGamma(evaluation.gamma), duplicated.reportedGamma(reference.gamma)) {
                expectClose(a, b, absolute: 1e-12, "gamma")
            }
            for (a, b) in zip(evaluation.gradient, reference.gradient.prefix(3)) {
                expectClose(a, b, absolute: 1e-10, "gradient in Tau")
            }
            let posteriors = try #require(likelihood.unitPosteriors(at: theta, gamma: evaluation.gamma))
            let expected = try #require(Likelihood(design: duplicated, method: method)
                .unitPosteriors(at: theta, gamma: reference.gamma))
            for (a, b) in zip(posteriors.flatMap(\.mean), expected.flatMap(\.mean)) {
                expectClose(a, b, absolute: 1e-12, "posterior mean")
            }
        }
        let fits = UnitLeastSquares.units(of: weighted, alpha: nil)
        // The units' fits are of the shifted outcome (`Level1Model.outcomeShift`, the mean over the rows).
        let shift = weighted.level1.outcomeShift - duplicated.level1.outcomeShift
        for (a, b) in zip(fits, UnitLeastSquares.units(of: duplicated, alpha: nil)) {
            for (c, (x, y)) in zip(a.coefficients, b.coefficients).enumerated() {
                expectClose(x + (c == 0 ? shift : 0), y, absolute: 1e-12, "unit OLS fit")
            }
            expectClose(a.residualSumOfSquares, b.residualSumOfSquares, absolute: 1e-12, "unit RSS")
        }
    }

    @Test("Fisher scoring holding alpha_0 leaves it at 0 and certifies the free parameters")
    func holdsDispersion() throws {
        let design = try Self.design(duplicated: false)
        let products = VarianceStrata.unitTotals(design)
        var start = Estimator.startingValues(design, products: products)
        start.alpha = [0]
        let likelihood = Likelihood(design: design, method: .fml, source: .strata(products))
        let run = try #require(FisherScoring(likelihood: likelihood, options: EstimationOptions(method: .fml),
                                             holdsDispersion: true).run(from: start))
        #expect(run.parameters.alpha == [0])
        #expect(run.convergence.converged)
        #expect(run.convergence.gradientNorm < 1e-4)
    }
}
