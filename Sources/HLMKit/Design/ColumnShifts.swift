/// An exact linear map between a design's columns as the user gave them and the centred ones it is fitted on:
/// user column k = internal column k + sum over `terms[k]` of (coefficient c) x (internal column i), each i < k.
/// So X_user = X_int S with S unit upper triangular (S_kk = 1, S_ik = c), det S = 1.
///
/// A linear predictor is the same on both scales, X_int b_int = X_user b_user, so b_int = S b_user and
/// b_user = S^-1 b_int (`userCoefficients`, back substitution, no inverse formed); a covariance of b goes to
/// S^-1 C S^-T (`userCovariance`); a contrast c'b_user equals (S^-T c)'b_int (`internalContrast`, forward
/// substitution). The same map serves X (gamma), Z (u_j and Tau = Cov(u_j)) and C (alpha).
struct ColumnShifts: Sendable, Equatable {
    /// One added column: coefficient times internal column `column` (an earlier one).
    struct Term: Sendable, Equatable {
        /// The earlier internal column.
        var column: Int
        /// Its coefficient, a mean or a product of two means.
        var coefficient: Double
    }

    /// `terms[k]`: what user column k adds to internal column k.
    var terms: [[Term]]

    /// The identity map on `count` columns.
    init(count: Int) { terms = Array(repeating: [], count: count) }

    /// Whether no column is shifted (S = I).
    var isIdentity: Bool { terms.allSatisfy(\.isEmpty) }

    /// b_user = S^-1 b_int: back substitution on S b_user = b_int, whose row i reads
    /// b_i + sum over k > i with a term (i, c) of c b_k = b_int,i.
    func userCoefficients(_ inner: [Double]) -> [Double] {
        var b = inner
        for k in terms.indices.reversed() {
            for term in terms[k] { b[term.column] -= term.coefficient * b[k] }
        }
        return b
    }

    /// x = S^-T c, so that c'b_user = x'b_int: forward substitution on S'x = c, whose row k reads
    /// x_k + sum over the terms (i, s) of column k of s x_i = c_k.
    func internalContrast(_ c: [Double]) -> [Double] {
        var x = c
        for k in terms.indices {
            for term in terms[k] { x[k] -= term.coefficient * x[term.column] }
        }
        return x
    }

    /// A row of the user's design from the internal one, x_user' = x_int'S: entry k is x_int,k plus each term's
    /// coefficient times x_int at its column.
    func userRow(_ inner: [Double]) -> [Double] {
        terms.indices.map { k in terms[k].reduce(inner[k]) { $0 + $1.coefficient * inner[$1.column] } }
    }

    /// The user's columns behind a dependency found among the internal ones: internal column `column` a
    /// combination of the internal columns `dependsOn` makes user column `column` a combination of those and
    /// of every column the shifts of any of them bring in (transitively), in increasing order. A constant
    /// predictor, centred to zero, so depends on the intercept.
    func userDependencies(column: Int, dependsOn: [Int]) -> [Int] {
        var found = Set(dependsOn), pending = dependsOn + [column]
        while let next = pending.popLast() {
            for term in terms[next] where found.insert(term.column).inserted { pending.append(term.column) }
        }
        found.remove(column)
        return found.sorted()
    }

    /// S^-1 C S^-T for a symmetric C: `userCoefficients` on the columns of C, then on the rows of the result.
    func userCovariance(_ covariance: Matrix) -> Matrix {
        guard !isIdentity else { return covariance }
        let n = covariance.rows
        var half = Matrix(rows: n, columns: n)
        for c in 0..<n {
            let column = userCoefficients((0..<n).map { covariance[$0, c] })
            for r in 0..<n { half[r, c] = column[r] }
        }
        var result = Matrix(rows: n, columns: n)
        for r in 0..<n {
            let row = userCoefficients((0..<n).map { half[r, $0] })
            for c in 0..<n { result[r, c] = row[c] }
        }
        return result
    }
}
