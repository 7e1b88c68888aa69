import HLMPlatform

extension ThreeLevelLikelihood {
    /// The profiled deviance's exact gradient in x = (theta, alpha) and its average-information curvature.
    struct Derivatives: Sendable {
        /// dD/dx, in x's order (theta, then alpha_1 ... alpha_m).
        var gradient: [Double]
        /// The curvature of the profiled deviance: its average information plus the exact second-derivative
        /// terms of V~ (see `derivatives`).
        var information: Matrix
    }

    /// The gradient and curvature of the profiled deviance D(theta, alpha) at x = (theta, alpha), where
    /// `evaluation` is `evaluate(x)` (its gamma, sigma^2, T_xx = X'V~^-1 X and weighted moments are used).
    ///
    /// With V~ = V / sigma^2 = D + Z Lambda Lambda' Z' (D = diag(exp(c_i'alpha)), I when homogeneous), e = y - X gamma,
    /// P~ = V~^-1 - [REML] V~^-1 X T_xx^-1 X'V~^-1, and dV~_s the derivative of V~ in x_s, the envelope theorem
    /// (gamma and sigma^2 profiled) gives
    ///
    ///     dD/dx_s = tr(P~ dV~_s) - e'V~^-1 dV~_s V~^-1 e / sigma^2.
    ///
    /// For theta_t an entry (r, c) of Lambda_pi (or Lambda_beta), dV~ = Z D_t Z' with D_t = E_rc Lambda' + Lambda E_cr,
    /// and dD/dtheta_t = 2 (S Lambda)_rc with S = sum_j [G_j - B_j T_xx^-1 B_j' - a_j a_j' / sigma^2], G_j = Z_j'V~^-1 Z_j,
    /// B_j = Z_j'V~^-1 X and a_j = Z_j'V~^-1 e over level-2 units j for Lambda_pi and level-3 units k for Lambda_beta.
    /// For alpha_h, dV~ = diag(c_ih exp(c_i'alpha)), and with rows scaled by sqrt(w_i) = exp(-c_i'alpha / 2) (so
    /// that V~ = D^1/2 (I + Z^ Lambda Lambda' Z^') D^1/2) dD/dalpha_h = sum_i c_ih (P^_ii - e^_i^2 / sigma^2), P^ and
    /// e^ = (I + Z^ Lambda Lambda'Z^')^-1 (y^ - X^ gamma) in the scaled rows.
    ///
    /// The curvature is the average information (Gilmour, Thompson and Cullis 1995) of -2 log L in
    /// (x, sigma^2), u_s'P u_t with u_s = dV/ds P y, profiled over sigma^2 as the deviance is:
    ///
    ///     H_st = (u_s'P~ u_t) / sigma^2 - c_s c_t / (sigma^4 dof),   u_s = dV~_s V~^-1 e,  c_s = e'V~^-1 u_s,
    ///
    /// dof = N - p (REML) or N. The exact second-derivative term tr(P~ d2V~) - e'V~^-1 d2V~ V~^-1 e / sigma^2 is
    /// added where d2V~ is not 0: 2 S_rr' when theta_s = (r, c) and theta_t = (r', c) share a column of one factor
    /// (it keeps the curvature from vanishing as a column of Lambda nears 0), and
    /// sum_i c_ih c_il (P^_ii - e^_i^2 / sigma^2) for alpha_h, alpha_l.
    ///
    /// Everything is found per level-3 unit k without an N x N matrix: with W the level-2 part of V~
    /// (blockdiag_j I + Z2_j Lp Lp' Z2_j'), N_j = [Z2 Z3 X y]_j' W_j^-1 [Z2 Z3 X y]_j is unit j's moment matrix
    /// less the Schur term of its level-2 effects, S_k = sum_j N_j, and by Woodbury
    /// V~_k^-1 = W^-1 - W^-1 Z3 F Z3' W^-1 with F = Lb (I + Lb'S_33 Lb)^-1 Lb'; every product above is then a
    /// small matrix expression in N_j, S_k and F, and alpha's need one pass over the unit's rows (each row's
    /// entries of W^-1 and V~^-1 [Z2 Z3 X y] from the same factors). The level-3 units are taken in parallel
    /// chunks, each with its own `ThreeLevelWorkspace`.
    func derivatives(_ x: [Double], at evaluation: Evaluation) -> Derivatives? {
        let p = design.fixedCount, q2 = design.level2Count, q3 = design.level3Count, m = design.varianceCount
        let n2 = q2 * (q2 + 1) / 2, n = parameterCount
        let (lp, lb) = factors(x)
        guard let txx = Cholesky(evaluation.xtvx) else { return nil }
        let txxInverse = txx.inverse()
        let reml = method == .reml
        let context = DerivativeContext(
            lp: lp.storage, lb: lb.storage, g: evaluation.gamma.map { -$0 } + [1], sigma2: evaluation.sigma2,
            txxInverse: txxInverse.storage, reml: reml, alpha: Array(x[thetaCount...]),
            moments: m == 0 ? moments : evaluation.moments)
        let largest = (0..<design.level3UnitCount).map { design.level2Units(of: $0).count }.max() ?? 0
        let partials = concurrentChunks(design.level3UnitCount, minimumChunk: 4) { _, units -> ThreeLevelWorkspace? in
            let workspace = ThreeLevelWorkspace(w: design.width, p: p, q2: q2, q3: q3, m: m, largestUnit: largest)
            for k in units {
                guard unitSums(k, context, workspace) else { return nil }
            }
            return workspace
        }
        var level2 = Matrix(rows: q2, columns: q2), level3 = Matrix(rows: q3, columns: q3)
        var sums = Matrix(rows: n, columns: n), fixed = Matrix(rows: n, columns: p)
        var quadratic = [Double](repeating: 0, count: n), alphaGradient = [Double](repeating: 0, count: m)
        var alphaSecond = Matrix(rows: m, columns: m)
        for partial in partials {
            guard let partial else { return nil }
            Self.add(partial.level2Sum, to: &level2.storage)
            Self.add(partial.level3Sum, to: &level3.storage)
            Self.add(partial.information, to: &sums.storage)
            Self.add(partial.fixed, to: &fixed.storage)
            Self.add(partial.alphaSecond, to: &alphaSecond.storage)
            Self.add(partial.quadratic, to: &quadratic)
            Self.add(partial.alphaGradient, to: &alphaGradient)
        }
        let slope2 = level2 * lp, slope3 = level3 * lb
        let gradient = Self.entries(q2).map { 2 * slope2[$0.row, $0.column] }
            + Self.entries(q3).map { 2 * slope3[$0.row, $0.column] } + alphaGradient
        let sigma2 = evaluation.sigma2, dof = Double(design.rowCount - (reml ? p : 0))
        let correction = fixed * txxInverse * fixed.transposed
        var information = Matrix(rows: n, columns: n)
        for s in 0..<n {
            for t in 0..<n {
                information[s, t] = (sums[s, t] - correction[s, t]) / sigma2 - quadratic[s] * quadratic[t] / (sigma2 * sigma2 * dof)
            }
        }
        for (offset, q, sum) in [(0, q2, level2), (n2, q3, level3)] {
            for (s, (r, c)) in Self.entries(q).enumerated() {
                for (t, (r2, c2)) in Self.entries(q).enumerated() where c == c2 {
                    information[offset + s, offset + t] += 2 * sum[r, r2]
                }
            }
        }
        for h in 0..<m { for l in 0..<m { information[thetaCount + h, thetaCount + l] += alphaSecond[h, l] } }
        return Derivatives(gradient: gradient, information: information)
    }

