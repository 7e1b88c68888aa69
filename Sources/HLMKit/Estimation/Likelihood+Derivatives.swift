/// Exact gradient and expected information of the deviance (docs/METHODS.md, "Exact gradient" and
/// "Expected information").
///
/// Per unit, with K = L M^-1 L', B = I - K A, S = Z'V^-1Z = A B, s = Z'V^-1 e = B'Z'W e, u_hat = K Z'W e,
/// b = [-gamma, -u_hat, 1] (so r_i = v_i'b), A_h = G_h[zz]:
/// - d d / dT = sum_j (S_j - s_j s_j');
/// - d d / d alpha_h = sum_j [sum_i c_ih - b'G_h b - tr(K A_h)];
/// - F(tau_a, tau_b) = sum_j tr(E_a S E_b S), F(tau_a, alpha_h) = sum_j tr(E_a B'A_h B),
///   F(alpha_h, alpha_l) = sum_j [sum_i c_ih c_il - 2 tr(K Q_hl[zz]) + tr(K A_h K A_l)],
/// with F_ab = sum_j tr(V_j^-1 V_a V_j^-1 V_b). REML adds the terms of `REMLTerms`.
extension Likelihood {
    func derivativesAt(_ theta: CovarianceParameters, gamma: [Double], phiFactor: Cholesky, fixed: [Double],
                       passes: [UnitPass]) -> (gradient: [Double], information: Matrix) {
        let remlFactor = method == .reml ? phiFactor : nil
        let request = MomentRequest.derivatives(method)
        let chunks = concurrentChunks(design.unitCount) { chunk, units in
            let workspace = UnitWorkspace(design: design, request: request)
            var sums = DerivativeSums(design: design, phiFactor: remlFactor)
            passes[chunk].store.withUnsafeBufferPointer { store in
                sums.reml?.solveFixedParts(units: units.count, narrow: workspace.layout.narrowCount, k: workspace.k) {
                    store.baseAddress! + $0 * workspace.storedCount
                }
                for (local, j) in units.enumerated() {
                    let stored = store.baseAddress! + local * workspace.storedCount
                    workspace.moments.update(from: stored, count: workspace.momentCount)
                    workspace.kMatrix.update(from: stored + workspace.momentCount, count: workspace.q * workspace.q)
                    sums.add(unit: j, gamma: gamma, likelihood: self, workspace: workspace)
                }
            }
            return sums
        }
        var total = chunks[0]
        for chunk in chunks.dropFirst() { total.merge(chunk) }
        var information = assembleInformation(fourth: total.fourth, tauAlpha: total.tauAlpha,
                                              alphaAlpha: total.alphaAlpha)
        var gradient = tauGradient(total.gradientTau) + total.gradientAlpha
        // b'G_h b's fixed part, gamma'G_h[xx] gamma, summed over the units once.
        let packing = TrianglePacking(order: design.fixedCount), t = gradient.count - design.varianceCount
        for order in 0..<design.varianceCount {
            var index = order * packing.count, quadratic = 0.0
            for r in gamma.indices {
                quadratic += fixed[index] * gamma[r] * gamma[r]
                for c in (r + 1)..<gamma.count { quadratic += 2 * fixed[index + c - r] * gamma[r] * gamma[c] }
                index += gamma.count - r
            }
            gradient[t + order] -= quadratic
        }
        if var reml = total.reml {
            let corrections = reml.corrections(fixed: fixed)
            information.add(corrections.information, scale: 1)
            for (i, correction) in corrections.gradient.enumerated() { gradient[i] += correction }
        }
        return (gradient, information)
    }

    /// d d / d tau_ab = sum over the entries (x, y) of E_ab of G[y, x] (E_ab = e_a e_b' + e_b e_a', or e_a e_a').
    func tauGradient(_ g: Matrix) -> [Double] {
        CovarianceParameters.tauEntries(design.randomCount).map { e in e.reduce(0.0) { $0 + g[$1.1, $1.0] } }
    }

