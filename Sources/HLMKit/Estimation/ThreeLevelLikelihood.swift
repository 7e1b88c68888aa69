import HLMPlatform

/// The profiled deviance of a three-level model (REML or full ML) as a function of the relative Cholesky
/// factors theta = (vech Lambda_pi, vech Lambda_beta), Tau_pi = sigma^2 Lambda_pi Lambda_pi',
/// Tau_beta = sigma^2 Lambda_beta Lambda_beta', with gamma and sigma^2 profiled out (lme4's formulation).
///
/// For level-3 unit k, V_k / sigma^2 = blockdiag_j(I + Z2_j Lp Lp' Z2_j') + Z3_k Lb Lb' Z3_k'. The moments
/// [X Y]' V^-1 [X Y] and log|V| are found without any N x N matrix by eliminating the random effects unit by
/// unit from the penalised normal equations: at level-2 unit j, the (q2 + q3 + p + 1)-square moment matrix
/// M_j = [Z2 Lp, Z3 Lb, X, y]'[Z2 Lp, Z3 Lb, X, y] with I added to its first q2 x q2 block is Cholesky-factored
/// and its Schur complement on (Z3 Lb, X, y) summed over the units of k; that sum with I added to its first
/// q3 x q3 block is factored in turn and its Schur complement T on (X, y) summed over k. The log-determinants
/// of the factored blocks sum to log|V / sigma^2| (the matrix determinant lemma at both levels). Then
/// gamma = T_xx^-1 T_xy, r^2 = T_yy - T_yx gamma, and
///
///     ML:   D = log|V/sigma^2| + N (1 + log(2 pi r^2 / N)),                 sigma^2 = r^2 / N
///     REML: D = log|V/sigma^2| + log|T_xx| + (N - p)(1 + log(2 pi r^2 / (N - p))), sigma^2 = r^2 / (N - p).
struct ThreeLevelLikelihood: Sendable {
    /// The design.
    let design: ThreeLevelDesign
    /// REML or full ML.
    let method: EstimationMethod
    /// Each level-2 unit's moment matrix in the order (z2, z3, x, y), width^2 values per unit.
    let moments: [Double]

    /// The deviance and what it profiles, at one theta.
    struct Evaluation: Sendable {
        /// The profiled deviance, gamma-hat and sigma^2-hat (at c = 0 for a heterogeneous model).
        var deviance: Double
        var gamma: [Double]
        var sigma2: Double
        /// T_xx = X'V^-1 X sigma^2, whose inverse times sigma^2 is Cov(gamma).
        var xtvx: Matrix
        /// Each level-3 unit's share of T (row-major (p + 1) x (p + 1)), when asked for.
        var level3Shares: [[Double]] = []
        /// A heterogeneous model's level-2 moments weighted at this alpha (empty when homogeneous).
        var moments: [Double] = []
    }

    /// Accumulates the level-2 units' moment matrices once (homogeneous sigma^2; a heterogeneous model
    /// weights them anew at each alpha).
    init(design: ThreeLevelDesign, method: EstimationMethod) {
        self.design = design
        self.method = method
        moments = design.varianceCount == 0 ? Self.moments(design, weights: nil) : []
    }

    /// Each level-2 unit's sum of w_i r_i r_i' over its rows r_i = (z2, z3, x, y) (w_i = 1 without weights).
    static func moments(_ design: ThreeLevelDesign, weights: [Double]?) -> [Double] {
        let w = design.width, p = design.fixedCount, q2 = design.level2Count
        // (x, z2, z3, y) in the design's rows -> (z2, z3, x, y) here.
        let order = Array(p..<(p + q2 + design.level3Count)) + Array(0..<p) + [w - 1]
        var moments = [Double](repeating: 0, count: design.level2UnitCount * w * w)
        var row = [Double](repeating: 0, count: w)
        for j in 0..<design.level2UnitCount {
            let base = j * w * w
            for i in design.grouping.rows(ofUnit: j) {
                let weight = weights?[i] ?? 1
                for a in 0..<w { row[a] = design.rows[i * w + order[a]] }
                for a in 0..<w {
                    let value = weight * row[a]
                    for b in 0...a { moments[base + a * w + b] += value * row[b] }
                }
            }
            for a in 0..<w { for b in 0..<a { moments[base + b * w + a] = moments[base + a * w + b] } }
        }
        return moments
    }

