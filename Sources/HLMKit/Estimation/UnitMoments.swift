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

/// Precomputed unweighted products per (unit, variance stratum): every row of a stratum has the same
/// variance-design row c_s, so sum_{i in s} w_i v_i v_i' = w_s P_s with P_s = sum_{i in s} v_i v_i'.
///
/// Stored flat, unit by unit, in memory allocated once and never changed (hence `@unchecked Sendable`): an
/// iteration reads it through raw pointers, with no array copies or reference counting per unit.
final class VarianceStrata: @unchecked Sendable {
    /// H + 1, the length of a variance-design row, and k(k+1)/2, the length of a packed product.
    let width: Int, productCount: Int
    /// The distinct variance-design rows, `width` numbers each (at most `MomentSource`'s maximum).
    let patterns: UnsafeMutableBufferPointer<Double>
    /// Unit j's strata are `unitStart[j] ..< unitStart[j + 1]`.
    let unitStart: UnsafeMutableBufferPointer<Int>
    /// The pattern of each stratum.
    let pattern: UnsafeMutableBufferPointer<Int>
    /// P_s of each stratum, packed upper triangles.
    let products: UnsafeMutableBufferPointer<Double>

    /// Groups each unit's rows by their pattern in `found` (strata in order of first appearance within the
    /// unit).
    init(design: ModelDesign, patterns found: VariancePatterns) {
        let k = design.rowWidth, packing = TrianglePacking(order: k)
        width = found.width
        productCount = packing.count
        patterns = .allocate(capacity: found.values.count)
        _ = patterns.initialize(from: found.values)
        let starts = UnsafeMutableBufferPointer<Int>.allocate(capacity: design.unitCount + 1)
        var strataPattern: [Int] = []
        strataPattern.reserveCapacity(design.unitCount)
        var slots = [Int](repeating: -1, count: found.values.count / width)
        // Each row's pattern is read through one pointer in both passes.
        found.rowPattern.withUnsafeBufferPointer { rowPattern in
            for j in 0..<design.unitCount {
                starts[j] = strataPattern.count
                for i in design.unitOffsets[j]..<design.unitOffsets[j + 1] where slots[Int(rowPattern[i])] < 0 {
                    slots[Int(rowPattern[i])] = strataPattern.count
                    strataPattern.append(Int(rowPattern[i]))
                }
                for s in starts[j]..<strataPattern.count { slots[strataPattern[s]] = -1 }
            }
        }
        starts[design.unitCount] = strataPattern.count
        let sums = UnsafeMutableBufferPointer<Double>.allocate(capacity: strataPattern.count * productCount)
        sums.initialize(repeating: 0)
        design.rows.withUnsafeBufferPointer { v in
            found.rowPattern.withUnsafeBufferPointer { rowPattern in
                for j in 0..<design.unitCount {
                    for s in starts[j]..<starts[j + 1] { slots[strataPattern[s]] = s }
                    for i in design.unitOffsets[j]..<design.unitOffsets[j + 1] {
                        packing.addOuterProduct(v.baseAddress! + i * k, scale: 1,
                                                into: sums.baseAddress! + slots[Int(rowPattern[i])] * packing.count)
                    }
                }
            }
        }
        unitStart = starts
        pattern = .allocate(capacity: strataPattern.count)
        _ = pattern.initialize(from: strataPattern)
        products = sums
    }

    /// One stratum per unit, variance-design row 1 (the homogeneous model's moments, C = 1), its packed
    /// product filled by `fill(j, out)`.
    private init(units: Int, productCount: Int, fill: (Int, UnsafeMutablePointer<Double>) -> Void) {
        width = 1
        self.productCount = productCount
        patterns = .allocate(capacity: 1)
        patterns.initialize(repeating: 1)
        unitStart = .allocate(capacity: units + 1)
        _ = unitStart.initialize(from: 0...units)
        pattern = .allocate(capacity: units)
        pattern.initialize(repeating: 0)
        products = .allocate(capacity: units * productCount)
        products.initialize(repeating: 0)
        for j in 0..<units { fill(j, products.baseAddress! + j * productCount) }
    }

    /// One stratum per unit whose product is the sum of `strata`'s products for the unit: the homogeneous
    /// model's moments without another pass over the rows.
    convenience init(mergingUnitsOf strata: VarianceStrata) {
        self.init(units: strata.unitStart.count - 1, productCount: strata.productCount) { j, out in
            strata.addUnitTotal(j, into: out)
        }
    }

    deinit {
        patterns.deallocate()
        unitStart.deallocate()
        pattern.deallocate()
        products.deallocate()
    }

    /// One stratum per unit: P_j = sum_i v_i v_i' over all its rows, the moments of the homogeneous model
    /// (C = 1).
    static func unitTotals(_ design: ModelDesign) -> VarianceStrata {
        let k = design.rowWidth, packing = TrianglePacking(order: k)
        return design.rows.withUnsafeBufferPointer { v in
            VarianceStrata(units: design.unitCount, productCount: packing.count) { j, out in
                for i in design.unitOffsets[j]..<design.unitOffsets[j + 1] {
                    packing.addOuterProduct(v.baseAddress! + i * k, scale: 1, into: out)
                }
            }
        }
    }

    /// The number of distinct variance-design rows.
    var patternCount: Int { patterns.count / width }

    /// Unit j's P_j = sum of its strata's products, added to `out` (packed).
    func addUnitTotal(_ j: Int, into out: UnsafeMutablePointer<Double>) {
        for s in unitStart[j]..<unitStart[j + 1] { axpy(productCount, 1, products.baseAddress! + s * productCount, out) }
    }
}

/// Where the weighted moments come from: products precomputed once per (unit, stratum) when every variance
/// predictor is categorical (iterations then cost nothing per row), or one pass over the unit's rows.
enum MomentSource {
    case strata(VarianceStrata)
    case rows

    /// Strata when the variance design has at most `maximumPatterns` distinct rows, else `.rows`.
    static func choose(for design: ModelDesign, maximumPatterns: Int = 16) -> MomentSource {
        guard let patterns = VariancePatterns(design, maximumPatterns: maximumPatterns) else { return .rows }
        return .strata(VarianceStrata(design: design, patterns: patterns))
    }
}

/// The distinct rows of the variance design C (when there are few), and which one each row is.
struct VariancePatterns {
    /// The number of entries of a row of C (H + 1).
    let width: Int
    /// The distinct rows, `width` numbers each, in order of first appearance.
    let values: [Double]
    /// The pattern of each row of C.
    let rowPattern: [Int32]

    /// Nil when C has more than `maximumPatterns` distinct rows (a continuous predictor).
    init?(_ design: ModelDesign, maximumPatterns: Int) {
        let h = design.varianceCount
        var rowPattern = [Int32](repeating: 0, count: design.rowCount)
        var found: [Double] = []
        let ok = design.varianceRows.withUnsafeBufferPointer { c -> Bool in
            var last = -1
            for i in 0..<design.rowCount {
                let row = c.baseAddress! + i * h
                func matches(_ pattern: Int) -> Bool {
                    for a in 0..<h where found[pattern * h + a] != row[a] { return false }
                    return true
                }
                if last < 0 || !matches(last) {
                    if let known = (0..<(found.count / h)).first(where: matches) {
                        last = known
                    } else {
                        guard found.count / h < maximumPatterns else { return false }
                        found.append(contentsOf: UnsafeBufferPointer(start: row, count: h))
                        last = found.count / h - 1
                    }
                }
                rowPattern[i] = Int32(last)
            }
            return true
        }
        guard ok else { return nil }
        width = h
        values = found
        self.rowPattern = rowPattern
    }
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
