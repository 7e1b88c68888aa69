import HLMPlatform

extension ThreeLevelLikelihood {
    /// The profiled deviance's exact gradient in theta and its average-information curvature at one theta.
    struct Derivatives: Sendable {
        /// dD/dtheta, in theta's order.
        var gradient: [Double]
        /// The curvature of the profiled deviance: its average information plus the exact second-derivative
        /// term of V~ in theta (see `derivatives`).
        var information: Matrix
    }

    /// The gradient and curvature of the profiled deviance D(theta) of a homogeneous model at `theta`, where
    /// `evaluation` is `evaluate(theta)` (its gamma, sigma^2 and T_xx = X'V~^-1 X are used).
    ///
    /// With V~ = V / sigma^2, e = y - X gamma, theta_t an entry (r, c) of Lambda_pi (or Lambda_beta) and
    /// D_t = E_rc Lambda' + Lambda E_cr (so that dV~/dtheta_t = Z D_t Z'):
    ///
    ///     dD/dtheta_t = tr(V~^-1 dV~) - [REML] tr(T_xx^-1 X'V~^-1 dV~ V~^-1 X) - e'V~^-1 dV~ V~^-1 e / sigma^2
    ///                 = 2 (S Lambda)_rc,   S = sum_j [G_j - B_j T_xx^-1 B_j' - a_j a_j' / sigma^2]
    ///
    /// (gamma and sigma^2 drop out by the envelope theorem), with G_j = Z_j'V~^-1 Z_j, B_j = Z_j'V~^-1 X and
    /// a_j = Z_j'V~^-1 e summed over level-2 units j for Lambda_pi and level-3 units k for Lambda_beta.
    ///
    /// The curvature is the average information (Gilmour, Thompson and Cullis 1995) of -2 log L in
    /// (theta, sigma^2), u_s'P u_t with u_s = dV/ds P y, profiled over sigma^2 as the deviance is:
    ///
    ///     H_st = (u_s'P~ u_t) / sigma^2 - c_s c_t / (sigma^4 dof),   u_s = dV~_s V~^-1 e,  c_s = e'V~^-1 u_s,
    ///
    /// P~ = V~^-1 - V~^-1 X T_xx^-1 X'V~^-1 and dof = N - p (REML) or N. Its expectation is the expected
    /// information. V~ is quadratic in theta, and the exact term of its second derivative is added:
    /// d2V~/dtheta_s dtheta_t = Z (E_rr' + E_r'r) Z' when s = (r, c) and t = (r', c) share a column of one
    /// factor, contributing 2 S_rr' (which keeps the curvature from vanishing as a column of Lambda nears 0).
    ///
    /// Everything is found per level-3 unit k without an N x N matrix: with W the level-2 part of V~
    /// (blockdiag_j I + Z2_j Lp Lp' Z2_j'), N_j = [Z2 Z3 X y]_j' W_j^-1 [Z2 Z3 X y]_j is unit j's moment matrix
    /// less the Schur term of its level-2 effects, S_k = sum_j N_j, and by Woodbury
    /// V~_k^-1 = W^-1 - W^-1 Z3 F Z3' W^-1 with F = Lb (I + Lb'S_33 Lb)^-1 Lb'; every product above is then a
    /// small matrix expression in N_j, S_k and F. The level-3 units are taken in parallel chunks.
    func derivatives(_ theta: [Double], at evaluation: Evaluation) -> Derivatives? {
        precondition(design.varianceCount == 0, "exact derivatives are for homogeneous sigma^2")
        let p = design.fixedCount, q2 = design.level2Count, q3 = design.level3Count
        let n2 = q2 * (q2 + 1) / 2, n = thetaCount
        let (lp, lb) = factors(theta)
        guard let txx = Cholesky(evaluation.xtvx) else { return nil }
        let txxInverse = txx.inverse()
        let reml = method == .reml
        let g = evaluation.gamma.map { -$0 } + [1]
        let sigma2 = evaluation.sigma2
        let dof = Double(design.rowCount - (reml ? p : 0))
        let partials = concurrentChunks(design.level3UnitCount, minimumChunk: 4) { _, units -> Sums? in
            var sums = Sums(q2: q2, q3: q3, p: p, n: n)
            for k in units {
                guard unitSums(k, lp: lp, lb: lb, g: g, sigma2: sigma2, txxInverse: reml ? txxInverse : nil,
                               n2: n2, into: &sums) else { return nil }
            }
            return sums
        }
        var total = Sums(q2: q2, q3: q3, p: p, n: n)
        for partial in partials {
            guard let partial else { return nil }
            total.add(partial)
        }
        let slope2 = total.level2 * lp, slope3 = total.level3 * lb
        var gradient = [Double]()
        for (r, c) in Self.entries(q2) { gradient.append(2 * slope2[r, c]) }
        for (r, c) in Self.entries(q3) { gradient.append(2 * slope3[r, c]) }
        let correction = total.fixed * txxInverse * total.fixed.transposed
        var information = Matrix(rows: n, columns: n)
        for s in 0..<n {
            for t in 0..<n {
                information[s, t] = (total.information[s, t] - correction[s, t]) / sigma2
                    - total.quadratic[s] * total.quadratic[t] / (sigma2 * sigma2 * dof)
            }
        }
        // V~ is quadratic in theta: d2V~/dtheta_s dtheta_t = Z (E_rr' + E_r'r) Z' when s = (r, c) and t = (r', c)
        // share a column of the same factor, whose exact term in the Hessian is 2 S_rr'.
        for (offset, q, sum) in [(0, q2, total.level2), (n2, q3, total.level3)] {
            for (s, (r, c)) in Self.entries(q).enumerated() {
                for (t, (r2, c2)) in Self.entries(q).enumerated() where c == c2 {
                    information[offset + s, offset + t] += 2 * sum[r, r2]
                }
            }
        }
        return Derivatives(gradient: gradient, information: information)
    }