    /// What every level-3 unit's terms in `derivatives` read.
    private struct DerivativeContext {
        /// Lambda_pi and Lambda_beta (row-major lower triangles), g = (-gamma, 1), sigma^2, T_xx^-1 (p x p).
        var lp: [Double], lb: [Double], g: [Double], sigma2: Double, txxInverse: [Double]
        var reml: Bool
        /// alpha_1 ... alpha_m and the level-2 units' moments (weighted by exp(-c_i'alpha) when heterogeneous).
        var alpha: [Double], moments: [Double]
    }

    /// The entries (r, c), c <= r, of a q x q lower triangle in theta's order (by rows).
    static func entries(_ q: Int) -> [(row: Int, column: Int)] {
        (0..<q).flatMap { r in (0...r).map { (r, $0) } }
    }

    /// target[i] += source[i] for every i of `target`.
    private static func add(_ source: UnsafeMutablePointer<Double>, to target: inout [Double]) {
        for i in target.indices { target[i] += source[i] }
    }

    /// D_t v for every entry t = (r, c) of the q x q lower-triangular `factor` (by rows), e_r (Lambda_.c'v) + Lambda_.c v_r,
    /// into `out` (one row of q values per entry).
    private static func directions(_ factor: UnsafePointer<Double>, _ q: Int, _ v: UnsafePointer<Double>,
                                   into out: UnsafeMutablePointer<Double>) {
        var t = 0
        for r in 0..<q {
            for c in 0...r {
                let d = out + t * q
                var projection = 0.0
                for i in 0..<q {
                    d[i] = factor[i * q + c] * v[r]
                    projection += factor[i * q + c] * v[i]
                }
                d[r] += projection
                t += 1
            }
        }
    }

