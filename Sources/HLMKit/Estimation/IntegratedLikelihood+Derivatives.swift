extension IntegratedLikelihood {
    /// The Hessian of the deviance over x at x: central differences of the exact gradient,
    /// (g(x + h_k e_k) - g(x - h_k e_k)) / 2h_k with h_k = 1e-4 max(1, |x_k|), symmetrised ((A + A') / 2), each
    /// unit's mode searched from `modes`. glmer's `vcov` takes the same matrix by finite differences (its
    /// `use.hessian`), over (theta, beta). Nil when a neighbour cannot be evaluated.
    func hessian(_ x: [Double], modes: [Double]) -> Matrix? {
        let m = x.count
        var h = Matrix(rows: m, columns: m)
        for k in 0..<m {
            let step = 1e-4 * max(1, abs(x[k]))
            var plus = x, minus = x
            plus[k] += step
            minus[k] -= step
            guard let up = evaluate(plus, modes: modes, derivatives: .gradient),
                  let down = evaluate(minus, modes: modes, derivatives: .gradient) else { return nil }
            for r in 0..<m { h[r, k] = (up.gradient[r] - down.gradient[r]) / (2 * step) }
        }
        return 0.5 * (h + h.transposed)
    }
}
