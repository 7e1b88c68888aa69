/// Finds the first column of a design that is (numerically) a linear combination of earlier columns, from
/// the design's Gram matrix G = X'X (one pass over the rows, no copies of the columns).
///
/// Columns are scaled to unit length (G_ij / sqrt(G_ii G_jj)); column c counts as dependent when its
/// squared residual after regression on the earlier independent columns, 1 - g_c' G_prev^-1 g_c, is below
/// `tolerance` (1e-10: R^2 above 1 - 1e-10). A zero column is dependent on nothing. Returns the column and
/// the earlier columns with a coefficient above 1e-6 in that regression, or nil when all are independent.
func firstDependentColumn(gram: Matrix, tolerance: Double = 1e-10) -> (column: Int, dependsOn: [Int])? {
    let n = gram.rows
    var scaled = gram
    let scale = (0..<n).map { gram[$0, $0].squareRoot() }
    for i in 0..<n {
        for j in 0..<n { scaled[i, j] = scale[i] > 0 && scale[j] > 0 ? gram[i, j] / (scale[i] * scale[j]) : 0 }
    }
    var independent: [Int] = []
    for c in 0..<n {
        guard scale[c] > 0 else { return (c, []) }
        guard !independent.isEmpty else {
            independent.append(c)
            continue
        }
        let block = Matrix(independent.map { i in independent.map { scaled[i, $0] } })
        let g = independent.map { scaled[$0, c] }
        guard let factor = Cholesky(block, relativeTolerance: 0) else { return (c, independent) }
        let beta = factor.solve(g)
        if 1 - dot(g, beta) < tolerance {
            return (c, zip(independent, beta).filter { abs($0.1) > 1e-6 }.map(\.0))
        }
        independent.append(c)
    }
    return nil
}
