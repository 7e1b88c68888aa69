/// Exact gradient and expected information of the deviance (DESIGN.md, "Gradient" and "Expected information").
///
/// Per unit, with K = L M^-1 L', B = I - K A, S = Z'V^-1Z = A B, s = Z'V^-1 e = B'Z'W e, u_hat = K Z'W e,
/// b = [-gamma, -u_hat, 1] (so r_i = v_i'b), A_h = G_h[zz]:
/// - d d / dT = sum_j (S_j - s_j s_j');
/// - d d / d alpha_h = sum_j [sum_i c_ih - b'G_h b - tr(K A_h)];
/// - F(tau_a, tau_b) = sum_j tr(E_a S E_b S), F(tau_a, alpha_h) = sum_j tr(E_a B'A_h B),
///   F(alpha_h, alpha_l) = sum_j [sum_i c_ih c_il - 2 tr(K Q_hl[zz]) + tr(K A_h K A_l)],
/// with F_ab = sum_j tr(V_j^-1 V_a V_j^-1 V_b). REML adds the terms of `REMLTerms`.
extension Likelihood {
    func derivativesAt(_ theta: CovarianceParameters, gamma: [Double], phiFactor: Cholesky,
                       units: [UnitState]) -> (gradient: [Double], information: Matrix) {
        let phiInverse = method == .reml ? phiFactor.inverse() : nil
        let chunks = concurrentChunks(units.count) { range in
            var sums = DerivativeSums(design: design, phiInverse: phiInverse)
            for j in range { sums.add(unit: j, state: units[j], theta: theta, gamma: gamma, likelihood: self) }
            return sums
        }
        var total = DerivativeSums(design: design, phiInverse: phiInverse)
        for chunk in chunks { total.merge(chunk) }
        var information = assembleInformation(fourth: total.fourth, tauAlpha: total.tauAlpha,
                                              alphaAlpha: total.alphaAlpha)
        var gradient = tauGradient(total.gradientTau) + total.gradientAlpha
        if let reml = total.reml {
            information.add(reml.informationCorrection(), scale: 1)
            for (i, correction) in reml.gradientCorrection().enumerated() { gradient[i] += correction }
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

/// out[((i1 q + i2) q + i3) q + i4] += a[i1, i2] * b[i3, i4].
func addKronecker(_ out: inout [Double], _ a: Matrix, _ b: Matrix) {
    let q = a.rows
    for i1 in 0..<q { for i2 in 0..<q { for i3 in 0..<q { for i4 in 0..<q {
        out[((i1 * q + i2) * q + i3) * q + i4] += a[i1, i2] * b[i3, i4]
    } } } }
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

    init(design: ModelDesign, phiInverse: Matrix?) {
        p = design.fixedCount
        q = design.randomCount
        h = design.varianceCount
        gradientTau = Matrix(rows: q, columns: q)
        gradientAlpha = [Double](repeating: 0, count: h)
        fourth = [Double](repeating: 0, count: q * q * q * q)
        tauAlpha = [Matrix](repeating: Matrix(rows: q, columns: q), count: h)
        alphaAlpha = Matrix(rows: h, columns: h)
        reml = phiInverse.map { REMLTerms(design: design, phiInverse: $0) }
    }

    mutating func add(unit j: Int, state unit: Likelihood.UnitState, theta: CovarianceParameters, gamma: [Double],
                      likelihood: Likelihood) {
        let zRange = p..<(p + q), xRange = 0..<p
        let g = unit.moments.g
        let a = g[0].block(zRange, zRange)
        let u = unit.factorM.solveLower(theta.cholesky.transposed)
        let kMatrix = u.transposeTimes(u)
        let szx = g[0].block(zRange, xRange)
        let zWe = (0..<q).map { r in g[0][p + r, p + q] - dot((0..<p).map { szx[r, $0] }, gamma) }
        let uHat = kMatrix * zWe
        let b = Matrix.identity(q) - kMatrix * a
        let s = b.transposed * zWe
        let sMatrix = a * b
        for r in 0..<q { for c in 0..<q { gradientTau[r, c] += sMatrix[r, c] - s[r] * s[c] } }
        let residualWeights = gamma.map { -$0 } + uHat.map { -$0 } + [1]
        var aH: [Matrix] = []
        for hIndex in 0..<h {
            let gh = g[hIndex]
            let ah = gh.block(zRange, zRange)
            aH.append(ah)
            gradientAlpha[hIndex] += likelihood.varianceSums[j][hIndex] - dot(residualWeights, gh * residualWeights)
                - kMatrix.traceOfProduct(ah)
            tauAlpha[hIndex].add(b.transposeTimes(ah * b), scale: 1)
        }
        addKronecker(&fourth, sMatrix, sMatrix)
        var index = 0
        for h1 in 0..<h {
            let ka = kMatrix * aH[h1]
            for h2 in h1..<h {
                let qzz = unit.moments.secondOrder[index].block(zRange, zRange)
                let value = likelihood.varianceCrossSums[j][index] - 2 * kMatrix.traceOfProduct(qzz)
                    + ka.traceOfProduct(kMatrix * aH[h2])
                alphaAlpha[h1, h2] += value
                if h1 != h2 { alphaAlpha[h2, h1] += value }
                index += 1
            }
        }
        reml?.add(szx: szx, k: kMatrix, b: b, s: sMatrix, moments: unit.moments)
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
