import Foundation
import Testing
@testable import HLMKit

/// A wide model (more fixed effects than most units have rows): the likelihood, its gradient and expected
/// information still agree with the dense N x N computation, and what is kept per unit stays O(p q), not
/// O(p^2) (the fixed block X_j'W_j X_j is only ever summed over units). A return to per-unit p x p moments or
/// per-unit p x p products in the REML terms fails here without timing anything.
@Suite("Wide models")
struct WideModelTests {
    /// 40 noise columns N1 ... N40 besides X1 (continuous) and X2 (binary); 10 units of 6 to 15 rows.
    static let noiseColumns = 40

    static func data() -> MultilevelData {
        var stream = SyntheticData.Uniform(state: 2024)
        func uniform() -> Double { stream.next() }
        let sizes = [6, 11, 15, 8, 13, 9, 14, 7, 12, 10]
        var offsets = [0]
        var level1: [String: [Double]] = [:]
        for (j, size) in sizes.enumerated() {
            offsets.append(offsets[j] + size)
            let effect = uniform() * 2 - 1
            for _ in 0..<size {
                let x1 = uniform() * 4 - 2, x2: Double = uniform() < 0.5 ? 0 : 1
                level1["X1", default: []].append(x1)
                level1["X2", default: []].append(x2)
                for c in 1...noiseColumns { level1["N\(c)", default: []].append(uniform() * 2 - 1) }
                level1["Y", default: []].append(10 + 2 * x1 + effect + 3 * (uniform() - 0.5) * (1 + x2))
            }
        }
        return SyntheticData.joined(rowOffsets: offsets, level1: level1)
    }

    static func design(variance: [String]) throws -> ModelDesign {
        let noise = (1...noiseColumns).map { "N\($0)" }.joined(separator: " + ")
        let specification = try ModelSpecification.parse(
            models: ["Y = INTRCPT1 + X1 + X2 + \(noise)", "INTRCPT1 = INTRCPT2 + random", "X1 = INTRCPT2 + random"],
            variancePredictors: variance)
        return try ModelDesign.build(data: data(), specification: specification)
    }

    @Test("matches the dense computation", arguments: [
        ([String](), EstimationMethod.fml), ([], .reml), (["X2"], .reml), (["X1", "X2"], .reml), (["X1", "X2"], .fml),
    ])
    func matchesDense(variance: [String], method: EstimationMethod) throws {
        let design = try Self.design(variance: variance)
        #expect(design.fixedCount == Self.noiseColumns + 3)
        let theta = CovarianceParameters(cholesky: Matrix([[1.3, 0], [0.4, 0.7]]),
                                         alpha: Array([0.5, -0.3, 0.2].prefix(design.varianceCount)))
        let fast = try #require(Likelihood(design: design, method: method).evaluate(theta, derivatives: true))
        let dense = DenseLikelihood(design: design, theta: theta, method: method)
        dense.expectMatches(fast)
    }

    @Test("per-unit storage is O(p q): the fixed block is kept once per variance pattern, not per unit")
    func perUnitStorage() throws {
        let design = try Self.design(variance: ["X2"])
        let p = design.fixedCount, q = design.randomCount, k = design.rowWidth
        guard case .strata(let strata) = MomentSource.choose(for: design) else {
            Issue.record("X2 is binary: its moments should come from strata")
            return
        }
        #expect(strata.productCount == (q + 1) * k)
        #expect(strata.fixedProducts.count == strata.patternCount * p * (p + 1) / 2)
        for request in [MomentRequest.deviance, .derivatives(.fml), .derivatives(.reml)] {
            let workspace = UnitWorkspace(design: design, request: request)
            // At most (H + 1) G_h and (H + 1)(H + 2)/2 Q_hl narrow blocks, each (q + 1) k, plus K.
            let h = design.varianceCount
            #expect(workspace.storedCount <= (h + h * (h + 1) / 2) * (q + 1) * k + q * q)
            #expect(workspace.storedCount < p * p)
        }
        let totals = VarianceStrata.unitTotals(design)
        #expect(totals.products.count == design.unitCount * (q + 1) * k)
        #expect(totals.fixedProducts.count == p * (p + 1) / 2)
    }

    @Test("fits, and the fixed-effect score sums to zero at the estimates (GLS normal equations)")
    func fitsAtTheOptimum() throws {
        let design = try Self.design(variance: [])
        let fitted = try Estimator.fit(design, options: EstimationOptions(method: .reml))
        #expect(fitted.convergence.converged)
        let posteriors = try #require(fitted.unitPosteriors())
        for c in 0..<design.fixedCount {
            let score = posteriors.reduce(0.0) { $0 + $1.fixedScore[c] }
            #expect(abs(score) < 1e-8 * Double(design.rowCount), "score[\(c)] = \(score)")
        }
    }
}
