extension UnitIntegrand {
    /// Sums over the rows at the mode v_hat (u = L v_hat set by `findMode`) for the quadrature gradient:
    /// X'r, X'WZ (p x q), T_x[f] = sum_i w'_i x_if z_i z_i' (p of q x q) and T_z[s] = sum_i w'_i z_is z_i z_i'
    /// (q of q x q), with which dA = sum_f T_x[f] dgamma_f + sum_s T_z[s] (dL v_hat + L dv_hat)_s.
    func addModeSums(_ data: GeneralizedRows, range: Range<Int>) {
        for f in 0..<p { xr[f] = 0 }
        for t in 0..<(p * q) { xwz[t] = 0 }
        for t in 0..<(p * q * q) { tx[t] = 0 }
        for t in 0..<(q * q * q) { tz[t] = 0 }
        for (k, i) in range.enumerated() {
            let x = data.x(i), z = data.z(i)
            let terms = data.terms(i, eta: eta(data, k, i, u))
            for a in 0..<q {
                for b in 0...a { scratch[a * q + b] = terms.weightSlope * z[a] * z[b] }
            }
            for f in 0..<p {
                xr[f] += terms.residual * x[f]
                for r in 0..<q { xwz[f * q + r] += terms.weight * x[f] * z[r] }
                for a in 0..<q { for b in 0...a { tx[(f * q + a) * q + b] += x[f] * scratch[a * q + b] } }
            }
            for s in 0..<q {
                for a in 0..<q { for b in 0...a { tz[(s * q + a) * q + b] += z[s] * scratch[a * q + b] } }
            }
        }
    }

    /// f(v) with X'r and Z'r at v into `nodeXr`, `nodeZr` (`base` set; u, Z'r and A of the mode untouched).
    func nodeValue(_ data: GeneralizedRows, range: Range<Int>, l: UnsafePointer<Double>, v: UnsafePointer<Double>,
                   sums: Bool) -> Double {
        let half = randomEffects(l, v, into: vector)
        var kernels = KernelSum()
        for r in 0..<q { nodeZr[r] = 0 }
        for f in 0..<p { nodeXr[f] = 0 }
        for (k, i) in range.enumerated() {
            let terms = data.terms(i, eta: eta(data, k, i, vector))
            kernels.add(terms)
            if sums {
                let x = data.x(i), z = data.z(i)
                for f in 0..<p { nodeXr[f] += terms.residual * x[f] }
                for r in 0..<q { nodeZr[r] += terms.residual * z[r] }
            }
        }
        return half - kernels.value
    }
}
