import Foundation
import Testing
@testable import HLMKit

/// The Gauss-Hermite rule against known values, and adaptive quadrature: one point is the Laplace
/// approximation, and with two random effects the deviance converges, as K grows, to a brute-force
/// integration of each unit's likelihood (references/glmer-references.R, not using these formulas).
@Suite struct QuadratureTests {
    @Test func knownRules() {
        let three = GaussHermiteRule(points: 3)
        for (x, known) in zip(three.nodes, [-1.5.squareRoot(), 0, 1.5.squareRoot()]) { #expect(abs(x - known) < 1e-15) }
        for (w, known) in zip(three.weights, [0.2954089751509193, 1.1816359006036772, 0.2954089751509193]) {
            #expect(abs(w - known) < 1e-15)
        }
        // Abramowitz & Stegun, table 25.10, n = 5.
        let five = GaussHermiteRule(points: 5)
        for (x, known) in zip(five.nodes, [-2.020182870456086, -0.9585724646138185, 0, 0.9585724646138185, 2.020182870456086]) {
            #expect(abs(x - known) < 1e-14)
        }
        for (w, known) in zip(five.weights, [0.01995324205904591, 0.3936193231522412, 0.9453087204829419, 0.3936193231522412, 0.01995324205904591]) {
            #expect(abs(w - known) < 1e-14)
        }
        #expect(GaussHermiteRule(points: 1).normalisedWeights == [1])
        #expect(GaussHermiteRule(points: 1).nodes == [0])
    }

    /// The K-point rule integrates x^(2k) exp(-x^2) exactly for 2k <= 2K - 1: Gamma(k + 1/2).
    @Test(arguments: [10, 25, 50])
    func momentsAreExact(points: Int) {
        let rule = GaussHermiteRule(points: points)
        for k in 0..<points {
            let sum = zip(rule.nodes, rule.weights).reduce(0.0) { $0 + $1.1 * pow($1.0, Double(2 * k)) }
            #expect(abs(sum / tgamma(Double(k) + 0.5) - 1) < 1e-11, "K = \(points), degree \(2 * k)")
        }
    }

    /// The one-point rule's deviance is the Laplace approximation written as in Raudenbush & Bryk / Pinheiro & Bates:
    /// sum_j [-2 ln p(y_j | u_j) + u_j'Tau^-1 u_j + ln|Tau| + ln|Z_j'W_j Z_j + Tau^-1|] at the modes u_j = L v_j,
    /// computed here with `Matrix` and `Cholesky` from the rows (q = 2).
    @Test func onePointIsTheLaplaceApproximation() throws {
        let design = try GeneralizedTestData.simulated(.bernoulli)
        let response = try #require(design.level1.response)
        let x = [0.25, 0.6, 0.9, 0.3, 0.7]
        let likelihood = IntegratedLikelihood(design: design, response: response, estimation: .adaptiveQuadrature(points: 1))
        let evaluation = try #require(likelihood.evaluate(x, modes: [Double](repeating: 0, count: 2 * design.unitCount)))
        let (gamma, l) = likelihood.split(x)
        let tau = l * l.transposed
        let tauFactor = try #require(Cholesky(tau))
        let tauInverse = tauFactor.inverse()
        var modes: [Double] = []
        for j in 0..<design.unitCount {
            let v = Array(evaluation.modes[(2 * j)..<(2 * j + 2)])
            modes += l * v
        }
        let eta = design.linearPredictor(gamma: gamma, effects: modes)
        var deviance = 0.0
        for j in 0..<design.unitCount {
            let u = Array(modes[(2 * j)..<(2 * j + 2)])
            var curvature = tauInverse
            for i in design.grouping.rows(ofUnit: j) {
                deviance -= 2 * response.family.logDensity(response.outcome[i], trials: 1, eta: eta[i])
                let mu = response.family.mean(eta[i]), z = [1, design.rows[i * design.rowWidth + 1]]
                for r in 0..<2 { for c in 0..<2 { curvature[r, c] += mu * (1 - mu) * z[r] * z[c] } }
            }
            deviance += dot(u, tauInverse * u) + tauFactor.logDeterminant + (try #require(Cholesky(curvature))).logDeterminant
        }
        #expect(abs(evaluation.deviance - deviance) < 1e-9 * deviance)
    }

    /// The product rule's deviance at fixed (gamma, Tau) approaches the brute-force value as K grows: the
    /// errors for K = 1, 3, 5, 9, 15, 25 were 1.53, 0.149, 0.0097, 4.6e-5, 2.2e-8 and 3.4e-11.
    @Test func twoRandomEffectsConvergeToBruteForce() throws {
        let reference = try GeneralizedReferenceFixture.shared.get().bruteForce
        #expect(abs(reference.deviance - reference.deviance_coarser) < 1e-8)
        let design = try GeneralizedTestData.simulated(.bernoulli)
        let response = try #require(design.level1.response)
        var tau = Matrix(rows: 2, columns: 2)
        for (index, pair) in Matrix.lowerTriangle(2).enumerated() {
            tau[pair.row, pair.column] = reference.tau[index]
            tau[pair.column, pair.row] = reference.tau[index]
        }
        let l = try #require(Cholesky(tau)).factor
        let modes = [Double](repeating: 0, count: 2 * design.unitCount)
        var errors: [Double] = []
        for points in [1, 3, 5, 9, 15, 25] {
            let likelihood = IntegratedLikelihood(design: design, response: response,
                                                  estimation: .adaptiveQuadrature(points: points))
            let x = likelihood.join(gamma: reference.gamma, cholesky: l)
            let evaluation = try #require(likelihood.evaluate(x, modes: modes, derivatives: .none))
            errors.append(abs(evaluation.deviance - reference.deviance))
        }
        #expect(errors[0] > 1e-2, "Laplace differs visibly: \(errors)")
        #expect(errors[3] < errors[0] / 100, "\(errors)")
        #expect(zip(errors, errors.dropFirst()).allSatisfy { $1 < $0 }, "\(errors)")
        #expect(errors[4] < 1e-6, "\(errors)")
        #expect(errors[5] < 1e-8, "\(errors)")
    }
}
