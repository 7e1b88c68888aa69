import Testing
@testable import HLMKit

/// Issue 11, section 2: a random intercept that only 5 pairs among single rows identify lies in a narrow
/// curved valley of the deviance (tau + sigma^2 = const); plain scoring crept along it, one pass over the units
/// per iteration (138 iterations on the 400,000 units). The lengthened steps along the natural line
/// (`FisherScoring.extended`) cross it; the fit must still earn its convergence certificate.
@Suite("Estimation: a weakly identified variance converges in few iterations")
struct WeakIdentificationStepTests {
    /// 2,000 single rows and 5 pairs: Y the sum of two uniforms on (0, 2) (plus a shared uniform effect within a
    /// pair), X uniform on (0, 1).
    static func singlesAndPairs() -> MultilevelData {
        var uniform = SyntheticData.Uniform(state: 3)
        var units: [[[String: Double]]] = []
        for _ in 0..<2000 {
            let y = 2 * uniform.next() + 2 * uniform.next()
            units.append([["Y": y, "X": uniform.next()]])
        }
        for _ in 0..<5 {
            let effect = 2 * uniform.next()
            var unit: [[String: Double]] = []
            for _ in 0..<2 {
                let y = effect + 2 * uniform.next()
                unit.append(["Y": y, "X": uniform.next()])
            }
            units.append(unit)
        }
        return SyntheticData.make(units)
    }

    @Test("2,000 single rows plus 5 pairs, REML: converged and certified in at most 18 iterations (plain scoring: 24)")
    func singlesAndPairsIterations() throws {
        let options = EstimationOptions(method: .reml)
        let fitted = try SyntheticData.fit(Self.singlesAndPairs(), ["Y = INTRCPT1 + X", "INTRCPT1 = INTRCPT2 + random"],
                                         options: options)
        let convergence = fitted.convergence
        #expect(convergence.converged, "\(convergence)")
        #expect(convergence.newtonDecrement <= 1e-6 * options.tolerance, "decrement \(convergence.newtonDecrement)")
        #expect(convergence.iterations <= 18, "iterations \(convergence.iterations)")
        let deviances = fitted.history.map(\.deviance)
        #expect(zip(deviances, deviances.dropFirst()).allSatisfy { $1 <= $0 })
    }
}
