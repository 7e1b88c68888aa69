import HLMPlatform

extension ThreeLevelLikelihood {
    /// The random effects' conditional modes (posterior means; lme4's `ranef`) at x = (theta, alpha) and gamma:
    /// r_j for every level-2 unit (q2 values each) and u_k for every level-3 unit (q3 values each).
    ///
    /// Back-substitution through the elimination of `evaluate`: in level-3 unit k, the absorbed moments S (over
    /// Z3 Lb, X, y) give (S_33 + I) v_k = S_3y - S_3x gamma and u_k = Lb v_k; then in level-2 unit j,
    /// (Lp'M_22 Lp + I) w_j = Lp'(M_2y - M_2x gamma - M_23 Lb v_k) and r_j = Lp w_j. Nil when a factorisation fails.
    func conditionalModes(_ x: [Double], gamma: [Double]) -> (level2: [[Double]], level3: [[Double]])? {
        let w = design.width, p = design.fixedCount, q2 = design.level2Count, q3 = design.level3Count
        let (lp, lb) = factors(x)
        var moments = self.moments
        if design.varianceCount > 0 {
            let m = design.varianceCount, alpha = Array(x[thetaCount...])
            moments = Self.moments(design, weights: (0..<design.rowCount).map { i in
                exp(-(0..<m).reduce(0) { $0 + design.varianceRows[i * m + $1] * alpha[$1] })
            })
        }
        // The unit's moments with Z2 -> Z2 Lp and Z3 -> Z3 Lb, as a Matrix over (z2, z3, x, y).
        func transformed(_ j: Int) -> Matrix {
            var unit = Matrix(rows: w, columns: w)
            for index in 0..<(w * w) { unit.storage[index] = moments[j * w * w + index] }
            let d = Self.blockFactor(order: w, lp, lb)
            return d.transposed * unit * d
        }
        var level2 = [[Double]](repeating: [], count: design.level2UnitCount), level3 = [[Double]]()
        for k in 0..<design.level3UnitCount {
            // S over (z3, x, y): the sum of the level-2 units' Schur complements.
            var s = Matrix(rows: w - q2, columns: w - q2)
            var units = [(j: Int, m: Matrix, factor: Cholesky)]()
            for j in design.level2Units(of: k) {
                let m = transformed(j)
                var a = m.block(0..<q2, 0..<q2)
                for c in 0..<q2 { a[c, c] += 1 }
                guard let factor = Cholesky(a) else { return nil }
                let cross = factor.solveLower(m.block(0..<q2, q2..<w))
                s.add(m.block(q2..<w, q2..<w) - cross.transposeTimes(cross), scale: 1)
                units.append((j, m, factor))
            }
            var a3 = s.block(0..<q3, 0..<q3)
            for c in 0..<q3 { a3[c, c] += 1 }
            guard let factor3 = Cholesky(a3) else { return nil }
            let rhs3 = (0..<q3).map { r in s[r, q3 + p] - (0..<p).reduce(0) { $0 + s[r, q3 + $1] * gamma[$1] } }
            let v = factor3.solve(rhs3)
            level3.append(lb * v)
            for (j, m, factor) in units {
                let rhs = (0..<q2).map { r in
                    m[r, w - 1] - (0..<p).reduce(0) { $0 + m[r, q2 + q3 + $1] * gamma[$1] }
                        - (0..<q3).reduce(0) { $0 + m[r, q2 + $1] * v[$1] }
                }
                level2[j] = lp * factor.solve(rhs)
            }
        }
        return (level2, level3)
    }

    /// blockdiag(Lp, Lb, I_p, 1), the map from spherical to original random effects in the moment order.
    private static func blockFactor(order w: Int, _ lp: Matrix, _ lb: Matrix) -> Matrix {
        var d = Matrix.identity(w)
        for r in 0..<lp.rows { for c in 0..<lp.columns { d[r, c] = lp[r, c] } }
        for r in 0..<lb.rows { for c in 0..<lb.columns { d[lp.rows + r, lp.rows + c] = lb[r, c] } }
        return d
    }
}
