/// A small dense real matrix stored row-major.
///
/// The estimator works with matrices of order p + q + 1 (fixed effects, random effects, outcome), rarely
/// more than a few dozen, once per unit per iteration. At that size a plain loop over contiguous storage is
/// faster than a call into a BLAS (whose dispatch overhead dominates below ~50 x 50) and keeps the package
/// free of a system library, so this type is written by hand and tested in `LinearAlgebraTests`.
struct Matrix: Sendable, Equatable {
    /// Number of rows.
    let rows: Int
    /// Number of columns.
    let columns: Int
    /// Entries, row-major: element (i, j) is `storage[i * columns + j]`.
    var storage: [Double]

    /// A rows x columns matrix filled with `value`.
    init(rows: Int, columns: Int, repeating value: Double = 0) {
        self.rows = rows
        self.columns = columns
        self.storage = Array(repeating: value, count: rows * columns)
    }

    /// A matrix from nested rows (all of equal length).
    init(_ nested: [[Double]]) {
        rows = nested.count
        columns = nested.first?.count ?? 0
        storage = nested.flatMap { $0 }
        precondition(storage.count == rows * columns, "ragged rows")
    }

    /// The n x n identity.
    static func identity(_ n: Int) -> Matrix {
        var m = Matrix(rows: n, columns: n)
        for i in 0..<n { m[i, i] = 1 }
        return m
    }

    /// Element (i, j).
    @inlinable public subscript(i: Int, j: Int) -> Double {
        get { storage[i * columns + j] }
        set { storage[i * columns + j] = newValue }
    }

    /// The rows as nested arrays (for reports and JSON).
    var nested: [[Double]] {
        (0..<rows).map { Array(storage[($0 * columns)..<($0 * columns + columns)]) }
    }

    /// A'.
    var transposed: Matrix {
        var t = Matrix(rows: columns, columns: rows)
        for i in 0..<rows { for j in 0..<columns { t[j, i] = self[i, j] } }
        return t
    }

    /// The diagonal entries.
    var diagonal: [Double] { (0..<min(rows, columns)).map { self[$0, $0] } }

    /// sum_i A_ii.
    var trace: Double { diagonal.reduce(0, +) }

    /// The sub-matrix of the given row and column ranges.
    func block(_ rowRange: Range<Int>, _ columnRange: Range<Int>) -> Matrix {
        var b = Matrix(rows: rowRange.count, columns: columnRange.count)
        for (bi, i) in rowRange.enumerated() {
            for (bj, j) in columnRange.enumerated() { b[bi, bj] = self[i, j] }
        }
        return b
    }

    /// A B.
    static func * (a: Matrix, b: Matrix) -> Matrix {
        precondition(a.columns == b.rows, "dimension mismatch")
        var c = Matrix(rows: a.rows, columns: b.columns)
        for i in 0..<a.rows {
            for l in 0..<a.columns {
                let ail = a[i, l]
                if ail == 0 { continue }
                for j in 0..<b.columns { c.storage[i * c.columns + j] += ail * b.storage[l * b.columns + j] }
            }
        }
        return c
    }

    /// A x.
    static func * (a: Matrix, x: [Double]) -> [Double] {
        precondition(a.columns == x.count, "dimension mismatch")
        return (0..<a.rows).map { i in
            var s = 0.0
            for j in 0..<a.columns { s += a[i, j] * x[j] }
            return s
        }
    }

    /// A + B.
    static func + (a: Matrix, b: Matrix) -> Matrix {
        var c = a
        for i in c.storage.indices { c.storage[i] += b.storage[i] }
        return c
    }

    /// A - B.
    static func - (a: Matrix, b: Matrix) -> Matrix {
        var c = a
        for i in c.storage.indices { c.storage[i] -= b.storage[i] }
        return c
    }

    /// s A.
    static func * (s: Double, a: Matrix) -> Matrix {
        var c = a
        for i in c.storage.indices { c.storage[i] *= s }
        return c
    }

    /// A += s B, in place.
    mutating func add(_ b: Matrix, scale s: Double) {
        precondition(rows == b.rows && columns == b.columns, "dimension mismatch")
        for i in storage.indices { storage[i] += s * b.storage[i] }
    }

    /// The upper triangle of the leading `order` x `order` block, row by row: entries (r, c), c >= r, in the
    /// order (0, 0), (0, 1), ..., (0, order - 1), (1, 1), ... (order (order + 1) / 2 numbers).
    func packedUpperTriangle(order: Int) -> [Double] {
        precondition(order <= rows && order <= columns, "dimension mismatch")
        var packed: [Double] = []
        packed.reserveCapacity(order * (order + 1) / 2)
        for r in 0..<order { packed.append(contentsOf: storage[(r * columns + r)..<(r * columns + order)]) }
        return packed
    }

    /// A' B without forming A'.
    func transposeTimes(_ b: Matrix) -> Matrix {
        precondition(rows == b.rows, "dimension mismatch")
        var c = Matrix(rows: columns, columns: b.columns)
        for l in 0..<rows {
            for i in 0..<columns {
                let ali = self[l, i]
                if ali == 0 { continue }
                for j in 0..<b.columns { c.storage[i * c.columns + j] += ali * b.storage[l * b.columns + j] }
            }
        }
        return c
    }

    /// tr(A B) = sum_ij A_ij B_ji, without forming the product.
    func traceOfProduct(_ b: Matrix) -> Double {
        precondition(columns == b.rows && rows == b.columns, "dimension mismatch")
        var s = 0.0
        for i in 0..<rows { for j in 0..<columns { s += self[i, j] * b[j, i] } }
        return s
    }
}

/// x'y.
@inlinable func dot(_ x: [Double], _ y: [Double]) -> Double {
    var s = 0.0
    for i in x.indices { s += x[i] * y[i] }
    return s
}

extension Matrix {
    /// The (row, column) pairs of the lower triangle of an n x n matrix in vech order: column by column, the
    /// order of vech(Tau) and vech(L) in the covariance parameters.
    static func lowerTriangle(_ n: Int) -> [(row: Int, column: Int)] {
        var pairs: [(Int, Int)] = []
        for c in 0..<n { for r in c..<n { pairs.append((r, c)) } }
        return pairs
    }
}
