import HLMPlatform

/// -2 ln L(gamma, Tau) of a generalized linear mixed model, the random effects integrated out unit by unit by
/// the Laplace approximation or by adaptive Gauss-Hermite quadrature (`UnitIntegrand`), as a function of
/// x = (gamma, vech L), Tau = L L' (L's lower triangle column by column, as `CovarianceParameters`).
///
/// -2 ln L = sum_j [2 f_j(v_hat_j) + ln|H_j| + correction_j] - 2 sum_i c_i, with c_i the rows' constants
/// (`ResponseFamily.logDensityConstant`) and the correction 0 for Laplace: lme4's Laplace deviance
/// (glmer nAGQ = 1) and, with K points per dimension, its adaptive quadrature (glmer nAGQ = K for q = 1; a
/// product rule for any q; the Laplace approximation is its one-point rule), both with their exact gradients
/// (`UnitIntegrand.quadratureCorrection`).
/// Units are independent: they are evaluated in chunks on all cores (`concurrentChunks`).
struct IntegratedLikelihood: Sendable {
    let design: ModelDesign
    let response: GeneralizedResponse
    /// The product rule: one point (at the mode) for the Laplace approximation, K^q for adaptive quadrature.
    let grid: QuadratureGrid
    /// -2 sum_i c_i.
    let constant: Double
    /// The most rows of any unit (the scratch size).
    private let largestUnit: Int

    /// The deviance of `design` (its `level1.response` filled) by `estimation` (Laplace, or adaptive quadrature
    /// with K points, whose K = 1 is the Laplace approximation).
    init(design: ModelDesign, response: GeneralizedResponse, estimation: GeneralizedEstimation) {
        self.design = design
        self.response = response
        grid = QuadratureGrid(points: estimation.quadraturePoints ?? 1, dimensions: design.randomCount)
        var sum = 0.0
        for i in 0..<design.rowCount {
            sum += response.family.logDensityConstant(response.outcome[i], trials: response.trials[i])
        }
        constant = -2 * sum
        largestUnit = (0..<design.unitCount).map { design.grouping.rows(ofUnit: $0).count }.max() ?? 0
    }

    /// One evaluation: the deviance, the modes v_hat_j (q numbers per unit) and, when asked, the gradient over x
    /// and each unit's gradient of its term (J rows of m numbers, unit after unit).
    struct Evaluation {
        var deviance: Double
        var modes: [Double]
        var gradient: [Double]
        var unitGradients: [Double] = []
    }

    /// What an evaluation computes besides the deviance.
    enum Derivatives {
        case none, gradient, unitGradients
    }

    /// The number of parameters, p + q(q + 1)/2.
    var parameterCount: Int { design.fixedCount + design.randomCount * (design.randomCount + 1) / 2 }

    /// gamma and L from x.
    func split(_ x: [Double]) -> (gamma: [Double], cholesky: Matrix) {
        let p = design.fixedCount, q = design.randomCount
        var l = Matrix(rows: q, columns: q)
        for (index, pair) in Matrix.lowerTriangle(q).enumerated() { l[pair.row, pair.column] = x[p + index] }
        return (Array(x[0..<p]), l)
    }

    /// x from gamma and L.
    func join(gamma: [Double], cholesky l: Matrix) -> [Double] {
        gamma + Matrix.lowerTriangle(design.randomCount).map { l[$0.row, $0.column] }
    }

    /// Evaluates at x, each unit's mode searched from `modes` (J q numbers, e.g. the previous evaluation's;
    /// zeros at first), with the gradient d(-2 ln L)/dx when asked, and each unit's too for `.unitGradients`. Nil
    /// when some unit's integrand cannot be evaluated.
    func evaluate(_ x: [Double], modes: [Double], derivatives: Derivatives = .none) -> Evaluation? {
        let q = design.randomCount, m = parameterCount
        let (gamma, l) = split(x)
        let chunks = design.withRows(response) { data in
            concurrentChunks(design.unitCount) { _, units -> Evaluation? in
                var result = Evaluation(deviance: 0, modes: Array(modes[(units.lowerBound * q)..<(units.upperBound * q)]),
                                        gradient: Array(repeating: 0, count: derivatives == .none ? 0 : m),
                                        unitGradients: Array(repeating: 0,
                                                             count: derivatives == .unitGradients ? units.count * m : 0))
                let ok = gamma.withUnsafeBufferPointer { gamma in
                    l.storage.withUnsafeBufferPointer { l in
                        evaluate(units, data, gamma: gamma.baseAddress!, l: l.baseAddress!, into: &result)
                    }
                }
                return ok ? result : nil
            }
        }
        var total = Evaluation(deviance: constant, modes: [], gradient: Array(repeating: 0, count: derivatives == .none ? 0 : m))
        total.modes.reserveCapacity(modes.count)
        for chunk in chunks {
            guard let chunk else { return nil }
            total.deviance += chunk.deviance
            total.modes += chunk.modes
            total.unitGradients += chunk.unitGradients
            for t in chunk.gradient.indices { total.gradient[t] += chunk.gradient[t] }
        }
        guard total.deviance.isFinite, total.gradient.allSatisfy(\.isFinite) else { return nil }
        return total
    }

    /// Adds the units `units` to `result`, whose modes (the range's, searched from their values there) it
    /// overwrites, and whose gradient and unit gradients it fills when they have room; false when a unit fails.
    private func evaluate(_ units: Range<Int>, _ data: GeneralizedRows, gamma: UnsafePointer<Double>,
                          l: UnsafePointer<Double>, into result: inout Evaluation) -> Bool {
        let q = design.randomCount, m = parameterCount
        let unit = UnitIntegrand(p: design.fixedCount, q: q, largestUnit: largestUnit)
        let gradient = !result.gradient.isEmpty, keep = !result.unitGradients.isEmpty
        for (index, j) in units.enumerated() {
            let range = design.grouping.rows(ofUnit: j)
            let found = result.modes.withUnsafeMutableBufferPointer { v -> Double? in
                let mode = v.baseAddress! + index * q
                unit.setBase(data, range: range, gamma: gamma)
                guard let (objective, logDetH) = unit.findMode(data, range: range, l: l, v: mode),
                      let correction = unit.quadratureCorrection(data, range: range, l: l, v: mode, objective: objective,
                                                                 grid: grid, gradient: gradient ? unit.gradient : nil)
                else { return nil }
                return 2 * objective + logDetH + correction
            }
            guard let term = found else { return false }
            result.deviance += term
            guard gradient else { continue }
            for t in 0..<m { result.gradient[t] += unit.gradient[t] }
            if keep { for t in 0..<m { result.unitGradients[index * m + t] = unit.gradient[t] } }
        }
        return true
    }
}
