/// One unit's random effects given the data at the final estimates, and its contribution to the score of gamma.
///
/// With W = D_j^-1, A = Z'WZ, M = I + L'AL = R'R and e = y - X gamma (DESIGN.md, "Everything per unit"):
/// - posterior covariance K = L M^-1 L' = (T^-1 + A)^-1 (computed without inverting T, so T may be singular);
/// - posterior mean (EB residual) u_hat = K Z'W e = T Z'V^-1 e;
/// - score X'V^-1 e = X'W e - X'WZ u_hat, since V^-1 = W - WZ K Z'W.
/// These are conditional on gamma_hat: K does not include the sampling variance of gamma_hat.
struct UnitPosterior {
    /// u_hat_j (q).
    var mean: [Double]
    /// K_j (q x q).
    var covariance: Matrix
    /// X_j'V_j^-1 e_j (p).
    var fixedScore: [Double]
}

extension ModelDesign {
    /// `UnitPosterior` of every unit at (L, alpha) and gamma; nil when some M_j cannot be factorised
    /// (non-finite parameters).
    func posteriors(_ parameters: CovarianceParameters, gamma: [Double], source: MomentSource) -> [UnitPosterior]? {
        let p = fixedCount, q = randomCount
        let workspace = UnitWorkspace(design: self, request: .deviance)
        let l = parameters.cholesky
        let lt = l.transposed
        var units: [UnitPosterior] = []
        units.reserveCapacity(unitCount)
        for j in 0..<unitCount {
            accumulateMoments(unit: j, alpha: parameters.alpha, source: source, into: workspace)
            let g = workspace.packing.expand(workspace.moments)
            let a = g.block(p..<(p + q), p..<(p + q))
            guard let r = Cholesky(Matrix.identity(q) + lt * a * l, relativeTolerance: 0) else { return nil }
            let u = r.solveLower(lt)
            let k = u.transposeTimes(u)
            let zWe = (0..<q).map { row in g[p + row, p + q] - (0..<p).reduce(0.0) { $0 + g[p + row, $1] * gamma[$1] } }
            let mean = k * zWe
            let score = (0..<p).map { row in
                g[row, p + q] - (0..<p).reduce(0.0) { $0 + g[row, $1] * gamma[$1] }
                    - (0..<q).reduce(0.0) { $0 + g[row, p + $1] * mean[$1] }
            }
            units.append(UnitPosterior(mean: mean, covariance: k, fixedScore: score))
        }
        return units
    }
}