    /// The information over (vech Tau, alpha) from its blocks: tr(E_1 S E_2 S) =
    /// sum_{(x,y) in E_1, (u,v) in E_2} S_yu S_vx, read from the accumulated S (x) S.
    private func assembleInformation(fourth: [Double], tauAlpha: [Matrix], alphaAlpha: Matrix) -> Matrix {
        let q = design.randomCount, h = design.varianceCount
        let entries = CovarianceParameters.tauEntries(q)
        let m = entries.count + h
        var info = Matrix(rows: m, columns: m)
        for (i1, e1) in entries.enumerated() {
            for (i2, e2) in entries.enumerated() { info[i1, i2] = kroneckerTrace(fourth, q, e1, e2) }
            for hIndex in 0..<h {
                let value = e1.reduce(0.0) { $0 + tauAlpha[hIndex][$1.1, $1.0] }
                info[i1, entries.count + hIndex] = value
                info[entries.count + hIndex, i1] = value
            }
        }
        for h1 in 0..<h { for h2 in 0..<h { info[entries.count + h1, entries.count + h2] = alphaAlpha[h1, h2] } }
        return info
    }
}

/// tr(E_1 A E_2 B) = sum_{(x,y) in E_1, (u,v) in E_2} A_yu B_vx, from the accumulated A (x) B.
func kroneckerTrace(_ kronecker: [Double], _ q: Int, _ e1: [(Int, Int)], _ e2: [(Int, Int)]) -> Double {
    var value = 0.0
    for (x, y) in e1 { for (u, v) in e2 { value += kronecker[((y * q + u) * q + v) * q + x] } }
    return value
}

/// The per-unit sums of the derivative pass over a range of units (see the formulas above).
struct DerivativeSums {
    let p: Int, q: Int, h: Int
    var gradientTau: Matrix
    var gradientAlpha: [Double]
    var fourth: [Double]
    var tauAlpha: [Matrix]
    var alphaAlpha: Matrix
    var reml: REMLTerms?

    init(design: ModelDesign, phiFactor: Cholesky?) {
        p = design.fixedCount
        q = design.randomCount
        h = design.varianceCount
        gradientTau = Matrix(rows: q, columns: q)
        gradientAlpha = [Double](repeating: 0, count: h)
        fourth = [Double](repeating: 0, count: q * q * q * q)
        tauAlpha = [Matrix](repeating: Matrix(rows: q, columns: q), count: h)
        alphaAlpha = Matrix(rows: h, columns: h)
        reml = phiFactor.map { REMLTerms(design: design, phiFactor: $0) }
    }

