import Testing
@testable import HLMKit

/// `OrderOne` and `OrderTwo` hand the per-unit algebra a constant q = 1 or 2, so that the optimiser unrolls its
/// loops; the arithmetic must stay that of the general loops, bit for bit (the estimates of every fit go through
/// it). Each kernel is run at q = 1, 2 once through the constant order and once through `AnyOrder` with q behind
/// an opaque call (so that no constant reaches it), and the results are compared bit for bit.
@Suite("Small-order kernels")
struct SmallOrderKernelTests {
    /// q, kept from the optimiser.
    @inline(never)
    static func opaque(_ q: Int) -> Int { q }

    /// A random q x q positive definite matrix I + B B' and a random q x (q + 3) matrix.
    static func inputs(_ q: Int, seed: UInt64) -> (spd: [Double], wide: [Double]) {
        var generator = SeededGenerator(state: seed)
        let b = (0..<(q * q)).map { _ in Double.random(in: -2...2, using: &generator) }
        var spd = [Double](repeating: 0, count: q * q)
        for r in 0..<q {
            for c in 0..<q {
                spd[r * q + c] = (r == c ? 1 : 0) + (0..<q).reduce(0.0) { $0 + b[r * q + $1] * b[c * q + $1] }
            }
        }
        return (spd, (0..<(q * (q + 3))).map { _ in Double.random(in: -5...5, using: &generator) })
    }

    /// Cholesky factor and ln|A|, forward and back solves, products (plain, transposed, accumulating) and
    /// tr(A B) at order q, all outputs in one array.
    static func kernels<Q: SmallOrder>(_ order: Q, _ spd: [Double], _ wide: [Double]) -> [Double] {
        let q = order.n
        var factor = spd, product = [Double](repeating: 0, count: q * q), solved = wide
        var transposed = [Double](repeating: 1, count: q * (q + 3))
        var logDeterminant = 0.0, trace = 0.0
        factor.withUnsafeMutableBufferPointer { f in
            logDeterminant = SmallMatrix.choleskyInPlace(q, f.baseAddress!) ?? .nan
            solved.withUnsafeMutableBufferPointer { x in
                SmallMatrix.forwardSolve(q, q + 3, f.baseAddress!, x.baseAddress!)
                SmallMatrix.backSolve(q, q + 3, f.baseAddress!, x.baseAddress!)
            }
        }
        spd.withUnsafeBufferPointer { a in
            factor.withUnsafeBufferPointer { f in
                product.withUnsafeMutableBufferPointer { c in
                    SmallMatrix.multiply(q, q, q, f.baseAddress!, transposeA: true, a.baseAddress!, into: c.baseAddress!)
                }
                trace = SmallMatrix.traceOfProduct(q, a.baseAddress!, f.baseAddress!)
            }
            wide.withUnsafeBufferPointer { b in
                transposed.withUnsafeMutableBufferPointer { c in
                    SmallMatrix.multiply(q, q + 3, q, a.baseAddress!, b.baseAddress!, into: c.baseAddress!, beta: 1)
                }
            }
        }
        return factor + [logDeterminant, trace] + solved + product + transposed
    }

    @Test("unrolled kernels equal the general ones bit for bit", arguments: [1, 2])
    func sameBits(q: Int) {
        for seed in UInt64(1)...20 {
            let (spd, wide) = Self.inputs(q, seed: seed)
            let small = q == 1 ? Self.kernels(OrderOne(), spd, wide) : Self.kernels(OrderTwo(), spd, wide)
            let general = Self.kernels(AnyOrder(n: Self.opaque(q)), spd, wide)
            #expect(small.count == general.count)
            #expect(zip(small, general).allSatisfy { $0.bitPattern == $1.bitPattern })
        }
    }
}