    /// Sets a = Q g (into `workspace.a`) and adds G - B T_xx^-1 B' [REML] - a a' / sigma^2 to the q x q `target`, for
    /// G (q x q) in `workspace.g` and Q = [B, .] (q x (p + 1)) in `workspace.q`.
    private static func addSchur(_ q: Int, _ context: DerivativeContext, _ workspace: ThreeLevelWorkspace,
                                 g gVector: UnsafePointer<Double>, into target: UnsafeMutablePointer<Double>) {
        let p = workspace.p, width = p + 1
        let g = workspace.g, b = workspace.q, a = workspace.a, bt = workspace.bt
        for r in 0..<q {
            var sum = 0.0
            for c in 0..<width { sum += b[r * width + c] * gVector[c] }
            a[r] = sum
        }
        if context.reml {
            context.txxInverse.withUnsafeBufferPointer { inverse in
                for r in 0..<q {
                    for c in 0..<p {
                        var sum = 0.0
                        for t in 0..<p { sum += b[r * width + t] * inverse[t * p + c] }
                        bt[r * p + c] = sum
                    }
                }
            }
        }
        for r in 0..<q {
            for c in 0..<q {
                var value = g[r * q + c] - a[r] * a[c] / context.sigma2
                if context.reml { for t in 0..<p { value -= bt[r * p + t] * b[c * width + t] } }
                target[r * q + c] += value
            }
        }
    }

    /// Adds level-3 unit k's terms to `workspace`'s sums (see `derivatives`); false when a factorisation fails.
    private func unitSums(_ k: Int, _ context: DerivativeContext, _ workspace: ThreeLevelWorkspace) -> Bool {
        context.lp.withUnsafeBufferPointer { lp in
            context.lb.withUnsafeBufferPointer { lb in
                context.g.withUnsafeBufferPointer { g in
                    context.moments.withUnsafeBufferPointer { moments in
                        unitSums(k, context, workspace, lp: lp.baseAddress!, lb: lb.baseAddress!, g: g.baseAddress!,
                                 moments: moments.baseAddress!)
                    }
                }
            }
        }
    }

