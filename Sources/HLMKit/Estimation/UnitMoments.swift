import Foundation

/// The weighted cross-products of one unit at a given alpha, with w_i = 1 / sigma^2_i = exp(-c_i' alpha):
/// G_h = sum_i c_ih w_i v_i v_i' for v_i = [x_i, z_i, y_i] (h = 0 gives X'D^-1X, X'D^-1Z, ... in one matrix),
/// and, for the expected information, Q_hl = sum_i c_ih c_il w_i v_i v_i' (h <= l).
struct UnitMoments {
    /// G_0 ... G_H (only G_0 when first-order moments were asked for).
    var g: [Matrix]
    /// Q_hl (k x k) for h <= l, in the order (0,0), (0,1), ..., (0,H), (1,1), ...; empty unless asked for.
    /// With `SecondOrder.randomEffects` only the z block is filled (all that full ML needs).
    var secondOrder: [Matrix]
}

/// Which moments a likelihood pass needs.
struct MomentRequest: Equatable {
    /// Which blocks of Q_hl to accumulate.
    enum SecondOrder: Equatable {
        case none
        /// The z block only (full-ML information).
        case randomEffects
        /// All of Q_hl (REML information).
        case all
    }

    /// G_1 ... G_H as well as G_0.
    var allOrders: Bool
    /// Which Q_hl blocks.
    var secondOrder: SecondOrder

    /// Deviance only: G_0.
    static let deviance = MomentRequest(allOrders: false, secondOrder: .none)

    /// Gradient and information for `method`.
    static func derivatives(_ method: EstimationMethod) -> MomentRequest {
        MomentRequest(allOrders: true, secondOrder: method == .reml ? .all : .randomEffects)
    }
}

/// Precomputed unweighted products of one (unit, variance stratum): every row of the stratum has the same
/// c, so sum_{i in s} w_i v_i v_i' = w_s P_s with P_s = sum_{i in s} v_i v_i'.
struct VarianceStratum {
    /// c_s, the stratum's variance-design row.
    var c: [Double]
    /// P_s, packed upper triangle (k(k+1)/2 entries, row by row).
    var product: [Double]
}

/// Where the weighted moments come from: products precomputed once per (unit, stratum) when every variance
/// predictor is categorical (iterations then cost nothing per row), or one pass over the unit's rows.
enum MomentSource {
    case strata([[VarianceStratum]])
    case rows

    /// Strata when the variance design has at most `maximumPatterns` distinct rows, else `.rows`.
    static func choose(for design: ModelDesign, maximumPatterns: Int = 16) -> MomentSource {
        guard let patterns = VariancePatterns(design, maximumPatterns: maximumPatterns) else { return .rows }
        let k = design.rowWidth
        let packing = TrianglePacking(order: k)
        var units: [[VarianceStratum]] = []
        units.reserveCapacity(design.unitCount)
        var slots = [Int](repeating: -1, count: patterns.values.count)
        design.rows.withUnsafeBufferPointer { v in
            for j in 0..<design.unitCount {
                var strata: [VarianceStratum] = []
                for i in design.unitOffsets[j]..<design.unitOffsets[j + 1] {
                    let pattern = patterns.index(ofRow: i)
                    if slots[pattern] < 0 {
                        slots[pattern] = strata.count
                        strata.append(VarianceStratum(c: patterns.values[pattern],
                                                      product: [Double](repeating: 0, count: packing.count)))
                    }
                    strata[slots[pattern]].product.withUnsafeMutableBufferPointer {
                        packing.addOuterProduct(v.baseAddress! + i * k, scale: 1, into: $0.baseAddress!)
                    }
                }
                units.append(slots.filter { $0 >= 0 }.map { strata[$0] })
                for pattern in slots.indices { slots[pattern] = -1 }
            }
        }
        return .strata(units)
    }
}

/// The distinct rows of the variance design C (when there are few), and which one each row is.
struct VariancePatterns {
    /// The distinct rows, in order of first appearance.
    private(set) var values: [[Double]] = []
    private var rowPattern: [Int32]

    /// Nil when C has more than `maximumPatterns` distinct rows (a continuous predictor).
    init?(_ design: ModelDesign, maximumPatterns: Int) {
        let h = design.varianceCount
        var rowPattern = [Int32](repeating: 0, count: design.rowCount)
        var found: [[Double]] = []
        let ok = design.varianceRows.withUnsafeBufferPointer { c -> Bool in
            var last = -1
            for i in 0..<design.rowCount {
                let row = c.baseAddress! + i * h
                if last < 0 || !(0..<h).allSatisfy({ found[last][$0] == row[$0] }) {
                    if let known = found.firstIndex(where: { pattern in (0..<h).allSatisfy { pattern[$0] == row[$0] } }) {
                        last = known
                    } else {
                        guard found.count < maximumPatterns else { return false }
                        found.append(Array(UnsafeBufferPointer(start: row, count: h)))
                        last = found.count - 1
                    }
                }
                rowPattern[i] = Int32(last)
            }
            return true
        }
        guard ok else { return nil }
        values = found
        self.rowPattern = rowPattern
    }

    /// The pattern of row i.
    func index(ofRow i: Int) -> Int { Int(rowPattern[i]) }
}

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

/// out[0 ..< n] += s x[0 ..< n].
@inline(__always)
func axpy(_ n: Int, _ s: Double, _ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>) {
    for t in 0..<n { out[t] += s * x[t] }
}
