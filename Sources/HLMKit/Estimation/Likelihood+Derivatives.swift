/// Exact gradient and expected information of the deviance (DESIGN.md, "Gradient" and "Expected information").
///
/// Per unit, with K = L M^-1 L', B = I - K A, S = Z'V^-1Z = A B, s = Z'V^-1 e = B'Z'W e, u_hat = K Z'W e,
/// b = [-gamma, -u_hat, 1] (so r_i = v_i'b), A_h = G_h[zz]:
/// - d d / dT = sum_j (S_j - s_j s_j') [REML: - sum_j H_j'Phi^-1 H_j, H_j = X_j'V_j^-1 Z_j = S_xz B];
/// - d d / d alpha_h = sum_j [sum_i c_ih - b'G_h b - tr(K A_h)]
///   [REML: - tr(Phi^-1 sum_j E'G_h E), E = [I; -K S_zx; 0], i.e. X'V^-1 D C_h V^-1 X];
/// - F(tau_a, tau_b) = sum_j tr(E_a S E_b S), F(tau_a, alpha_h) = sum_j tr(E_a B'A_h B),
///   F(alpha_h, alpha_l) = sum_j [sum_i c_ih c_il - 2 tr(K Q_hl) + tr(K A_h K A_l)].
/// The information is the full-ML one; under REML it serves as the scoring matrix (the gradient is exact).
extension Likelihood {
    func derivativesAt(_ theta: CovarianceParameters, gamma: [Double], phiFactor: Cholesky,
                       units: [UnitState]) -> (gradient: [Double], information: Matrix) {
        let p = design.fixedCount, q = design.randomCount, h = design.varianceCount
        let k = design.rowWidth
        let lt = theta.cholesky.transposed
        let zRange = p..<(p + q), xRange = 0..<p
        var gradientTau = Matrix(rows: q, columns: q)
        var gradientAlpha = [Double](repeating: 0, count: h)
        var psi = [Matrix](repeating: Matrix(rows: p, columns: p), count: method == .reml ? h : 0)
        var fourth = [Double](repeating: 0, count: q * q * q * q)
        var tauAlpha = [Matrix](repeating: Matrix(rows: q, columns: q), count: h)
        var alphaAlpha = Matrix(rows: h, columns: h)
        for (j, unit) in units.enumerated() {
            let g = unit.moments.g
            let a = g[0].block(zRange, zRange)
            let u = unit.factorM.solveLower(lt)
            let kMatrix = u.transposeTimes(u)
            let szx = g[0].block(zRange, xRange)
            let zWe = (0..<q).map { r in g[0][p + r, p + q] - dot((0..<p).map { szx[r, $0] }, gamma) }
            let uHat = kMatrix * zWe
            let b = Matrix.identity(q) - kMatrix * a
            let s = b.transposed * zWe
            let sMatrix = a * b
            for r in 0..<q { for c in 0..<q { gradientTau[r, c] += sMatrix[r, c] - s[r] * s[c] } }
            let residualWeights = gamma.map { -$0 } + uHat.map { -$0 } + [1]
            var eMatrix = Matrix(rows: k, columns: p)
            if method == .reml {
                let hj = szx.transposed * b
                let solved = phiFactor.solve(hj)
                gradientTau = gradientTau - hj.transposeTimes(solved)
                let kszx = kMatrix * szx
                for c in 0..<p {
                    eMatrix[c, c] = 1
                    for r in 0..<q { eMatrix[p + r, c] = -kszx[r, c] }
                }
            }
            var aH: [Matrix] = []
            for hIndex in 0..<h {
                let gh = g[hIndex]
                let ah = gh.block(zRange, zRange)
                aH.append(ah)
                gradientAlpha[hIndex] += varianceSums[j][hIndex] - dot(residualWeights, gh * residualWeights)
                    - kMatrix.traceOfProduct(ah)
                if method == .reml { psi[hIndex] = psi[hIndex] + eMatrix.transposeTimes(gh * eMatrix) }
                tauAlpha[hIndex] = tauAlpha[hIndex] + b.transposeTimes(ah * b)
            }
            for i1 in 0..<q { for i2 in 0..<q { for i3 in 0..<q { for i4 in 0..<q {
                fourth[((i1 * q + i2) * q + i3) * q + i4] += sMatrix[i1, i2] * sMatrix[i3, i4]
            } } } }
            var index = 0
            for h1 in 0..<h {
                let ka = kMatrix * aH[h1]
                for h2 in h1..<h {
                    let value = varianceCrossSums[j][index] - 2 * kMatrix.traceOfProduct(unit.moments.q2[index])
                        + ka.traceOfProduct(kMatrix * aH[h2])
                    alphaAlpha[h1, h2] += value
                    if h1 != h2 { alphaAlpha[h2, h1] += value }
                    index += 1
                }
            }
        }
        for hIndex in 0..<psi.count { gradientAlpha[hIndex] -= phiFactor.solve(psi[hIndex]).trace }
        return assemble(gradientTau: gradientTau, gradientAlpha: gradientAlpha, fourth: fourth,
                        tauAlpha: tauAlpha, alphaAlpha: alphaAlpha)
    }

    /// Maps the matrix-form derivatives onto the natural parameters (vech Tau, alpha). A symmetric
    /// perturbation of tau_ab is E = e_a e_b' + e_b e_a' (a != b) or e_a e_a', so
    /// d d / d tau_ab = sum over E's entries (x, y) of G[y, x], and
    /// tr(E_1 S E_2 S) = sum_{(x,y) in E_1, (u,v) in E_2} S_yu S_vx.
    private func assemble(gradientTau: Matrix, gradientAlpha: [Double], fourth: [Double], tauAlpha: [Matrix],
                          alphaAlpha: Matrix) -> (gradient: [Double], information: Matrix) {
        let q = design.randomCount, h = design.varianceCount
        let pairs = CovarianceParameters.lowerTriangle(q)
        let entries = pairs.map { pair -> [(Int, Int)] in
            pair.row == pair.column ? [(pair.row, pair.row)] : [(pair.row, pair.column), (pair.column, pair.row)]
        }
        var gradient = entries.map { e in e.reduce(0.0) { $0 + gradientTau[$1.1, $1.0] } }
        gradient += gradientAlpha
        let m = pairs.count + h
        var info = Matrix(rows: m, columns: m)
        for (i1, e1) in entries.enumerated() {
            for (i2, e2) in entries.enumerated() {
                var value = 0.0
                for (x, y) in e1 { for (u, v) in e2 { value += fourth[((y * q + u) * q + v) * q + x] } }
                info[i1, i2] = value
            }
            for hIndex in 0..<h {
                let value = e1.reduce(0.0) { $0 + tauAlpha[hIndex][$1.1, $1.0] }
                info[i1, pairs.count + hIndex] = value
                info[pairs.count + hIndex, i1] = value
            }
        }
        for h1 in 0..<h { for h2 in 0..<h { info[pairs.count + h1, pairs.count + h2] = alphaAlpha[h1, h2] } }
        return (gradient, info)
    }
}