    /// Adds unit j, whose moments are in `ws.moments` and posterior covariance K in `ws.kMatrix`.
    mutating func add(unit j: Int, gamma: [Double], likelihood: Likelihood,
                      workspace ws: UnitWorkspace) {
        ws.randomEffectsBlock(0, into: ws.a)
        ws.posteriorMean(gamma: gamma)
        let k = ws.k, qq = q * q
        // A level-2 design weight b_j multiplies the unit's every term (1 without weights).
        let weight = likelihood.design.level1.unitWeight(j)
        // B = I - K A, s = B' Z'W e, S = A B.
        SmallMatrix.multiply(q, q, q, ws.kMatrix, ws.a, into: ws.b)
        for r in 0..<q { for c in 0..<q { ws.b[r * q + c] = (r == c ? 1 : 0) - ws.b[r * q + c] } }
        SmallMatrix.multiply(q, 1, q, ws.b, transposeA: true, ws.zWe, into: ws.sVector)
        SmallMatrix.multiply(q, q, q, ws.a, ws.b, into: ws.s)
        gradientTau.storage.withUnsafeMutableBufferPointer { g in
            for r in 0..<q { for c in 0..<q { g[r * q + c] += weight * (ws.s[r * q + c] - ws.sVector[r] * ws.sVector[c]) } }
        }
        for c in 0..<p { ws.residual[c] = -gamma[c] }
        for r in 0..<q { ws.residual[p + r] = -ws.uHat[r] }
        ws.residual[k - 1] = 1
        for hIndex in 0..<h {
            let ah = ws.ah + hIndex * qq
            ws.randomEffectsBlock(hIndex, into: ah)
            SmallMatrix.multiply(q, q, q, ws.kMatrix, ah, into: ws.kah + hIndex * qq)
            // b'G_h b without its fixed part gamma'G_h[xx] gamma (added once, over all units): with the narrow
            // rows a = z, y, sum_a b_a (2 G[a, x] b_x + G[a, zy] b_zy).
            var quadratic = 0.0
            let narrow = ws.moments + hIndex * ws.layout.narrowCount
            for a in 0...q {
                let row = narrow + a * k
                var fixedPart = 0.0, rest = 0.0
                for c in 0..<p { fixedPart += row[c] * ws.residual[c] }
                for c in p..<k { rest += row[c] * ws.residual[c] }
                quadratic += ws.residual[p + a] * (2 * fixedPart + rest)
            }
            gradientAlpha[hIndex] += weight * (likelihood.design.level1.varianceSums[j * h + hIndex] - quadratic
                - SmallMatrix.traceOfProduct(q, ws.kMatrix, ah))
            SmallMatrix.multiply(q, q, q, ah, ws.b, into: ws.t1)
            if weight != 1 { for t in 0..<qq { ws.t1[t] *= weight } }
            tauAlpha[hIndex].storage.withUnsafeMutableBufferPointer { out in
                SmallMatrix.multiply(q, q, q, ws.b, transposeA: true, ws.t1, into: out.baseAddress!, beta: 1)
            }
        }
        fourth.withUnsafeMutableBufferPointer { out in
            for i1 in 0..<qq { for i2 in 0..<qq { out[i1 * qq + i2] += weight * ws.s[i1] * ws.s[i2] } }
        }
        var pair = 0
        for h1 in 0..<h {
            for h2 in h1..<h {
                // tr(K Q_hl[zz]) from the stored entries of Q_hl.
                var traceKQ = 0.0
                for r in 0..<q {
                    for c in 0..<q {
                        traceKQ += ws.kMatrix[r * q + c] * secondOrderZ(ws, pair: pair, c, r)
                    }
                }
                let value = weight * (likelihood.design.level1.varianceCrossSums[j * h * (h + 1) / 2 + pair]
                    - 2 * traceKQ + SmallMatrix.traceOfProduct(q, ws.kah + h1 * qq, ws.kah + h2 * qq))
                alphaAlpha[h1, h2] += value
                if h1 != h2 { alphaAlpha[h2, h1] += value }
                pair += 1
            }
        }
        reml?.add(ws)
    }

    /// Entry (r, c) of the z block of Q_pair in the workspace's moments.
    @inline(__always)
    private func secondOrderZ(_ ws: UnitWorkspace, pair: Int, _ r: Int, _ c: Int) -> Double {
        let base = ws.moments + ws.orders * ws.layout.narrowCount + pair * ws.pairWidth
        let (a, b) = r <= c ? (r, c) : (c, r)
        if ws.request.secondOrder == .randomEffects { return base[a * q - a * (a - 1) / 2 + (b - a)] }
        return base[ws.layout.index(p + a, p + b)]
    }

    mutating func merge(_ other: DerivativeSums) {
        gradientTau.add(other.gradientTau, scale: 1)
        for i in gradientAlpha.indices { gradientAlpha[i] += other.gradientAlpha[i] }
        for i in fourth.indices { fourth[i] += other.fourth[i] }
        for i in tauAlpha.indices { tauAlpha[i].add(other.tauAlpha[i], scale: 1) }
        alphaAlpha.add(other.alphaAlpha, scale: 1)
        if let theirs = other.reml { reml?.merge(theirs) }
    }
}
