import Testing
@testable import HLMKit

/// The optimiser's honesty at the edges: the boundary of the parameter space, an unbounded likelihood,
/// an iteration limit.
@Suite("Estimator edge cases")
struct EstimatorEdgeCaseTests {
    /// Every unit's OLS slope is exactly 0.5 (the noise pattern is orthogonal to 1 and X within each unit),
    /// so the slope variance's optimum is 0: Tau is singular.
    static func equalSlopes() -> MultilevelData {
        let x: [Double] = [-1, 0, 1, -1, 0, 1]
        let noise: [Double] = [1, -2, 1, -1, 2, -1]
        let units = (0..<12).map { j -> [[String: Double]] in
            let scale = Double(1 + j % 3)
            let level = Double(j % 5)
            return (0..<6).map { i -> [String: Double] in
                let y: Double = level + 0.5 * x[i] + noise[i] * scale
                return ["X": x[i], "Y": y]
            }
        }
        return SyntheticData.make(units)
    }

    @Test("a zero slope variance is reported as a boundary estimate, with a converged fit")
    func boundary() throws {
        let fitted = try SyntheticData.fit(Self.equalSlopes(), ["Y = INTRCPT1 + X", "X = INTRCPT2 + random"],
                                           options: EstimationOptions(method: .fml))
        let fit = FitTables(fitted: fitted).fit
        #expect(fit.tau[1][1] < 1e-6)
        #expect(fit.warnings.contains { $0.contains("boundary") && $0.contains("X") })
        #expect(fit.convergence.converged, "\(fit.convergence)")
    }

    @Test("the deviance never rises from the starting values, and history is monotone")
    func monotone() throws {
        let fitted = try SyntheticData.fit(Self.equalSlopes(), ["Y = INTRCPT1 + X", "X = INTRCPT2 + random"])
        let deviances = fitted.history.map(\.deviance)
        #expect(zip(deviances, deviances.dropFirst()).allSatisfy { $1 <= $0 + 1e-9 })
    }

    @Test("an iteration limit gives converged = false, a warning and the reason")
    func iterationLimit() throws {
        let fitted = try SyntheticData.fit(Self.equalSlopes(), ["Y = INTRCPT1 + X", "X = INTRCPT2 + random"],
                                           options: EstimationOptions(maxIterations: 1))
        let fit = FitTables(fitted: fitted).fit
        #expect(!fit.convergence.converged)
        #expect(fit.convergence.iterations == 1)
        #expect(fit.convergence.message.contains("maximum number of iterations"))
        #expect(fit.warnings.contains { $0.contains("did not converge") })
    }

    @Test("a stratum whose residuals can vanish is refused as an unbounded likelihood")
    func vanishingStratum() throws {
        // Every row with G = 1 has Y = 7 exactly, and gamma_G can fit them: sigma^2(G = 1) -> 0 raises the
        // likelihood without bound.
        var uniform = SyntheticData.Uniform(state: 99)
        let data = SyntheticData.make((0..<10).map { _ in
            (0..<5).map { i -> [String: Double] in ["G": i == 0 ? 1 : 0, "Y": i == 0 ? 7 : 10 * uniform.next()] }
        })
        do {
            _ = try SyntheticData.fit(data, ["Y = INTRCPT1 + G"], sigma2: ["G"], options: EstimationOptions(method: .fml))
            Issue.record("expected an error")
        } catch let error as EstimationError {
            #expect(error.category == .numerical)
            #expect(error.description.contains("G = 1"), "\(error)")
        }
    }
}