    /// `unitSums(_:_:_:)` on the context's buffers.
    private func unitSums(_ k: Int, _ context: DerivativeContext, _ ws: ThreeLevelWorkspace, lp: UnsafePointer<Double>,
                          lb: UnsafePointer<Double>, g: UnsafePointer<Double>, moments: UnsafePointer<Double>) -> Bool {
        let w = ws.w, p = ws.p, q2 = ws.q2, q3 = ws.q3, m = ws.m, n = ws.n, n2 = ws.n2, n3 = ws.n3
        let o3 = q2, ox = q2 + q3, na = n2 + n3, ww = w * w, xy = p + 1
        let units = design.level2Units(of: k)
        guard ws.factor(units, moments: moments, lp: lp, lb: lb) else { return false }
        let s = ws.s, f = ws.f, fs = ws.fs
        // H = Z3'V~^-1 Z3 (into g), Q = Z3'V~^-1 [X y] (into q), b = Q g (into a).
        for r in 0..<q3 {
            for c in 0..<(q3 + xy) {
                var sum = s[(o3 + r) * w + o3 + c]
                for t in 0..<q3 { sum -= s[(o3 + r) * w + o3 + t] * fs[t * w + o3 + c] }
                if c < q3 { ws.g[r * q3 + c] = sum } else { ws.q[r * xy + c - q3] = sum }
            }
        }
        Self.addSchur(q3, context, ws, g: g, into: ws.level3Sum)
        let gram = ws.gram, mw = ws.mw, ew = ws.ew, quadratic = ws.quadratic
        gram.update(repeating: 0, count: n * n)
        mw.update(repeating: 0, count: n * q3)
        ew.update(repeating: 0, count: n * p)
        let d3 = ws.directions3
        Self.directions(lb, q3, ws.a, into: d3)
        let v1 = ws.v1, v2 = ws.v2, v3 = ws.v3
        for t in 0..<n3 {
            let d = d3 + t * q3
            for c in 0..<q3 {
                var sum = 0.0
                for b in 0..<q3 { sum += s[(o3 + c) * w + o3 + b] * d[b] }
                v1[c] = sum
                mw[(n2 + t) * q3 + c] = sum
            }
            for c in 0..<p {
                var sum = 0.0
                for b in 0..<q3 { sum += s[(ox + c) * w + o3 + b] * d[b] }
                ew[(n2 + t) * p + c] = sum
            }
            var projection = 0.0
            for c in 0..<q3 { projection += ws.a[c] * d[c] }
            quadratic[n2 + t] += projection
            for t2 in 0..<n3 {
                var sum = 0.0
                for c in 0..<q3 { sum += d3[t2 * q3 + c] * v1[c] }
                gram[(n2 + t) * n + n2 + t2] = sum
            }
        }
        if m > 0 { alphaTerms(units, context, ws, lp: lp, g: g) }
        // Each level-2 unit: G_j = Z2_j'V~^-1 Z2_j, Q_j = Z2_j'V~^-1 [X y], a_j = Q_j g, and the directions D_s a_j.
        let kf = ws.kf, d2 = ws.directions2
        for index in 0..<units.count {
            let nj = ws.level2 + index * ww
            for a in 0..<q2 {
                for c in 0..<q3 {
                    var sum = 0.0
                    for t in 0..<q3 { sum += nj[a * w + o3 + t] * f[t * q3 + c] }
                    kf[a * q3 + c] = sum
                }
            }
            for a in 0..<q2 {
                for c in 0..<(q2 + xy) {
                    // G_j = N_22 - K N_32 and Q_j = N_2,xy - K S_3,xy with K = N_23 F.
                    let column = c < q2 ? c : ox + c - q2, other = c < q2 ? nj : s
                    var sum = nj[a * w + column]
                    for t in 0..<q3 { sum -= kf[a * q3 + t] * other[(o3 + t) * w + column] }
                    if c < q2 { ws.g[a * q2 + c] = sum } else { ws.q[a * xy + c - q2] = sum }
                }
            }
            Self.addSchur(q2, context, ws, g: g, into: ws.level2Sum)
            Self.directions(lp, q2, ws.a, into: d2)
            let alphaColumns = ws.alphaColumns + index * q2 * m
            for s1 in 0..<n2 {
                let v = d2 + s1 * q2
                // N_22 v, N_32 v and N_x2 v.
                for c in 0..<(w - 1) {
                    var sum = 0.0
                    for b in 0..<q2 { sum += nj[c * w + b] * v[b] }
                    if c < o3 { v1[c] = sum } else if c < ox { v2[c - o3] = sum } else { v3[c - ox] = sum }
                }
                for s2 in 0..<n2 {
                    var sum = 0.0
                    for c in 0..<q2 { sum += d2[s2 * q2 + c] * v1[c] }
                    gram[s1 * n + s2] += sum
                }
                for t in 0..<n3 {
                    var sum = 0.0
                    for c in 0..<q3 { sum += v2[c] * d3[t * q3 + c] }
                    gram[s1 * n + n2 + t] += sum
                    gram[(n2 + t) * n + s1] += sum
                }
                for h in 0..<m {
                    var sum = 0.0
                    for b in 0..<q2 { sum += alphaColumns[b * m + h] * v[b] }
                    gram[s1 * n + na + h] += sum
                    gram[(na + h) * n + s1] += sum
                }
                for c in 0..<q3 { mw[s1 * q3 + c] += v2[c] }
                for c in 0..<p { ew[s1 * p + c] += v3[c] }
                var projection = 0.0
                for c in 0..<q2 { projection += ws.a[c] * v[c] }
                quadratic[s1] += projection
            }
        }
        // u_s'V~^-1 u_t = G_st - m_s'F m_t and X'V~^-1 u_s = e_s - S_x3 F m_s (Woodbury at level 3).
        let fm = ws.fm
        SmallMatrix.multiply(q3, n, q3, f, mw, transposeB: true, into: fm)
        for r in 0..<n {
            for c in 0..<n {
                var sum = gram[r * n + c]
                for a in 0..<q3 { sum -= mw[r * q3 + a] * fm[a * n + c] }
                ws.information[r * n + c] += sum
            }
            for c in 0..<p {
                var sum = ew[r * p + c]
                for a in 0..<q3 { sum -= s[(ox + c) * w + o3 + a] * fm[a * n + r] }
                ws.fixed[r * p + c] += sum
            }
        }
        return true
    }

