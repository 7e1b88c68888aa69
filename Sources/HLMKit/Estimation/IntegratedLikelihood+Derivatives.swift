extension IntegratedLikelihood {
    /// The Hessian of the deviance over x at x, whose evaluation with gradient is `centre`: forward differences of
    /// the exact gradient, (g(x + h_k e_k) - g(x)) / h_k with h_k = 1e-6 max(1, |x_k|), symmetrised
    /// ((A + A') / 2), each unit's mode searched from `centre`'s. The truncation error, about h_k / 2 times the
    /// third derivatives, is of order 1e-6 relative, and the rounding error of the differences (the gradient is
    /// exact to about 1e-16 times the sum of the units' |g_j|, divided by h_k) as small; glmer's `vcov` takes the
    /// same matrix by finite differences of the deviance (its `use.hessian`), over (theta, beta). Nil when a
    /// neighbour cannot be evaluated.
    func hessian(_ x: [Double], centre: Evaluation) -> Matrix? {
        let m = x.count
        var h = Matrix(rows: m, columns: m)
        for k in 0..<m {
            let step = 1e-6 * max(1, abs(x[k]))
            var plus = x
            plus[k] += step
            guard let up = evaluate(plus, modes: centre.modes, derivatives: .gradient) else { return nil }
            for r in 0..<m { h[r, k] = (up.gradient[r] - centre.gradient[r]) / step }
        }
        return 0.5 * (h + h.transposed)
    }
}
