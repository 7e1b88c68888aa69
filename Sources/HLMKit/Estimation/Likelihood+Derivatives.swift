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
                sums.add(units: units, stored: store.baseAddress!, gamma: gamma, level1: design.level1,
                         workspace: workspace)
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
    /// The sums in one array, so that a range of units adds to them through one pointer: d d / dT (q x q),
    /// d d / d alpha (H + 1), S (x) S (q^4), sum B'A_h B per order (q x q each), then the alpha block
    /// ((H + 1) x (H + 1)); see `Offsets`.
    private var sums: [Double]
    var reml: REMLTerms?

    /// Where each sum starts in `sums`.
    private struct Offsets {
        let gradientAlpha: Int, fourth: Int, tauAlpha: Int, alphaAlpha: Int, count: Int

        init(q: Int, h: Int) {
            gradientAlpha = q * q
            fourth = gradientAlpha + h
            tauAlpha = fourth + q * q * q * q
            alphaAlpha = tauAlpha + h * q * q
            count = alphaAlpha + h * h
        }
    }

    private var offsets: Offsets { Offsets(q: q, h: h) }

    init(design: ModelDesign, phiFactor: Cholesky?) {
        p = design.fixedCount
        q = design.randomCount
        h = design.varianceCount
        sums = [Double](repeating: 0, count: Offsets(q: q, h: h).count)
        reml = phiFactor.map { REMLTerms(design: design, phiFactor: $0) }
    }

    var gradientTau: Matrix { matrix(at: 0, order: q) }
    var gradientAlpha: [Double] { Array(sums[offsets.gradientAlpha..<offsets.fourth]) }
    var fourth: [Double] { Array(sums[offsets.fourth..<offsets.tauAlpha]) }
    var tauAlpha: [Matrix] { (0..<h).map { matrix(at: offsets.tauAlpha + $0 * q * q, order: q) } }
    var alphaAlpha: Matrix { matrix(at: offsets.alphaAlpha, order: h) }

    private func matrix(at start: Int, order n: Int) -> Matrix {
        var matrix = Matrix(rows: n, columns: n)
        matrix.storage = Array(sums[start..<(start + n * n)])
        return matrix
    }

    /// Adds the units `units`, whose moments and posterior covariance K are at `stored` in unit order
    /// (`UnitWorkspace.storedCount` numbers each, see `Likelihood.UnitPass.store`), using `ws`'s scratch.
    mutating func add(units: Range<Int>, stored: UnsafePointer<Double>, gamma: [Double], level1: Level1Model,
                      workspace ws: UnitWorkspace) {
        let (p, h, offsets) = (p, h, offsets)
        let compactPairs = ws.request.secondOrder == .randomEffects
        // Moved out while the sums are written through a pointer, so that the two accesses do not overlap.
        var reml = self.reml
        self.reml = nil
        defer { self.reml = reml }
        let unitWeights = level1.rowWeights?.unitWeights
        gamma.withUnsafeBufferPointer { gamma in
            level1.varianceSums.withUnsafeBufferPointer { varianceSums in
                level1.varianceCrossSums.withUnsafeBufferPointer { crossSums in
                    sums.withUnsafeMutableBufferPointer { sums in
                        func addUnits<Q: SmallOrder>(_ q: Q) {
                            for (local, j) in units.enumerated() {
                                let unit = stored + local * ws.storedCount
                                ws.moments.update(from: unit, count: ws.momentCount)
                                ws.kMatrix.update(from: unit + ws.momentCount, count: q.n * q.n)
                                // A level-2 design weight b_j multiplies the unit's every term (1 without
                                // weights).
                                Self.add(unit: j, p: p, q: q, h: h, weight: unitWeights?[j] ?? 1,
                                         gamma: gamma.baseAddress!, varianceSums: varianceSums.baseAddress!,
                                         crossSums: crossSums.baseAddress!, compactPairs: compactPairs,
                                         workspace: ws, into: sums.baseAddress!, offsets)
                                reml?.add(ws)
                            }
                        }
                        switch q {
                        case 1: addUnits(OrderOne())
                        case 2: addUnits(OrderTwo())
                        default: addUnits(AnyOrder(n: q))
                        }
                    }
                }
            }
        }
    }

    /// Adds unit j, whose moments are in `ws.moments` and posterior covariance K in `ws.kMatrix`, to `out`
    /// (laid out by `offsets`), with weight b_j. Q_hl's stored entries are its z block's upper triangle when
    /// `compactPairs` (`MomentRequest.SecondOrder.randomEffects`), else its narrow block. `order` is q (see
    /// `SmallOrder`).
    private static func add<Q: SmallOrder>(unit j: Int, p: Int, q order: Q, h: Int, weight: Double,
                                           gamma: UnsafePointer<Double>, varianceSums: UnsafePointer<Double>,
                                           crossSums: UnsafePointer<Double>, compactPairs: Bool,
                                           workspace ws: UnitWorkspace, into out: UnsafeMutablePointer<Double>,
                                           _ offsets: Offsets) {
        let q = order.n, k = p + q + 1, qq = q * q, narrow = (q + 1) * k
        let (kk, a, b, s, sVector, residual) = (ws.kMatrix, ws.a, ws.b, ws.s, ws.sVector, ws.residual)
        let gradientTau = out, gradientAlpha = out + offsets.gradientAlpha, fourth = out + offsets.fourth
        let tauAlpha = out + offsets.tauAlpha, alphaAlpha = out + offsets.alphaAlpha
        ws.randomEffectsBlock(0, q: q, into: a)
        ws.posteriorMean(q: q, gamma: gamma)
        // B = I - K A, s = B' Z'W e, S = A B.
        SmallMatrix.multiply(q, q, q, kk, a, into: b)
        for r in 0..<q { for c in 0..<q { b[r * q + c] = (r == c ? 1 : 0) - b[r * q + c] } }
        SmallMatrix.multiply(q, 1, q, b, transposeA: true, ws.zWe, into: sVector)
        SmallMatrix.multiply(q, q, q, a, b, into: s)
        for r in 0..<q {
            for c in 0..<q { gradientTau[r * q + c] += weight * (s[r * q + c] - sVector[r] * sVector[c]) }
        }
        for c in 0..<p { residual[c] = -gamma[c] }
        for r in 0..<q { residual[p + r] = -ws.uHat[r] }
        residual[k - 1] = 1
        for hIndex in 0..<h {
            let ah = ws.ah + hIndex * qq
            ws.randomEffectsBlock(hIndex, q: q, into: ah)
            SmallMatrix.multiply(q, q, q, kk, ah, into: ws.kah + hIndex * qq)
            // b'G_h b without its fixed part gamma'G_h[xx] gamma (added once, over all units): with the narrow
            // rows a = z, y, sum_a b_a (2 G[a, x] b_x + G[a, zy] b_zy).
            var quadratic = 0.0
            let moments = ws.moments + hIndex * narrow
            for a in 0...q {
                let row = moments + a * k
                var fixedPart = 0.0, rest = 0.0
                for c in 0..<p { fixedPart += row[c] * residual[c] }
                for c in p..<k { rest += row[c] * residual[c] }
                quadratic += residual[p + a] * (2 * fixedPart + rest)
            }
            gradientAlpha[hIndex] += weight * (varianceSums[j * h + hIndex] - quadratic
                - SmallMatrix.traceOfProduct(q, kk, ah))
            SmallMatrix.multiply(q, q, q, ah, b, into: ws.t1)
            if weight != 1 { for t in 0..<qq { ws.t1[t] *= weight } }
            SmallMatrix.multiply(q, q, q, b, transposeA: true, ws.t1, into: tauAlpha + hIndex * qq, beta: 1)
        }
        for i1 in 0..<qq { for i2 in 0..<qq { fourth[i1 * qq + i2] += weight * s[i1] * s[i2] } }
        var pair = 0
        for h1 in 0..<h {
            for h2 in h1..<h {
                // tr(K Q_hl[zz]) from the stored entries of Q_hl.
                let base = ws.moments + ws.orders * narrow + pair * ws.pairWidth
                var traceKQ = 0.0
                for r in 0..<q {
                    for c in 0..<q {
                        // Entry (c, r) of Q_hl's z block.
                        let (u, v) = c <= r ? (c, r) : (r, c)
                        let entry = compactPairs ? base[u * q - u * (u - 1) / 2 + (v - u)] : base[u * k + p + v]
                        traceKQ += kk[r * q + c] * entry
                    }
                }
                let value = weight * (crossSums[j * h * (h + 1) / 2 + pair]
                    - 2 * traceKQ + SmallMatrix.traceOfProduct(q, ws.kah + h1 * qq, ws.kah + h2 * qq))
                alphaAlpha[h1 * h + h2] += value
                if h1 != h2 { alphaAlpha[h2 * h + h1] += value }
                pair += 1
            }
        }
    }

    mutating func merge(_ other: DerivativeSums) {
        for i in sums.indices { sums[i] += other.sums[i] }
        if let theirs = other.reml { reml?.merge(theirs) }
    }
}
