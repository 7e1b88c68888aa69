import Foundation
import Testing
@testable import HLMKit

/// The vector exponential of the row weights (`VectorExponential`) against the C library's, value by value.
@Suite("Vector exponential against the C library's")
struct VectorExponentialTests {
    /// |a - b| in units in the last place of b.
    static func ulps(_ a: Double, _ b: Double) -> Double {
        a == b ? 0 : abs(a - b) / b.ulp
    }

    /// The largest error in ulps over `count` random arguments in `range`, four at a time.
    static func largestError(in range: ClosedRange<Double>, count: Int, seed: UInt64) -> Double {
        var generator = SeededGenerator(state: seed)
        var largest = 0.0
        for _ in 0..<(count / 4) {
            let x = SIMD4((0..<4).map { _ in Double.random(in: range, using: &generator) })
            let value = VectorExponential.exp(x)
            for lane in 0..<4 { largest = max(largest, Self.ulps(value[lane], Foundation.exp(x[lane]))) }
        }
        return largest
    }

    @Test("within 1 ulp of the C library's exp over the arguments that occur", arguments: [
        -708.0...708.0, -50.0...50.0, -1.0...1.0, -1e-6...1e-6, 0.34...0.35, 700.0...708.0, -708.0 ... -700.0,
    ])
    func accuracy(range: ClosedRange<Double>) {
        #expect(Self.largestError(in: range, count: 400_000, seed: 7) <= 1)
    }

    @Test("edge arguments: exact powers, the halfway points of the reduction, overflow, underflow, NaN")
    func edges() {
        let ln2 = log(2.0)
        var arguments: [Double] = [0, -0.0, 1, -1, 708, -708, 708.5, -708.5, 709.78, 709.79, -745.2, -746, 1000, -1000,
                                   .infinity, -.infinity, .leastNonzeroMagnitude, -.leastNonzeroMagnitude,
                                   .ulpOfOne, -.ulpOfOne]
        for n in stride(from: -1020, through: 1020, by: 17) {
            let x = Double(n) * ln2
            arguments += [x, x.nextUp, x.nextDown, x + 0.5 * ln2, x - 0.5 * ln2, (x + 0.5 * ln2).nextDown]
        }
        while arguments.count % 4 != 0 { arguments.append(0.5) }
        for start in stride(from: 0, to: arguments.count, by: 4) {
            let x = SIMD4(arguments[start..<(start + 4)])
            let value = VectorExponential.exp(x)
            for lane in 0..<4 {
                let expected = Foundation.exp(x[lane])
                #expect(Self.ulps(value[lane], expected) <= 1, "exp(\(x[lane])) = \(value[lane]), libm \(expected)")
                #expect(value[lane].isInfinite == expected.isInfinite && (value[lane] == 0) == (expected == 0))
            }
        }
        let nan = VectorExponential.exp(SIMD4(.nan, 1, 2, 3))
        #expect(nan[0].isNaN && Self.ulps(nan[1], Foundation.exp(1.0)) <= 1)
    }

    @Test("the batch form negates, covers every count, and may write over its input", arguments: [0, 1, 3, 4, 5, 11])
    func batch(count: Int) {
        // One more argument than `count`, so that no buffer is empty; its result must stay unwritten.
        let x = (0...count).map { Double($0) * 0.7 - 2 }
        var out = [Double](repeating: .nan, count: count + 1)
        x.withUnsafeBufferPointer { x in
            out.withUnsafeMutableBufferPointer {
                VectorExponential.negatedExponentials(x.baseAddress!, count: count, into: $0.baseAddress!)
            }
        }
        for i in 0..<count { #expect(Self.ulps(out[i], Foundation.exp(-x[i])) <= 1) }
        #expect(out[count].isNaN)
        var inPlace = x
        inPlace.withUnsafeMutableBufferPointer {
            VectorExponential.negatedExponentials($0.baseAddress!, count: count, into: $0.baseAddress!)
        }
        #expect(zip(inPlace, out).prefix(count).allSatisfy { $0 == $1 } && inPlace[count] == x[count])
    }
}