    /// What `derivatives` adds over level-3 units.
    private struct Sums {
        /// S for Lambda_pi (q2 x q2) and for Lambda_beta (q3 x q3).
        var level2: Matrix, level3: Matrix
        /// sum_k u_s'V~^-1 u_t (n x n), X'V~^-1 u_s by rows (n x p) and c_s (n).
        var information: Matrix, fixed: Matrix, quadratic: [Double]

        init(q2: Int, q3: Int, p: Int, n: Int) {
            level2 = Matrix(rows: q2, columns: q2)
            level3 = Matrix(rows: q3, columns: q3)
            information = Matrix(rows: n, columns: n)
            fixed = Matrix(rows: n, columns: p)
            quadratic = Array(repeating: 0, count: n)
        }

        mutating func add(_ other: Sums) {
            level2.add(other.level2, scale: 1)
            level3.add(other.level3, scale: 1)
            information.add(other.information, scale: 1)
            fixed.add(other.fixed, scale: 1)
            for s in quadratic.indices { quadratic[s] += other.quadratic[s] }
        }
    }

    /// The entries (r, c), c <= r, of a q x q lower triangle in theta's order (by rows).
    static func entries(_ q: Int) -> [(row: Int, column: Int)] {
        (0..<q).flatMap { r in (0...r).map { (r, $0) } }
    }

    /// D_t v for every entry t = (r, c) of the lower-triangular `factor` (by rows): e_r (Lambda_.c' v) + Lambda_.c v_r.
    private static func directions(_ factor: Matrix, _ v: [Double]) -> [[Double]] {
        let q = factor.rows
        return entries(q).map { entry in
            let (r, c) = entry
            var d = (0..<q).map { factor[$0, c] * v[r] }
            d[r] += (0..<q).reduce(0) { $0 + factor[$1, c] * v[$1] }
            return d
        }
    }