    /// The number of theta's entries, q2 (q2 + 1) / 2 + q3 (q3 + 1) / 2.
    var thetaCount: Int {
        let q2 = design.level2Count, q3 = design.level3Count
        return q2 * (q2 + 1) / 2 + q3 * (q3 + 1) / 2
    }

    /// The number of parameters searched: theta, then alpha_1 ... alpha_m of a heterogeneous model (alpha_0 is
    /// profiled as ln sigma^2).
    var parameterCount: Int { thetaCount + design.varianceCount }

    /// Lambda_pi and Lambda_beta from theta (each lower triangle by rows).
    func factors(_ theta: [Double]) -> (level2: Matrix, level3: Matrix) {
        let q2 = design.level2Count, q3 = design.level3Count
        var level2 = Matrix(rows: q2, columns: q2), level3 = Matrix(rows: q3, columns: q3)
        var index = 0
        for r in 0..<q2 { for c in 0...r { level2[r, c] = theta[index]; index += 1 } }
        for r in 0..<q3 { for c in 0...r { level3[r, c] = theta[index]; index += 1 } }
        return (level2, level3)
    }

    /// The deviance at x = (theta, alpha_1..m); nil when a factorisation fails (X'V^-1 X singular, or not
    /// finite). With `keepingShares`, each level-3 unit's share of T is kept (for robust standard errors).
    ///
    /// A heterogeneous model weights row i by w_i = exp(-c_i'alpha) (sigma_i^2 = sigma^2 / w_i): the moments are
    /// those of the rows scaled by sqrt(w_i), for which sigma^2 is homogeneous, and log|V| gains
    /// -sum ln w_i = sum c_i'alpha.
    func evaluate(_ x: [Double], keepingShares: Bool = false) -> Evaluation? {
        let w = design.width, p = design.fixedCount, q2 = design.level2Count, q3 = design.level3Count
        let (lp, lb) = factors(x)
        var moments = self.moments
        var logDet = 0.0
        if design.varianceCount > 0 {
            let m = design.varianceCount, alpha = Array(x[thetaCount...])
            let logWeights = (0..<design.rowCount).map { i in
                -(0..<m).reduce(0) { $0 + design.varianceRows[i * m + $1] * alpha[$1] }
            }
            guard let largest = logWeights.map(abs).max(), largest < 700 else { return nil }
            moments = Self.moments(design, weights: logWeights.map { exp($0) })
            logDet = -logWeights.reduce(0, +)
        }
        let rest = w - q2, last = p + 1
        // Level-3 units in parallel chunks, each summing its own T and log-determinant (added in chunk order).
        let chunks = concurrentChunks(design.level3UnitCount, minimumChunk: 4) { _, range -> Chunk? in
            var chunk = Chunk(total: Array(repeating: 0, count: last * last))
            var unit = [Double](repeating: 0, count: w * w)
            var level3Sum = [Double](repeating: 0, count: rest * rest)
            var share = [Double](repeating: 0, count: last * last)
            var scratch = [Double](repeating: 0, count: max(q2, q3))
            let failed: Bool = moments.withUnsafeBufferPointer { moments in
                unit.withUnsafeMutableBufferPointer { unit in
                  scratch.withUnsafeMutableBufferPointer { scratch in
                    level3Sum.withUnsafeMutableBufferPointer { level3Sum in
                        share.withUnsafeMutableBufferPointer { share in
                            for k in range {
                                level3Sum.update(repeating: 0)
                                for j in design.level2Units(of: k) {
                                    for index in 0..<(w * w) { unit[index] = moments[j * w * w + index] }
                                    Self.transform(unit, order: w, block: 0, factor: lp.storage, q: q2, column: scratch)
                                    Self.transform(unit, order: w, block: q2, factor: lb.storage, q: q3, column: scratch)
                                    guard let half = Self.absorb(unit, order: w, random: q2, into: level3Sum) else { return true }
                                    chunk.logDet += half
                                }
                                share.update(repeating: 0)
                                guard let half = Self.absorb(level3Sum, order: rest, random: q3, into: share) else { return true }
                                chunk.logDet += half
                                for index in 0..<share.count { chunk.total[index] += share[index] }
                                if keepingShares { chunk.shares.append(Array(share)) }
                            }
                            return false
                        }
                    }
                  }
                }
            }
            return failed ? nil : chunk
        }
        var total = [Double](repeating: 0, count: last * last), shares = [[Double]]()
        for chunk in chunks {
            guard let chunk else { return nil }
            logDet += chunk.logDet
            for index in total.indices { total[index] += chunk.total[index] }
            shares += chunk.shares
        }
        var xtvx = Matrix(rows: p, columns: p)
        for a in 0..<p { for b in 0..<p { xtvx[a, b] = total[a * last + b] } }
        guard let factor = Cholesky(xtvx) else { return nil }
        let xty = (0..<p).map { total[$0 * last + p] }
        let gamma = factor.solve(xty)
        let r2 = total[p * last + p] - dot(xty, gamma)
        let n = Double(design.rowCount)
        let dof = method == .reml ? n - Double(p) : n
        guard r2 > 0 else { return nil }
        var deviance = logDet + dof * (1 + log(2 * Double.pi * r2 / dof))
        if method == .reml { deviance += factor.logDeterminant }
        guard deviance.isFinite else { return nil }
        return Evaluation(deviance: deviance, gamma: gamma, sigma2: r2 / dof, xtvx: xtvx, level3Shares: shares,
                          moments: design.varianceCount > 0 ? moments : [])
    }

