/// The REML terms of the gradient and expected information (Harville 1977): with
/// P = V^-1 - V^-1 X Phi^-1 X'V^-1 and C = Phi^-1, the REML criterion's gradient is tr(P V_a) - e'V^-1 V_a V^-1 e
/// and its expected information tr(P V_a P V_b) =
///   F_ab - 2 tr(C Omega_ab) + tr(C Psi_a C Psi_b),
/// Psi_a = sum_j X'V^-1 V_a V^-1 X, Omega_ab = sum_j X'V^-1 V_a V^-1 V_b V^-1 X; the gradient adds -tr(C Psi_a).
///
/// Per unit with S_zx = Z'WX, H = X'V^-1 Z = S_xz B, P = K S_zx (so X'V^-1 = X'W - P'Z'W), F = C S_xz and
/// pH_h = G_h[zx] - G_h[zz] P (the z rows of G_h times E = [I; -P; 0]):
/// - C Psi(tau_a) = sum_j (F B) E_a H'; C Psi(alpha_h) = C G_h[xx] - sum_j [C G_h[xz] P + (F K) pH_h];
/// - tr C Omega(tau_a, tau_b) = tr(E_a S E_b N), N = H'C H; tr C Omega(tau_a, alpha_h) = tr(E_a B'pH_h C H);
/// - tr C Omega(alpha_h, alpha_l) = tr(C Q_hl[xx]) - 2 tr(P C Q_hl[xz]) + tr(Q_hl[zz] P C P') - tr(K pH_l C pH_h').
/// Everything per unit is p x q (C applied by Cholesky solves, p^2 q, made for a whole range of units at once
/// by `solveFixedParts`) or a rank-q update of a p x p sum; the fixed blocks G_h[xx], Q_hl[xx] enter once,
/// summed over units. For h = 0, C G_0[xx] = I + sum_j (F K) S_zx
/// (Phi = G_0[xx] - sum_j S_xz K S_zx), and Q_0l = G_l because c_i0 = 1: no p x p solve for a homogeneous model.
struct REMLTerms {
    let p: Int, q: Int, h: Int
    let phiFactor: Cholesky
    let entries: [[(Int, Int)]]
    var sumN: Matrix
    var kroneckerSN: [Double]
    var tauAlpha: [Matrix]
    var alphaAlpha: Matrix
    /// C Psi_a for (vech Tau, alpha) without the fixed blocks' C G_h[xx] (p x p, row-major).
    var scaledPsi: [OuterProductSum]
    /// sum_j tr((F K) S_zx) = tr(C G_0[xx]) - p.
    var traceG0 = 0.0
    /// Room for one unit's q x p matrices, (6 + 4(H + 1)) q p numbers, and its q x q N and S (see `add`).
    private let scratch: REMLScratch
    /// The next unit of the range that `add` takes, the index into `scratch.solved`.
    private var cursor = 0

    init(design: ModelDesign, phiFactor: Cholesky) {
        p = design.fixedCount
        q = design.randomCount
        h = design.varianceCount
        self.phiFactor = phiFactor
        entries = CovarianceParameters.tauEntries(q)
        sumN = Matrix(rows: q, columns: q)
        kroneckerSN = Array(repeating: 0, count: q * q * q * q)
        tauAlpha = Array(repeating: Matrix(rows: q, columns: q), count: h)
        alphaAlpha = Matrix(rows: h, columns: h)
        scaledPsi = Array(repeating: OuterProductSum(order: design.fixedCount), count: entries.count + h)
        scratch = REMLScratch(count: (6 + 4 * h) * q * p + 2 * q * q)
    }

    /// C S_xz and C G_h[xz] (h = 1 ... H; for h = 0, G_0[xz] = S_xz) of every unit of a range, as q rows of p
    /// numbers per (unit, order), into `scratch.solved`, by one solve with all of them as right-hand sides
    /// (`Cholesky.solve(_:)`, the same arithmetic as one solve per vector): one pass over the factor of Phi
    /// instead of one per vector (at p = 1,000 the factor is 8 MB, and each pass streamed it from memory).
    /// `moments(local)` gives unit `local`'s moments (`UnitWorkspace.moments`' layout), `units` of them, to be
    /// added by `add` in that order.
    mutating func solveFixedParts(units: Int, narrow: Int, k: Int, moments: (Int) -> UnsafePointer<Double>) {
        let (p, q, h) = (self.p, self.q, self.h), columns = units * h * q
        var rightHandSides = Matrix(rows: p, columns: columns)
        rightHandSides.storage.withUnsafeMutableBufferPointer { b in
            for local in 0..<units {
                let unit = moments(local)
                for order in 0..<h {
                    for u in 0..<q {
                        let column = (local * h + order) * q + u, row = unit + order * narrow + u * k
                        for r in 0..<p { b[r * columns + column] = row[r] }
                    }
                }
            }
        }
        let solved = phiFactor.solve(rightHandSides)
        let out = scratch.reserveSolved(columns * p)
        for column in 0..<columns { for r in 0..<p { out[column * p + r] = solved.storage[r * columns + column] } }
        cursor = 0
    }

