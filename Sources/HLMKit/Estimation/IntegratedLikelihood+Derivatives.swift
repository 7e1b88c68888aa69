extension IntegratedLikelihood {
    /// The deviance and its gradient over x at x: the Laplace approximation's exact gradient, or, for adaptive
    /// quadrature, central differences (D(x + h e_k) - D(x - h e_k)) / 2h with h = 1e-5 max(1, |x_k|) (their
    /// error, about 1e-16 D / h + h^2 D''', is below 1e-7 for the deviances of these models). Each unit's mode
    /// is searched from `modes`. Nil when the deviance cannot be evaluated at x or a neighbour.
    func evaluateWithGradient(_ x: [Double], modes: [Double]) -> Evaluation? {
        if grid == nil { return evaluate(x, modes: modes, gradient: true) }
        guard var centre = evaluate(x, modes: modes, gradient: false),
              let differences = centralDifferences(x, modes: centre.modes, step: 1e-5) else { return nil }
        centre.gradient = differences.map { pair in
            (pair.plus.deviance - pair.minus.deviance) / (2 * pair.step)
        }
        return centre
    }

    /// For each parameter k, the evaluations at x +- h_k e_k (h_k = `step` max(1, |x_k|)), modes searched
    /// from `modes`, with their exact gradients when `gradients` (Laplace only).
    func centralDifferences(_ x: [Double], modes: [Double], step: Double, gradients: Bool = false)
        -> [(plus: Evaluation, minus: Evaluation, step: Double)]? {
        var pairs: [(plus: Evaluation, minus: Evaluation, step: Double)] = []
        for k in x.indices {
            let h = step * max(1, abs(x[k]))
            var plus = x, minus = x
            plus[k] += h
            minus[k] -= h
            guard let up = evaluate(plus, modes: modes, gradient: gradients),
                  let down = evaluate(minus, modes: modes, gradient: gradients) else { return nil }
            pairs.append((up, down, h))
        }
        return pairs
    }

    /// The Hessian of the deviance over x at x, symmetric, by finite differences with h_k = 1e-4 max(1, |x_k|):
    /// for the Laplace approximation central differences of its exact gradient, (g(x + h_k e_k) -
    /// g(x - h_k e_k)) / 2h_k, symmetrised ((A + A') / 2); for adaptive quadrature second differences of the
    /// deviance, (D(x + h_k e_k) - 2 D(x) + D(x - h_k e_k)) / h_k^2 on the diagonal and
    /// (D(++) - D(+-) - D(-+) + D(--)) / 4 h_k h_l off it (2 m^2 evaluations instead of the 2m (2m + 1) of
    /// differencing a differenced gradient). glmer's `vcov` takes the same matrix by finite differences (its
    /// `use.hessian`), over (theta, beta). Nil when a neighbour cannot be evaluated.
    func hessian(_ x: [Double], modes: [Double]) -> Matrix? {
        let m = x.count
        var h = Matrix(rows: m, columns: m)
        if grid == nil {
            guard let pairs = centralDifferences(x, modes: modes, step: 1e-4, gradients: true) else { return nil }
            for (k, pair) in pairs.enumerated() {
                for r in 0..<m { h[r, k] = (pair.plus.gradient[r] - pair.minus.gradient[r]) / (2 * pair.step) }
            }
            return 0.5 * (h + h.transposed)
        }
        let steps = x.map { 1e-4 * max(1, abs($0)) }
        func deviance(_ shifts: [(Int, Double)]) -> Double? {
            var point = x
            for (k, sign) in shifts { point[k] += sign * steps[k] }
            return evaluate(point, modes: modes, gradient: false)?.deviance
        }
        guard let centre = deviance([]) else { return nil }
        for k in 0..<m {
            guard let plus = deviance([(k, 1)]), let minus = deviance([(k, -1)]) else { return nil }
            h[k, k] = (plus - 2 * centre + minus) / (steps[k] * steps[k])
            for l in 0..<k {
                guard let pp = deviance([(k, 1), (l, 1)]), let pm = deviance([(k, 1), (l, -1)]),
                      let mp = deviance([(k, -1), (l, 1)]), let mm = deviance([(k, -1), (l, -1)]) else { return nil }
                h[k, l] = (pp - pm - mp + mm) / (4 * steps[k] * steps[l])
                h[l, k] = h[k, l]
            }
        }
        return h
    }

    /// Each unit's gradient of its own term over x (J rows of m numbers), by central differences of the units'
    /// terms with h = 1e-5 max(1, |x_k|): the units' scores (times -2) for the cluster-robust covariance.
    func unitGradients(_ x: [Double], modes: [Double]) -> Matrix? {
        guard let pairs = centralDifferences(x, modes: modes, step: 1e-5) else { return nil }
        var scores = Matrix(rows: design.unitCount, columns: x.count)
        for (k, pair) in pairs.enumerated() {
            for j in 0..<design.unitCount {
                scores[j, k] = (pair.plus.unitDeviances[j] - pair.minus.unitDeviances[j]) / (2 * pair.step)
            }
        }
        return scores
    }
}
