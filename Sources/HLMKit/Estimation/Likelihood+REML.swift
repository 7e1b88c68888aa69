/// The REML terms of the gradient and expected information (Harville 1977): with
/// P = V^-1 - V^-1 X Phi^-1 X'V^-1, the REML criterion's gradient is tr(P V_a) - e'V^-1 V_a V^-1 e and its
/// expected information tr(P V_a P V_b) =
///   F_ab - 2 tr(Phi^-1 Omega_ab) + tr(Phi^-1 Psi_a Phi^-1 Psi_b),
/// Psi_a = sum_j X'V^-1 V_a V^-1 X, Omega_ab = sum_j X'V^-1 V_a V^-1 V_b V^-1 X; the gradient adds
/// -tr(Phi^-1 Psi_a).
///
/// Per unit with H = X'V^-1 Z = S_xz B, N = H'Phi^-1 H, Xt = V-adjusted X whose v-coefficients are
/// E = [I; -K S_zx; 0] (so X'V^-1 = Xt'W), P_h = G_h[z, :] E and R_h = B'P_h = Z'V^-1 D C_h V^-1 X:
/// - Psi(tau_a) = H E_a H', Psi(alpha_h) = E'G_h E;
/// - tr Phi^-1 Omega(tau_a, tau_b) = tr(E_a S E_b N); tr Phi^-1 Omega(tau_a, alpha_h) = tr(E_a R_h Phi^-1 H);
/// - Omega(alpha_h, alpha_l) = E'Q_hl E - P_h'K P_l.
struct REMLTerms {
    let p: Int, q: Int, h: Int
    let phiInverse: Matrix
    let entries: [[(Int, Int)]]
    var sumN: Matrix
    var psiTau: [Matrix]
    var psiAlpha: [Matrix]
    var kroneckerSN: [Double]
    var tauAlpha: [Matrix]
    var alphaAlpha: Matrix

    init(design: ModelDesign, phiInverse: Matrix) {
        p = design.fixedCount
        q = design.randomCount
        h = design.varianceCount
        self.phiInverse = phiInverse
        entries = CovarianceParameters.tauEntries(q)
        sumN = Matrix(rows: q, columns: q)
        psiTau = Array(repeating: Matrix(rows: p, columns: p), count: entries.count)
        psiAlpha = Array(repeating: Matrix(rows: p, columns: p), count: h)
        kroneckerSN = Array(repeating: 0, count: q * q * q * q)
        tauAlpha = Array(repeating: Matrix(rows: q, columns: q), count: h)
        alphaAlpha = Matrix(rows: h, columns: h)
    }

    mutating func add(szx: Matrix, k: Matrix, b: Matrix, s: Matrix, moments: UnitMoments) {
        let k1 = p + q + 1
        let hMatrix = szx.transposed * b
        let w = phiInverse * hMatrix
        let n = hMatrix.transposeTimes(w)
        sumN.add(n, scale: 1)
        for (a, e) in entries.enumerated() {
            for (x, y) in e {
                for r in 0..<p { for c in 0..<p { psiTau[a][r, c] += hMatrix[r, x] * hMatrix[c, y] } }
            }
        }
        addKronecker(&kroneckerSN, s, n)
        var eMatrix = Matrix(rows: k1, columns: p)
        let kszx = k * szx
        for c in 0..<p {
            eMatrix[c, c] = 1
            for r in 0..<q { eMatrix[p + r, c] = -kszx[r, c] }
        }
        let pH = (0..<h).map { moments.g[$0].block(p..<(p + q), 0..<k1) * eMatrix }
        for hIndex in 0..<h {
            psiAlpha[hIndex].add(eMatrix.transposeTimes(moments.g[hIndex] * eMatrix), scale: 1)
            tauAlpha[hIndex].add(b.transposeTimes(pH[hIndex]) * w, scale: 1)
        }
        var index = 0
        for h1 in 0..<h {
            for h2 in h1..<h {
                let omega = eMatrix.transposeTimes(moments.secondOrder[index] * eMatrix)
                    - pH[h1].transposeTimes(k * pH[h2])
                let value = phiInverse.traceOfProduct(omega)
                alphaAlpha[h1, h2] += value
                if h1 != h2 { alphaAlpha[h2, h1] += value }
                index += 1
            }
        }
    }

    /// Adds another range's sums.
    mutating func merge(_ other: REMLTerms) {
        sumN.add(other.sumN, scale: 1)
        for i in psiTau.indices { psiTau[i].add(other.psiTau[i], scale: 1) }
        for i in psiAlpha.indices { psiAlpha[i].add(other.psiAlpha[i], scale: 1) }
        for i in kroneckerSN.indices { kroneckerSN[i] += other.kroneckerSN[i] }
        for i in tauAlpha.indices { tauAlpha[i].add(other.tauAlpha[i], scale: 1) }
        alphaAlpha.add(other.alphaAlpha, scale: 1)
    }

    /// -tr(Phi^-1 Psi_a) for every natural parameter (vech Tau, alpha).
    func gradientCorrection() -> [Double] {
        let tau = entries.map { e in -e.reduce(0.0) { $0 + sumN[$1.1, $1.0] } }
        return tau + psiAlpha.map { -phiInverse.traceOfProduct($0) }
    }

    /// -2 tr(Phi^-1 Omega_ab) + tr(Phi^-1 Psi_a Phi^-1 Psi_b) over (vech Tau, alpha).
    func informationCorrection() -> Matrix {
        let scaledPsi = (psiTau + psiAlpha).map { phiInverse * $0 }
        let t = entries.count, m = t + h
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
                correction[a, b] = -2 * omega + scaledPsi[a].traceOfProduct(scaledPsi[b])
            }
        }
        return correction
    }
}