    /// Adds the range's next unit (see `solveFixedParts`) from its moments in `ws` (narrow G_h, all of Q_hl's
    /// narrow blocks), K, B and S there.
    mutating func add(_ ws: UnitWorkspace) {
        let (p, q, k) = (self.p, self.q, ws.k)
        let narrow = ws.layout.narrowCount, kk = ws.kMatrix, bb = ws.b
        // q x p matrices, by rows: S_zx, F' = (C S_xz)', H' = B'S_zx, (F B)', P = K S_zx, (F K)'; then per order
        // (C G_h[xz])', pH_h, (C pH_h')' and the row factor of C Psi(alpha_h).
        let thin = scratch.memory, size = q * p
        let (szx, f, ht, wt, pm, fk) = (thin, thin + size, thin + 2 * size, thin + 3 * size, thin + 4 * size,
                                        thin + 5 * size)
        let solved = scratch.solved! + cursor * h * size
        cursor += 1
        for u in 0..<q { for r in 0..<p { szx[u * p + r] = ws.moments[u * k + r] } }
        f.update(from: solved, count: size)
        combine(bb, transpose: true, szx, into: ht)
        combine(bb, transpose: true, f, into: wt)
        combine(kk, transpose: false, szx, into: pm)
        combine(kk, transpose: false, f, into: fk)
        let n = thin + (6 + 4 * h) * size
        for a in 0..<q { for b in 0..<q { n[a * q + b] = rowDot(ht, a, wt, b) } }
        sumN.storage.withUnsafeMutableBufferPointer { sum in for t in 0..<(q * q) { sum[t] += n[t] } }
        kroneckerSN.withUnsafeMutableBufferPointer { out in
            let qq = q * q
            for i1 in 0..<qq { for i2 in 0..<qq { out[i1 * qq + i2] += ws.s[i1] * n[i2] } }
        }
        for (a, e) in entries.enumerated() {
            for (x, y) in e { scaledPsi[a].add(wt + x * p, ht + y * p) }
        }
        for u in 0..<q { traceG0 += rowDot(fk, u, szx, u) }
        let perOrder = thin + 6 * size
        for order in 0..<h {
            let base = ws.moments + order * narrow
            let cgxz = perOrder + 4 * order * size, ph = cgxz + size, cph = ph + size, second = cph + size
            // pH = G_h[zx] - G_h[zz] P and C pH' = C G_h[xz] - (F K) G_h[zz] (G_h[zz] symmetric).
            for u in 0..<q {
                for r in 0..<p {
                    var a = base[u * k + r], b = 0.0
                    for v in 0..<q {
                        a -= base[u * k + p + v] * pm[v * p + r]
                        b -= base[u * k + p + v] * fk[v * p + r]
                    }
                    ph[u * p + r] = a
                    cph[u * p + r] = b
                    // For h = 0, C Psi also gets + (F K) S_zx from C G_0[xx]: the factor is pH - S_zx.
                    second[u * p + r] = order == 0 ? a - szx[u * p + r] : a
                }
            }
            cgxz.update(from: solved + order * size, count: size)
            for t in 0..<size { cph[t] += cgxz[t] }
            for a in 0..<q {
                for b in 0..<q {
                    var value = 0.0
                    for u in 0..<q { value += bb[u * q + a] * rowDot(ph, u, wt, b) }
                    tauAlpha[order][a, b] += value
                }
            }
            for u in 0..<q {
                scaledPsi[entries.count + order].add(cgxz + u * p, pm + u * p, scale: -1)
                scaledPsi[entries.count + order].add(fk + u * p, second + u * p, scale: -1)
            }
        }
        var pair = 0
        for h1 in 0..<h {
            for h2 in h1..<h {
                let base = ws.moments + ws.orders * narrow + pair * ws.pairWidth
                let cph1 = perOrder + (4 * h1 + 2) * size, ph2 = perOrder + (4 * h2 + 1) * size
                var value = 0.0
                for u in 0..<q {
                    for r in 0..<p { value -= 2 * fk[u * p + r] * base[u * k + r] }
                    for v in 0..<q {
                        value += base[u * k + p + v] * rowDot(pm, v, fk, u) - kk[u * q + v] * rowDot(ph2, v, cph1, u)
                    }
                }
                alphaAlpha[h1, h2] += value
                if h1 != h2 { alphaAlpha[h2, h1] += value }
                pair += 1
            }
        }
    }

    /// sum_r a[u, r] b[v, r] for rows of p numbers.
    @inline(__always)
    private func rowDot(_ a: UnsafePointer<Double>, _ u: Int, _ b: UnsafePointer<Double>, _ v: Int) -> Double {
        var sum = 0.0
        for r in 0..<p { sum += a[u * p + r] * b[v * p + r] }
        return sum
    }

