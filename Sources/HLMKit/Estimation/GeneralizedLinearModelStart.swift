import HLMPlatform

extension IntegratedLikelihood {
    /// The starting point of the search: gamma of the generalized linear model without random effects, by
    /// iteratively reweighted least squares (gamma <- (X'WX)^-1 X'W z with the working outcome
    /// z = eta - o + (y - m mu) / w and weights w = m v(mu), from eta = ln((y + 1/2) / (m - y + 1/2)) for the
    /// logit and ln(y + 1/2) for the log link, until the deviance changes by less than 1e-10 relative, at most
    /// 30 times), and L diagonal with L_rr = 1/2 / rms(z_r) (a random coefficient whose typical contribution
    /// z_r u_r to eta has standard deviation 1/2, a moderate between-unit variation on the link scale).
    func startingPoint() -> [Double] {
        let p = design.fixedCount, q = design.randomCount, n = design.rowCount
        var gamma = [Double](repeating: 0, count: p)
        var eta = (0..<n).map { i -> Double in
            let y = response.outcome[i], m = response.trials[i]
            switch response.family {
            case .poisson: return log(y + 0.5)
            case .normal: return y
            case .bernoulli, .binomial: return log((y + 0.5) / (m - y + 0.5))
            }
        }
        var previous = Double.infinity
        design.withRows(response) { data in
            for _ in 0..<30 {
                var xwx = Matrix(rows: p, columns: p), xwz = [Double](repeating: 0, count: p)
                var deviance = 0.0
                for i in 0..<n {
                    let terms = data.terms(i, eta: eta[i]), x = data.x(i)
                    deviance -= 2 * (terms.kernel - log(terms.factor))
                    let w = max(terms.weight, 1e-10)
                    let z = eta[i] - data.offset[i] + terms.residual / w
                    for r in 0..<p {
                        xwz[r] += w * x[r] * z
                        for c in 0...r { xwx[r, c] += w * x[r] * x[c] }
                    }
                }
                for r in 0..<p { for c in 0..<r { xwx[c, r] = xwx[r, c] } }
                guard let factor = Cholesky(xwx) else { return }
                gamma = factor.solve(xwz)
                for i in 0..<n {
                    let x = data.x(i)
                    var value = data.offset[i]
                    for f in 0..<p { value += x[f] * gamma[f] }
                    eta[i] = value
                }
                if abs(previous - deviance) < 1e-10 * abs(deviance) { return }
                previous = deviance
            }
        }
        var l = Matrix(rows: q, columns: q)
        for r in 0..<q {
            var squares = 0.0
            for i in 0..<n { squares += design.rows[i * design.rowWidth + p + r] * design.rows[i * design.rowWidth + p + r] }
            l[r, r] = 0.5 / max((squares / Double(n)).squareRoot(), 1e-12)
        }
        return join(gamma: gamma, cholesky: l)
    }
}