    /// A heterogeneous model's terms of level-3 unit `units` in alpha (see `derivatives`), after its level-2
    /// factors, S and F are in `ws`: one pass over its rows for alpha's gradient, the exact second-derivative term,
    /// c_h and the W-inner products of u_h = diag(c_h) V^-1 e^ with every working variate.
    ///
    /// Row i (scaled by sqrt(w_i)) of W^-1 [Z2 Z3 X y] is rho_i = r_i - half_j' t_i with t_i = L_j^-1 Lp'z2_i, its row of
    /// V~^-1 [Z2 Z3 X y] is phi_i = rho_i - (F S_3.)'rho_i,3, e^_i = phi_i,xy'g and
    /// (V^-1)_ii = 1 - t_i't_i - rho_i,3'F rho_i,3.
    private func alphaTerms(_ units: Range<Int>, _ context: DerivativeContext, _ ws: ThreeLevelWorkspace,
                            lp: UnsafePointer<Double>, g: UnsafePointer<Double>) {
        let w = ws.w, p = ws.p, q2 = ws.q2, q3 = ws.q3, m = ws.m, n = ws.n, n2 = ws.n2, na = n2 + ws.n3
        let o3 = q2, ox = q2 + q3
        let row = ws.row, t = ws.t, rho = ws.rho, phi = ws.phi, u = ws.u, f = ws.f, fs = ws.fs
        let alphaSum = ws.alphaSum, alphaUnit = ws.alphaUnit, alphaHalf = ws.alphaHalf, gram = ws.gram
        // (x, z2, z3, y) in the design's rows -> (z2, z3, x, y) here.
        let order = Array(p..<(p + q2 + q3)) + Array(0..<p) + [w - 1]
        alphaSum.update(repeating: 0, count: w * m)
        design.rows.withUnsafeBufferPointer { rows in
            design.varianceRows.withUnsafeBufferPointer { predictors in
                context.txxInverse.withUnsafeBufferPointer { inverse in
                    for (index, j) in units.enumerated() {
                        let half = ws.halves + index * q2 * w, l = ws.factors + index * q2 * q2
                        alphaUnit.update(repeating: 0, count: w * m)
                        for i in design.grouping.rows(ofUnit: j) {
                            var logRatio = 0.0
                            for h in 0..<m { logRatio += predictors[i * m + h] * context.alpha[h] }
                            let scale = exp(-logRatio / 2)
                            for a in 0..<w { row[a] = scale * rows[i * w + order[a]] }
                            var tt = 0.0
                            for a in 0..<q2 {
                                var sum = 0.0
                                for b in a..<q2 { sum += lp[b * q2 + a] * row[b] }
                                t[a] = sum
                            }
                            SmallMatrix.forwardSolve(q2, 1, l, t)
                            for a in 0..<q2 { tt += t[a] * t[a] }
                            for c in 0..<w {
                                var sum = row[c]
                                for a in 0..<q2 { sum -= half[a * w + c] * t[a] }
                                rho[c] = sum
                            }
                            var level3 = 0.0
                            for c in 0..<w {
                                var sum = rho[c]
                                for a in 0..<q3 { sum -= rho[o3 + a] * fs[a * w + c] }
                                phi[c] = sum
                            }
                            for a in 0..<q3 {
                                for b in 0..<q3 { level3 += rho[o3 + a] * f[a * q3 + b] * rho[o3 + b] }
                            }
                            var e = 0.0
                            for c in 0..<(p + 1) { e += phi[ox + c] * g[c] }
                            var pii = 1 - tt - level3
                            if context.reml {
                                for a in 0..<p {
                                    for b in 0..<p { pii -= phi[ox + a] * inverse[a * p + b] * phi[ox + b] }
                                }
                            }
                            let kappa = pii - e * e / context.sigma2
                            for h in 0..<m {
                                let c = predictors[i * m + h]
                                ws.alphaGradient[h] += c * kappa
                                for l2 in 0..<m { ws.alphaSecond[h * m + l2] += c * predictors[i * m + l2] * kappa }
                                u[h] = c * e
                                ws.quadratic[na + h] += u[h] * e
                            }
                            for a in 0..<w { for h in 0..<m { alphaUnit[a * m + h] += row[a] * u[h] } }
                            for h in 0..<m { for l2 in 0..<m { gram[(na + h) * n + na + l2] += u[h] * u[l2] } }
                        }
                        // N_j's alpha columns: [Z2 Z3 X y]_j'W_j^-1 u = R_j'u - half_j'(L_j^-1 Lp'Z2_j'u).
                        for a in 0..<q2 {
                            for h in 0..<m {
                                var sum = 0.0
                                for b in a..<q2 { sum += lp[b * q2 + a] * alphaUnit[b * m + h] }
                                alphaHalf[a * m + h] = sum
                            }
                        }
                        SmallMatrix.forwardSolve(q2, m, l, alphaHalf)
                        for h in 0..<m {
                            for l2 in 0..<m {
                                var sum = 0.0
                                for a in 0..<q2 { sum += alphaHalf[a * m + h] * alphaHalf[a * m + l2] }
                                gram[(na + h) * n + na + l2] -= sum
                            }
                        }
                        let columns = ws.alphaColumns + index * q2 * m
                        for c in 0..<w {
                            for h in 0..<m {
                                var value = alphaUnit[c * m + h]
                                for a in 0..<q2 { value -= half[a * w + c] * alphaHalf[a * m + h] }
                                alphaSum[c * m + h] += value
                                if c < q2 { columns[c * m + h] = value }
                            }
                        }
                    }
                }
            }
        }
        // The alpha variates' level-3 and fixed W-products, and their W-products with the level-3 directions.
        for h in 0..<m {
            for c in 0..<q3 { ws.mw[(na + h) * q3 + c] = alphaSum[(o3 + c) * m + h] }
            for c in 0..<p { ws.ew[(na + h) * p + c] = alphaSum[(ox + c) * m + h] }
            for t3 in 0..<ws.n3 {
                var sum = 0.0
                for c in 0..<q3 { sum += alphaSum[(o3 + c) * m + h] * ws.directions3[t3 * q3 + c] }
                gram[(na + h) * n + n2 + t3] += sum
                gram[(n2 + t3) * n + na + h] += sum
            }
        }
    }
}