    /// Rows of M X (or M'X) for q x q M and q rows X of p numbers.
    private func combine(_ m: UnsafePointer<Double>, transpose: Bool, _ x: UnsafePointer<Double>,
                         into out: UnsafeMutablePointer<Double>) {
        out.update(repeating: 0, count: q * p)
        for u in 0..<q {
            for v in 0..<q {
                let factor = transpose ? m[v * q + u] : m[u * q + v]
                guard factor != 0 else { continue }
                for r in 0..<p { out[u * p + r] += factor * x[v * p + r] }
            }
        }
    }

    /// Adds another range's sums.
    mutating func merge(_ other: REMLTerms) {
        sumN.add(other.sumN, scale: 1)
        for i in kroneckerSN.indices { kroneckerSN[i] += other.kroneckerSN[i] }
        for i in tauAlpha.indices { tauAlpha[i].add(other.tauAlpha[i], scale: 1) }
        alphaAlpha.add(other.alphaAlpha, scale: 1)
        for i in scaledPsi.indices { scaledPsi[i].merge(other.scaledPsi[i]) }
        traceG0 += other.traceG0
    }

    /// The gradient's and the information's REML corrections, from the merged sums and the fixed blocks
    /// `fixed` (`UnitWorkspace.fixedMoments` of the derivative request): -tr(C Psi_a) for every natural
    /// parameter (vech Tau, alpha), and -2 tr(C Omega_ab) + tr(C Psi_a C Psi_b).
    mutating func corrections(fixed: [Double]) -> (gradient: [Double], information: Matrix) {
        let t = entries.count, m = t + h
        let tri = p * (p + 1) / 2
        let packing = TrianglePacking(order: p)
        // C G_h[xx] (h >= 1) and C Q_hl[xx] (h, l >= 1) by solves: only heterogeneous models need them.
        func scaledFixed(_ block: Int) -> Matrix {
            fixed.withUnsafeBufferPointer { phiFactor.solve(packing.expand($0.baseAddress! + block * tri)) }
        }
        var psi = scaledPsi.map { sum -> Matrix in
            var sum = sum
            var matrix = Matrix(rows: p, columns: p)
            matrix.storage = sum.total()
            return matrix
        }
        for r in 0..<p { psi[t][r, r] += 1 }
        var fixedTraces = [Double](repeating: 0, count: h)
        fixedTraces[0] = Double(p) + traceG0
        for order in 1..<max(h, 1) {
            let scaled = scaledFixed(order)
            psi[t + order].add(scaled, scale: 1)
            fixedTraces[order] = scaled.trace
        }
        var pair = 0
        for h1 in 0..<h {
            for h2 in h1..<h {
                let value = h1 == 0 ? fixedTraces[h2] : scaledFixed(h + pair).trace
                alphaAlpha[h1, h2] += value
                if h1 != h2 { alphaAlpha[h2, h1] += value }
                pair += 1
            }
        }
        let tau = entries.map { e in -e.reduce(0.0) { $0 + sumN[$1.1, $1.0] } }
        let gradient = tau + (0..<h).map { -psi[t + $0].trace }
        var correction = Matrix(rows: m, columns: m)
        for a in 0..<m {
            for b in 0..<m {
                let omega: Double
                switch (a < t, b < t) {
                case (true, true): omega = kroneckerTrace(kroneckerSN, q, entries[a], entries[b])
                case (true, false): omega = entries[a].reduce(0.0) { $0 + tauAlpha[b - t][$1.1, $1.0] }
                case (false, true): omega = entries[b].reduce(0.0) { $0 + tauAlpha[a - t][$1.1, $1.0] }
                case (false, false): omega = alphaAlpha[a - t, b - t]
                }
                correction[a, b] = -2 * omega + psi[a].traceOfProduct(psi[b])
            }
        }
        return (gradient, correction)
    }
}

/// Scratch memory of `REMLTerms`, allocated once per range of units, and the range's solves
/// (`REMLTerms.solveFixedParts`).
final class REMLScratch {
    let memory: UnsafeMutablePointer<Double>
    /// C S_xz and C G_h[xz] of each unit of the range.
    private(set) var solved: UnsafeMutablePointer<Double>?

    init(count: Int) {
        memory = .allocate(capacity: max(count, 1))
        memory.initialize(repeating: 0, count: max(count, 1))
    }

    /// `solved`, with room for `count` numbers (uninitialised).
    func reserveSolved(_ count: Int) -> UnsafeMutablePointer<Double> {
        solved?.deallocate()
        let out = UnsafeMutablePointer<Double>.allocate(capacity: max(count, 1))
        solved = out
        return out
    }

    deinit {
        memory.deallocate()
        solved?.deallocate()
    }
}
