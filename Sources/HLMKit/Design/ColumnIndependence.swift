/// Finds the first column of a design that is (numerically) a linear combination of earlier columns, from
/// the design's Gram matrix G = X'X (one pass over the rows, no copies of the columns).
///
/// Columns are scaled to unit length (G_ij / sqrt(G_ii G_jj)); column c counts as dependent when its
/// squared residual after regression on the earlier independent columns, 1 - g_c' G_prev^-1 g_c, is below
/// `tolerance` (1e-10: R^2 above 1 - 1e-10). A zero column is dependent on nothing. Returns the column and
/// the earlier columns with a coefficient above 1e-6 in that regression, or nil when all are independent.
///
/// The Cholesky factor R of the scaled independent columns grows by one row per independent column:
/// with R v = g_c, g_c'G_prev^-1 g_c = v'v and the new row is [v', sqrt(1 - v'v)], so the whole check costs
/// p^3 / 6 multiply-adds (refactorising the block for every column cost p^4 / 12).
func firstDependentColumn(gram: Matrix, tolerance: Double = 1e-10) -> (column: Int, dependsOn: [Int])? {
    // Refactorising for every column took minutes at p = 1,000.
    let n = gram.rows
    let scale = (0..<n).map { gram[$0, $0].squareRoot() }
    var independent: [Int] = []
    independent.reserveCapacity(n)
    // Row m of the factor of the scaled independent columns, m + 1 numbers each, packed by rows.
    var factor: [Double] = []
    for c in 0..<n {
        guard scale[c] > 0 else { return (c, []) }
        let m = independent.count
        var v = independent.map { gram[$0, c] / (scale[$0] * scale[c]) }
        var explained = 0.0
        factor.withUnsafeBufferPointer { r in
            var row = 0
            for i in 0..<m {
                var s = v[i]
                for t in 0..<i { s -= r[row + t] * v[t] }
                v[i] = s / r[row + i]
                explained += v[i] * v[i]
                row += i + 1
            }
        }
        let residual = 1 - explained
        guard residual.isFinite, residual >= tolerance else {
            guard residual.isFinite else { return (c, independent) }
            // beta = R'^-1 v, the coefficients of the regression on the independent columns.
            var beta = v
            for i in stride(from: m - 1, through: 0, by: -1) {
                var s = beta[i]
                for t in (i + 1)..<m { s -= factor[t * (t + 1) / 2 + i] * beta[t] }
                beta[i] = s / factor[i * (i + 1) / 2 + i]
            }
            return (c, zip(independent, beta).filter { abs($0.1) > 1e-6 }.map(\.0))
        }
        factor.append(contentsOf: v)
        factor.append(residual.squareRoot())
        independent.append(c)
    }
    return nil
}
