extension UnitIntegrand {
    /// Adds the gradient of the unit's Laplace term D_j = 2 f(v_hat) + ln|H| over (gamma, vech L) to `out`
    /// (p numbers, then L's lower triangle column by column), right after `findMode` (u, Z'r, A, R at v_hat).
    ///
    /// v_hat moves with the parameters, but 2 f is stationary there, so only its partial derivatives enter:
    /// -2 X'r for gamma and -2 (Z'r)_r v_c for L_rc. ln|H| (H = I + L'AL, A = Z'WZ) changes through L, through
    /// W at fixed v (dw_i = w'_i d eta_i, w' = dw/d eta) and through v_hat, whose derivative follows from the
    /// mode's equation v = L'Z'r: H dv = dL'Z'r - L'Z'WX dgamma - L'A dL v. With K = L H^-1 L',
    /// c_i = z_i'K z_i, b_x = sum w'_i c_i x_i, b_z = sum w'_i c_i z_i, t = H^-1 L'b_z and zeta = L t:
    /// - d ln|H| / d gamma = b_x - X'WZ zeta;
    /// - d ln|H| / d L_rc = 2 (H^-1 L'A)_cr + b_z,r v_c + t_c (Z'r)_r - (A zeta)_r v_c.
    func addGradient(_ data: GeneralizedRows, range: Range<Int>, l: UnsafePointer<Double>, v: UnsafePointer<Double>,
                     into out: UnsafeMutablePointer<Double>) {
        // K = M'M with M = R^-1 L'.
        for r in 0..<q { for c in 0..<q { scratch[r * q + c] = l[c * q + r] } }
        SmallMatrix.forwardSolve(q, q, h, scratch)
        SmallMatrix.multiply(q, q, q, scratch, transposeA: true, scratch, into: kMatrix)
        for f in 0..<p { (xr[f], bx[f]) = (0, 0) }
        for r in 0..<q { bz[r] = 0 }
        for t in 0..<(p * q) { xwz[t] = 0 }
        for (k, i) in range.enumerated() {
            let x = data.x(i), z = data.z(i)
            var eta = base[k]
            for r in 0..<q { eta += z[r] * u[r] }
            let terms = data.terms(i, eta: eta)
            var leverage = 0.0
            for r in 0..<q {
                var s = 0.0
                for c in 0..<q { s += kMatrix[r * q + c] * z[c] }
                leverage += z[r] * s
            }
            let slope = terms.weightSlope * leverage
            for f in 0..<p {
                xr[f] += terms.residual * x[f]
                bx[f] += slope * x[f]
                let wx = terms.weight * x[f]
                for r in 0..<q { xwz[f * q + r] += wx * z[r] }
            }
            for r in 0..<q { bz[r] += slope * z[r] }
        }
        // t = H^-1 L'b_z, zeta = L t (in `vector`).
        for c in 0..<q {
            var s = 0.0
            for r in c..<q { s += l[r * q + c] * bz[r] }
            t[c] = s
        }
        SmallMatrix.forwardSolve(q, 1, h, t)
        SmallMatrix.backSolve(q, 1, h, t)
        for r in 0..<q {
            var s = 0.0
            for c in 0...r { s += l[r * q + c] * t[c] }
            vector[r] = s
        }
        for f in 0..<p {
            var s = 0.0
            for r in 0..<q { s += xwz[f * q + r] * vector[r] }
            out[f] += -2 * xr[f] + bx[f] - s
        }
        // P = H^-1 L'A into `scratch`.
        SmallMatrix.multiply(q, q, q, l, transposeA: true, a, into: scratch)
        SmallMatrix.forwardSolve(q, q, h, scratch)
        SmallMatrix.backSolve(q, q, h, scratch)
        var index = p
        for c in 0..<q {
            for r in c..<q {
                var aZeta = 0.0
                for s in 0..<q { aZeta += a[r * q + s] * vector[s] }
                out[index] += -2 * zr[r] * v[c] + 2 * scratch[c * q + r] + bz[r] * v[c] + t[c] * zr[r] - aZeta * v[c]
                index += 1
            }
        }
    }
}
