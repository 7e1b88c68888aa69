/// Eigenvalues and eigenvectors of a small symmetric matrix by the cyclic Jacobi method (Golub & Van Loan,
/// sec. 8.5): A = V diag(lambda) V'. Used for q x q matrices (q = number of random coefficients), where it is
/// exact to rounding and simpler than calling LAPACK's dsyev.
struct SymmetricEigen {
    /// lambda_1 ... lambda_n (unordered).
    let values: [Double]
    /// V, columns are the eigenvectors.
    let vectors: Matrix

    init(_ a: Matrix) {
        let n = a.rows
        var m = a
        var v = Matrix.identity(n)
        for _ in 0..<100 {
            var offDiagonal = 0.0
            for i in 0..<n { for j in (i + 1)..<n { offDiagonal += m[i, j] * m[i, j] } }
            if offDiagonal <= 1e-30 * max(m.storage.map { $0 * $0 }.reduce(0, +), 1e-300) { break }
            for p in 0..<n {
                for q in (p + 1)..<n where m[p, q] != 0 {
                    let theta = (m[q, q] - m[p, p]) / (2 * m[p, q])
                    let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot(), s = t * c
                    for k in 0..<n {
                        let mkp = m[k, p], mkq = m[k, q]
                        m[k, p] = c * mkp - s * mkq
                        m[k, q] = s * mkp + c * mkq
                    }
                    for k in 0..<n {
                        let mpk = m[p, k], mqk = m[q, k]
                        m[p, k] = c * mpk - s * mqk
                        m[q, k] = s * mpk + c * mqk
                    }
                    for k in 0..<n {
                        let vkp = v[k, p], vkq = v[k, q]
                        v[k, p] = c * vkp - s * vkq
                        v[k, q] = s * vkp + c * vkq
                    }
                }
            }
        }
        values = (0..<n).map { m[$0, $0] }
        vectors = v
    }

    /// V diag(max(lambda, 0)) V': the nearest positive semi-definite matrix (in Frobenius norm).
    var positivePart: Matrix {
        let n = values.count
        var out = Matrix(rows: n, columns: n)
        for k in 0..<n where values[k] > 0 {
            for i in 0..<n { for j in 0..<n { out[i, j] += values[k] * vectors[i, k] * vectors[j, k] } }
        }
        return out
    }
}
