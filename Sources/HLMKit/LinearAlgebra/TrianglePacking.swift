/// Packed upper-triangular storage of a symmetric k x k matrix, row by row, and the operations the
/// moment accumulation needs on it.
struct TrianglePacking {
    let order: Int
    var count: Int { order * (order + 1) / 2 }

    /// Index of (r, c), r <= c.
    func index(_ r: Int, _ c: Int) -> Int { r * order - r * (r - 1) / 2 + (c - r) }

    /// out += s v v' (packed).
    @inline(__always)
    func addOuterProduct(_ v: UnsafePointer<Double>, scale s: Double, into out: UnsafeMutablePointer<Double>) {
        var index = 0
        for r in 0..<order {
            let sr = s * v[r]
            for c in r..<order {
                out[index] += sr * v[c]
                index += 1
            }
        }
    }

    /// Writes the upper triangle of the full row-major matrix `full` into `packed`.
    func pack(_ full: [Double], into packed: UnsafeMutablePointer<Double>) {
        var index = 0
        for r in 0..<order {
            for c in r..<order {
                packed[index] = full[r * order + c]
                index += 1
            }
        }
    }

    /// The full symmetric matrix.
    func expand(_ packed: UnsafePointer<Double>) -> Matrix {
        var m = Matrix(rows: order, columns: order)
        var index = 0
        for r in 0..<order {
            for c in r..<order {
                m[r, c] = packed[index]
                m[c, r] = packed[index]
                index += 1
            }
        }
        return m
    }
}