    /// Adds level-3 unit k's terms to `sums` (see `derivatives`); false when a factorisation fails.
    private func unitSums(_ k: Int, lp: Matrix, lb: Matrix, g: [Double], sigma2: Double, txxInverse: Matrix?,
                          n2: Int, into sums: inout Sums) -> Bool {
        let w = design.width, p = design.fixedCount, q2 = design.level2Count, q3 = design.level3Count
        let z2 = 0..<q2, z3 = q2..<(q2 + q3), x = (q2 + q3)..<(w - 1), xy = (q2 + q3)..<w
        // N_j = M_j - (Lp'M_j,z2.)' A_j^-1 (Lp'M_j,z2.), A_j = I + Lp'M_22 Lp.
        var level2 = [Matrix](), s = Matrix(rows: w, columns: w)
        for j in design.level2Units(of: k) {
            var m = Matrix(rows: w, columns: w)
            for index in 0..<(w * w) { m.storage[index] = moments[j * w * w + index] }
            let cross = lp.transposed * m.block(z2, 0..<w)
            var a = cross.block(0..<q2, z2) * lp
            for c in 0..<q2 { a[c, c] += 1 }
            guard let factor = Cholesky(a) else { return false }
            let half = factor.solveLower(cross)
            m.add(half.transposeTimes(half), scale: -1)
            s.add(m, scale: 1)
            level2.append(m)
        }
        let s33 = s.block(z3, z3), s3xy = s.block(z3, xy), sx3 = s.block(x, z3)
        var a3 = lb.transposed * s33 * lb
        for c in 0..<q3 { a3[c, c] += 1 }
        guard let factor3 = Cholesky(a3) else { return false }
        let half3 = factor3.solveLower(lb.transposed)
        let f = half3.transposeTimes(half3)
        // Level 3: H = Z3'V~^-1 Z3, Q = Z3'V~^-1 [X y], b = Q g.
        let fs33 = f * s33
        let h = s33 - s33 * fs33
        let q3xy = s3xy - s33 * (f * s3xy)
        let b = q3xy * g
        sums.level3.add(Self.schur(h, q3xy, b, p: p, sigma2: sigma2, txxInverse: txxInverse), scale: 1)
        // The working variates' pieces: G (W-inner products), m = Z3'W^-1 u_s, e = X'W^-1 u_s, c_s.
        let n = sums.quadratic.count
        var gram = Matrix(rows: n, columns: n), mw = Matrix(rows: n, columns: q3), ew = Matrix(rows: n, columns: p)
        let level3Directions = Self.directions(lb, b)
        for (t, d) in level3Directions.enumerated() {
            let s33d = s33 * d, sx3d = sx3 * d
            for c in 0..<q3 { mw[n2 + t, c] = s33d[c] }
            for c in 0..<p { ew[n2 + t, c] = sx3d[c] }
            for (t2, d2) in level3Directions.enumerated() { gram[n2 + t, n2 + t2] = dot(d, s33 * d2) }
            sums.quadratic[n2 + t] += dot(b, d)
        }
        for nj in level2 {
            // Level 2: G_j = Z2_j'V~^-1 Z2_j, Q_j = Z2_j'V~^-1 [X y], a_j = Q_j g.
            let n22 = nj.block(z2, z2), n23 = nj.block(z2, z3), n2x = nj.block(z2, x)
            let n32 = n23.transposed, nx2 = n2x.transposed, kf = n23 * f
            let gj = n22 - kf * n32
            let qj = nj.block(z2, xy) - kf * s3xy
            let aj = qj * g
            sums.level2.add(Self.schur(gj, qj, aj, p: p, sigma2: sigma2, txxInverse: txxInverse), scale: 1)
            let level2Directions = Self.directions(lp, aj)
            for (s1, v) in level2Directions.enumerated() {
                let n22v = n22 * v, n32v = n32 * v, nx2v = nx2 * v
                for (s2, v2) in level2Directions.enumerated() { gram[s1, s2] += dot(v2, n22v) }
                for (t, d) in level3Directions.enumerated() {
                    let value = dot(n32v, d)
                    gram[s1, n2 + t] += value
                    gram[n2 + t, s1] += value
                }
                for c in 0..<q3 { mw[s1, c] += n32v[c] }
                for c in 0..<p { ew[s1, c] += nx2v[c] }
                sums.quadratic[s1] += dot(aj, v)
            }
        }
        // u_s'V~^-1 u_t = G_st - m_s'F m_t and X'V~^-1 u_s = e_s - S_x3 F m_s (Woodbury at level 3).
        let fm = f * mw.transposed
        sums.information.add(gram - mw * fm, scale: 1)
        sums.fixed.add(ew - (sx3 * fm).transposed, scale: 1)
        return true
    }

    /// G - B T_xx^-1 B' [REML] - a a' / sigma^2 for B the first p columns of `q`.
    private static func schur(_ g: Matrix, _ q: Matrix, _ a: [Double], p: Int, sigma2: Double, txxInverse: Matrix?) -> Matrix {
        var result = g
        if let txxInverse {
            let bq = q.block(0..<q.rows, 0..<p)
            result.add(bq * txxInverse * bq.transposed, scale: -1)
        }
        for r in 0..<a.count { for c in 0..<a.count { result[r, c] -= a[r] * a[c] / sigma2 } }
        return result
    }
}
