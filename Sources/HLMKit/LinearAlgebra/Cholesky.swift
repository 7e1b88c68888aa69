import HLMPlatform

/// The Cholesky factorisation A = L L' of a symmetric positive definite matrix, with solves and the
/// log-determinant ln|A| = 2 sum_i ln L_ii. Nothing in the estimator forms an explicit inverse where a solve
/// will do; `inverse()` exists for the covariance matrices that are reported.
struct Cholesky: Sendable {
    /// The lower-triangular factor L.
    let factor: Matrix

    /// Factorises `a`; nil when a pivot is not positive (A is not positive definite to working precision).
    ///
    /// Pivot j counts as zero when it is below `relativeTolerance` times A_jj: the share of column j
    /// not explained by the earlier columns (1 - R^2_j for a cross-product matrix). The test is invariant
    /// to diagonal scaling, so a predictor measured in units of 1e12 is not mistaken for a dependent one.
    init?(_ a: Matrix, relativeTolerance: Double = 1e-13) {
        precondition(a.rows == a.columns, "Cholesky needs a square matrix")
        let n = a.rows
        var l = Matrix(rows: n, columns: n)
        // Through raw pointers: the inner products run over contiguous rows of L without index checks
        // (p^3 / 6 multiply-adds, once per likelihood evaluation of a model with p fixed effects). Four rows
        // i are taken together: four independent sums in flight instead of one waiting on the last addition,
        // each still summed in the order k = 0, 1, ... (the same numbers as one row at a time).
        let positive = l.storage.withUnsafeMutableBufferPointer { buffer -> Bool in
            let l = buffer.baseAddress!
            for j in 0..<n {
                let rowJ = l + j * n
                var d = a[j, j]
                for k in 0..<j { d -= rowJ[k] * rowJ[k] }
                guard d > relativeTolerance * abs(a[j, j]), d.isFinite else { return false }
                let ljj = d.squareRoot()
                rowJ[j] = ljj
                var i = j + 1
                while i + 4 <= n {
                    let row0 = l + i * n, row1 = row0 + n, row2 = row1 + n, row3 = row2 + n
                    var s0 = a[i, j], s1 = a[i + 1, j], s2 = a[i + 2, j], s3 = a[i + 3, j]
                    for k in 0..<j {
                        let x = rowJ[k]
                        s0 -= row0[k] * x
                        s1 -= row1[k] * x
                        s2 -= row2[k] * x
                        s3 -= row3[k] * x
                    }
                    row0[j] = s0 / ljj
                    row1[j] = s1 / ljj
                    row2[j] = s2 / ljj
                    row3[j] = s3 / ljj
                    i += 4
                }
                for i in i..<n {
                    let rowI = l + i * n
                    var s = a[i, j]
                    for k in 0..<j { s -= rowI[k] * rowJ[k] }
                    rowI[j] = s / ljj
                }
            }
            return true
        }
        guard positive else { return nil }
        factor = l
    }

    /// Order of the factorised matrix.
    var order: Int { factor.rows }

    /// ln|A| = 2 sum_i ln L_ii.
    var logDeterminant: Double {
        var s = 0.0
        for i in 0..<order { s += log(factor[i, i]) }
        return 2 * s
    }

    /// Solves L y = b (forward substitution).
    func solveLower(_ b: [Double]) -> [Double] {
        var y = b
        for i in 0..<order {
            var s = y[i]
            for k in 0..<i { s -= factor[i, k] * y[k] }
            y[i] = s / factor[i, i]
        }
        return y
    }

    /// Solves L' x = y (back substitution).
    func solveUpper(_ y: [Double]) -> [Double] {
        var x = y
        for i in stride(from: order - 1, through: 0, by: -1) {
            var s = x[i]
            for k in (i + 1)..<order { s -= factor[k, i] * x[k] }
            x[i] = s / factor[i, i]
        }
        return x
    }

    /// Solves A x = b.
    func solve(_ b: [Double]) -> [Double] {
        var x = b
        x.withUnsafeMutableBufferPointer { solveInPlace($0.baseAddress!) }
        return x
    }

    /// Solves A x = b in place (b has `order` numbers): L y = b by rows of L, then L'x = y column-oriented
    /// (x_i = y_i / L_ii, then y_k -= L_ik x_i for k < i), so both read L by rows, contiguously: at p = 1,000
    /// reading L' by columns made each solve a stream of cache misses.
    func solveInPlace(_ b: UnsafeMutablePointer<Double>) {
        let n = order
        factor.storage.withUnsafeBufferPointer { storage in
            let l = storage.baseAddress!
            for i in 0..<n {
                let row = l + i * n
                var s = b[i]
                for k in 0..<i { s -= row[k] * b[k] }
                b[i] = s / row[i]
            }
            for i in stride(from: n - 1, through: 0, by: -1) {
                let row = l + i * n
                let xi = b[i] / row[i]
                b[i] = xi
                for k in 0..<i { b[k] -= row[k] * xi }
            }
        }
    }

    /// Solves L Y = B column by column (B has `order` rows).
    func solveLower(_ b: Matrix) -> Matrix {
        var y = b
        for c in 0..<b.columns {
            for i in 0..<order {
                var s = y[i, c]
                for k in 0..<i { s -= factor[i, k] * y[k, c] }
                y[i, c] = s / factor[i, i]
            }
        }
        return y
    }

    /// Solves A X = B, all columns at once: each step adds a multiple of one row of X to another, so the
    /// work runs along contiguous rows (p^3 multiply-adds for A^-1).
    func solve(_ b: Matrix) -> Matrix {
        // Column by column, A^-1 at p = 1,000 took seconds.
        var x = b
        let n = order, m = b.columns
        factor.storage.withUnsafeBufferPointer { storage in
            x.storage.withUnsafeMutableBufferPointer { buffer in
                let l = storage.baseAddress!, x = buffer.baseAddress!
                for i in 0..<n {
                    let row = x + i * m
                    for k in 0..<i where l[i * n + k] != 0 {
                        let factor = l[i * n + k], other = x + k * m
                        for c in 0..<m { row[c] -= factor * other[c] }
                    }
                    let pivot = l[i * n + i]
                    for c in 0..<m { row[c] /= pivot }
                }
                for i in stride(from: n - 1, through: 0, by: -1) {
                    let row = x + i * m, pivot = l[i * n + i]
                    for c in 0..<m { row[c] /= pivot }
                    for k in 0..<i where l[i * n + k] != 0 {
                        let factor = l[i * n + k], other = x + k * m
                        for c in 0..<m { other[c] -= factor * row[c] }
                    }
                }
            }
        }
        return x
    }

    /// A^-1, for reporting covariance matrices.
    func inverse() -> Matrix { solve(Matrix.identity(order)) }
}
