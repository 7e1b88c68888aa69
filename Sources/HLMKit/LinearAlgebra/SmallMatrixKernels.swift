import HLMPlatform

/// Row-major small-matrix kernels on raw buffers, for the per-unit algebra of the likelihood.
///
/// The estimator does a few q x q and q x p products and one q x q Cholesky factorisation per unit per
/// iteration, with q (random coefficients) and p (fixed effects) rarely above 10. Going through `Matrix`
/// there costs an allocation per temporary, which dominated the run time with 100,000 units; these kernels
/// write into scratch buffers that a `UnitWorkspace` owns, so the per-unit passes allocate nothing.
/// `LinearAlgebraTests` checks them against `Matrix` and `Cholesky`.
enum SmallMatrix {
    /// C (m x n) = op(A) op(B) + beta C, op(X) = X or X'; A is m x r (or r x m), B is r x n (or n x r).
    @inline(__always)
    static func multiply(_ m: Int, _ n: Int, _ r: Int,
                         _ a: UnsafePointer<Double>, transposeA: Bool = false,
                         _ b: UnsafePointer<Double>, transposeB: Bool = false,
                         into c: UnsafeMutablePointer<Double>, beta: Double = 0) {
        for i in 0..<m {
            for j in 0..<n {
                var sum = 0.0
                for l in 0..<r {
                    let x = transposeA ? a[l * m + i] : a[i * r + l]
                    let y = transposeB ? b[j * r + l] : b[l * n + j]
                    sum += x * y
                }
                c[i * n + j] = beta * c[i * n + j] + sum
            }
        }
    }

    /// Replaces the n x n symmetric positive definite A by its lower Cholesky factor (upper part zeroed)
    /// and returns ln|A|; nil when a pivot is not positive.
    @inline(__always)
    static func choleskyInPlace(_ n: Int, _ a: UnsafeMutablePointer<Double>) -> Double? {
        // ln|A| = ln(prod of the pivots d_j): one logarithm per matrix, the running product kept within
        // [1e-150, 1e150] (a pivot outside it goes straight to the logarithm) so it cannot overflow.
        var logDeterminant = 0.0, pivots = 1.0
        for j in 0..<n {
            var d = a[j * n + j]
            for k in 0..<j { d -= a[j * n + k] * a[j * n + k] }
            guard d > 0, d.isFinite else { return nil }
            let ljj = d.squareRoot()
            a[j * n + j] = ljj
            if d > 1e150 || d < 1e-150 {
                logDeterminant += log(d)
            } else {
                pivots *= d
                if pivots > 1e150 || pivots < 1e-150 {
                    logDeterminant += log(pivots)
                    pivots = 1
                }
            }
            for i in (j + 1)..<n {
                var s = a[i * n + j]
                for k in 0..<j { s -= a[i * n + k] * a[j * n + k] }
                a[i * n + j] = s / ljj
            }
            for i in 0..<j { a[i * n + j] = 0 }
        }
        return logDeterminant + log(pivots)
    }

    /// Solves L X = B in place (L lower n x n, B n x columns).
    @inline(__always)
    static func forwardSolve(_ n: Int, _ columns: Int, _ l: UnsafePointer<Double>,
                             _ b: UnsafeMutablePointer<Double>) {
        for c in 0..<columns {
            for i in 0..<n {
                var s = b[i * columns + c]
                for k in 0..<i { s -= l[i * n + k] * b[k * columns + c] }
                b[i * columns + c] = s / l[i * n + i]
            }
        }
    }

    /// Solves L' X = B in place (L lower n x n, B n x columns).
    @inline(__always)
    static func backSolve(_ n: Int, _ columns: Int, _ l: UnsafePointer<Double>, _ b: UnsafeMutablePointer<Double>) {
        for c in 0..<columns {
            for i in stride(from: n - 1, through: 0, by: -1) {
                var s = b[i * columns + c]
                for k in (i + 1)..<n { s -= l[k * n + i] * b[k * columns + c] }
                b[i * columns + c] = s / l[i * n + i]
            }
        }
    }

    /// sum_ij A_ij B_ji for n x n A and B: tr(A B).
    @inline(__always)
    static func traceOfProduct(_ n: Int, _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>) -> Double {
        var s = 0.0
        for i in 0..<n { for j in 0..<n { s += a[i * n + j] * b[j * n + i] } }
        return s
    }
}

/// The order n of the per-unit matrices (q), as a type: code generic over it is specialised for `OrderOne` and
/// `OrderTwo`, where n is a constant, so the loops over n of the kernels it inlines are unrolled and their index
/// arithmetic folded (the per-unit algebra at q = 1 or 2, the usual random-effects orders, costs a fraction of
/// the general loops); `AnyOrder` carries any other n. The operations and their order are those of the general
/// code, so the results are the same to the last bit.
protocol SmallOrder {
    var n: Int { get }
}

/// n = 1.
struct OrderOne: SmallOrder {
    var n: Int { 1 }
}

/// n = 2.
struct OrderTwo: SmallOrder {
    var n: Int { 2 }
}

/// n known only at run time.
struct AnyOrder: SmallOrder {
    let n: Int
}

/// out[0 ..< n] += s x[0 ..< n].
@inline(__always)
func axpy(_ n: Int, _ s: Double, _ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>) {
    for t in 0..<n { out[t] += s * x[t] }
}
