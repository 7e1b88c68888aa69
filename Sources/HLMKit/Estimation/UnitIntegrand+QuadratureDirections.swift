extension UnitIntegrand {
    /// Writes the gradient of the unit's adaptive-quadrature term into `out` from the node sums (divided here by
    /// their total G) and the mode's sums, one direction of (gamma, vech L) at a time (see
    /// `quadratureCorrection`): dv_hat, t = dL v_hat + L dv_hat, dA = sum_f T_x[f] dgamma_f + sum_s T_z[s] t_s,
    /// dH, Omega = R^-1 dH R^-T, and dD_j = tr(Omega) + 2 [df/d theta + g_bar'dv_hat - sqrt(2) tr(Phi(Omega) N')].
    func addQuadratureGradient(l: UnsafePointer<Double>, v: UnsafePointer<Double>, total: Double,
                               into out: UnsafeMutablePointer<Double>) {
        for f in 0..<p { px[f] /= total }
        for t in 0..<(q * q) { (pl[t], nMatrix[t]) = (pl[t] / total, nMatrix[t] / total) }
        for r in 0..<q { gBar[r] /= total }
        SmallMatrix.multiply(q, q, q, a, l, into: al)
        SmallMatrix.multiply(q, q, q, l, transposeA: true, a, into: lta)
        let pairs = Matrix.lowerTriangle(q)
        for d in 0..<(p + pairs.count) {
            let pair = d < p ? nil : pairs[d - p]
            // H dv_hat = dL'Z'r - L'Z'WX dgamma - L'A dL v_hat.
            for c in 0..<q {
                if let pair {
                    dv[c] = -v[pair.column] * lta[c * q + pair.row] + (c == pair.column ? zr[pair.row] : 0)
                } else {
                    var s = 0.0
                    for r in c..<q { s -= l[r * q + c] * xwz[d * q + r] }
                    dv[c] = s
                }
            }
            SmallMatrix.forwardSolve(q, 1, h, dv)
            SmallMatrix.backSolve(q, 1, h, dv)
            for r in 0..<q {
                var s = 0.0
                for c in 0...r { s += l[r * q + c] * dv[c] }
                tVector[r] = s
            }
            if let pair { tVector[pair.row] += v[pair.column] }
            for i in 0..<q {
                for j in 0...i {
                    var s = pair == nil ? tx[(d * q + i) * q + j] : 0
                    for r in 0..<q { s += tz[(r * q + i) * q + j] * tVector[r] }
                    dA[i * q + j] = s
                    dA[j * q + i] = s
                }
            }
            SmallMatrix.multiply(q, q, q, dA, l, into: scratch)
            SmallMatrix.multiply(q, q, q, l, transposeA: true, scratch, into: dH)
            if let pair {
                for b in 0..<q {
                    dH[pair.column * q + b] += al[pair.row * q + b]
                    dH[b * q + pair.column] += al[pair.row * q + b]
                }
            }
            // Omega = R^-1 (R^-1 dH)'.
            SmallMatrix.forwardSolve(q, q, h, dH)
            for i in 0..<q { for j in 0..<q { omega[i * q + j] = dH[j * q + i] } }
            SmallMatrix.forwardSolve(q, q, h, omega)
            var trace = 0.0, phiTerm = 0.0, slope = 0.0
            for i in 0..<q {
                trace += omega[i * q + i]
                phiTerm += 0.5 * omega[i * q + i] * nMatrix[i * q + i]
                for j in 0..<i { phiTerm += omega[i * q + j] * nMatrix[i * q + j] }
                slope += gBar[i] * dv[i]
            }
            let partial = pair.map { -pl[$0.row * q + $0.column] } ?? -px[d]
            out[d] = trace + 2 * (partial + slope - 2.0.squareRoot() * phiTerm)
        }
    }
}
