import HLMPlatform

extension ThreeLevelLikelihood {
    /// The random effects' conditional modes (posterior means; lme4's `ranef`) at x = (theta, alpha) and gamma:
    /// r_j for every level-2 unit (q2 values each) and u_k for every level-3 unit (q3 values each).
    ///
    /// Back-substitution through the elimination of `evaluate`, with g = (-gamma, 1) and the factors of
    /// `ThreeLevelWorkspace.factor`: in level-3 unit k, u_k = Lb (I + Lb'S_33 Lb)^-1 Lb'(S_3y - S_3x gamma) = F S_3,xy g;
    /// then in level-2 unit j, r_j = Lp A_j^-1 Lp'(M_j,2y - M_j,2x gamma - M_j,23 u_k)
    /// = Lp L_j^-T (half_j,xy g - half_j,3 u_k). Nil when a factorisation fails.
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
        let g = gamma.map { -$0 } + [1], ox = q2 + q3
        let largest = (0..<design.level3UnitCount).map { design.level2Units(of: $0).count }.max() ?? 0
        let workspace = ThreeLevelWorkspace(w: w, p: p, q2: q2, q3: q3, m: 0, largestUnit: largest)
        var level2 = [[Double]](repeating: [], count: design.level2UnitCount), level3 = [[Double]]()
        var u = [Double](repeating: 0, count: q3), r = [Double](repeating: 0, count: q2)
        let factored: Bool = moments.withUnsafeBufferPointer { moments in
            lp.storage.withUnsafeBufferPointer { lpBuffer in
                lb.storage.withUnsafeBufferPointer { lbBuffer in
                    for k in 0..<design.level3UnitCount {
                        let units = design.level2Units(of: k)
                        guard workspace.factor(units, moments: moments.baseAddress!, lp: lpBuffer.baseAddress!,
                                               lb: lbBuffer.baseAddress!) else { return false }
                        for a in 0..<q3 {
                            var sum = 0.0
                            for c in 0...p { sum += workspace.fs[a * w + ox + c] * g[c] }
                            u[a] = sum
                        }
                        level3.append(u)
                        for (index, j) in units.enumerated() {
                            let half = workspace.halves + index * q2 * w, l = workspace.factors + index * q2 * q2
                            for a in 0..<q2 {
                                var sum = 0.0
                                for c in 0...p { sum += half[a * w + ox + c] * g[c] }
                                for c in 0..<q3 { sum -= half[a * w + q2 + c] * u[c] }
                                workspace.v1[a] = sum
                            }
                            SmallMatrix.backSolve(q2, 1, l, workspace.v1)
                            for a in 0..<q2 {
                                var sum = 0.0
                                for t in 0...a { sum += lpBuffer[a * q2 + t] * workspace.v1[t] }
                                r[a] = sum
                            }
                            level2[j] = r
                        }
                    }
                    return true
                }
            }
        }
        return factored ? (level2, level3) : nil
    }
}