    /// One chunk of level-3 units' sums in `evaluate`: T, log|V / sigma^2| and (when asked) each unit's T_k.
    private struct Chunk {
        var total: [Double]
        var logDet = 0.0
        var shares = [[Double]]()
    }

    /// Replaces the rows and columns block..<block + q of the symmetric `m` (order w) by L' m L there, for the
    /// q x q lower-triangular L stored row-major in `l`; `column` (q values) is scratch.
    private static func transform(_ m: UnsafeMutableBufferPointer<Double>, order w: Int, block: Int,
                                 factor l: [Double], q: Int, column: UnsafeMutableBufferPointer<Double>) {
        for r in 0..<w {
            for c in 0..<q {
                var sum = 0.0
                for t in c..<q { sum += m[r * w + block + t] * l[t * q + c] }
                column[c] = sum
            }
            for c in 0..<q { m[r * w + block + c] = column[c] }
        }
        for c in 0..<w {
            for r in 0..<q {
                var sum = 0.0
                for t in r..<q { sum += l[t * q + r] * m[(block + t) * w + c] }
                column[r] = sum
            }
            for r in 0..<q { m[(block + r) * w + c] = column[r] }
        }
    }

    /// Adds I to the first `random` x `random` block of the symmetric `m`, factors that block (A = L L'), adds
    /// the Schur complement m_rr - (L^-1 m_fr)'(L^-1 m_fr) on the remaining rows to `sum`, and returns
    /// log|A| = 2 sum log L_ii; nil when A is not positive definite.
    private static func absorb(_ m: UnsafeMutableBufferPointer<Double>, order w: Int, random q: Int,
                               into sum: UnsafeMutableBufferPointer<Double>) -> Double? {
        let rest = w - q
        var logDet = 0.0
        // In-place Cholesky of the leading block, then forward solves for the remaining columns.
        for c in 0..<q {
            var d = m[c * w + c] + 1
            for t in 0..<c { d -= m[c * w + t] * m[c * w + t] }
            guard d > 0, d.isFinite else { return nil }
            let pivot = d.squareRoot()
            m[c * w + c] = pivot
            logDet += 2 * log(pivot)
            for r in (c + 1)..<w {
                var value = m[r * w + c]
                for t in 0..<c { value -= m[r * w + t] * m[c * w + t] }
                m[r * w + c] = value / pivot
            }
        }
        for a in 0..<rest {
            for b in 0...a {
                var value = m[(q + a) * w + q + b]
                for t in 0..<q { value -= m[(q + a) * w + t] * m[(q + b) * w + t] }
                sum[a * rest + b] += value
                if a != b { sum[b * rest + a] += value }
            }
        }
        return logDet
    }
}
