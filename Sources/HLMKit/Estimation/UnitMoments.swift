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

/// Where each cross-product of v = [x (p), z (q), y] is kept. A unit's moments are its "narrow" block, the
/// rows of z and y against every column: (q + 1) x k numbers, entry (p + a, c) at a k + c. The fixed block
/// sum_i w_i x_i x_i' is never kept per unit: only its sum over units (per variance pattern) enters the
/// likelihood (Phi = sum_j X_j'W_j X_j - ...), so a unit costs O(p q) memory and work instead of O(p^2).
struct MomentLayout {
    let p: Int, q: Int
    /// k = p + q + 1.
    var k: Int { p + q + 1 }
    /// (q + 1) k, the numbers of one unit's narrow block.
    var narrowCount: Int { (q + 1) * k }
    /// The packed upper triangle of the p x p fixed block.
    var fixed: TrianglePacking { TrianglePacking(order: p) }

    init(_ design: ModelDesign) {
        p = design.fixedCount
        q = design.randomCount
    }

    /// Index of entry (r, c) in a narrow block; one of r, c must be at least p (a z or y variable).
    @inline(__always)
    func index(_ r: Int, _ c: Int) -> Int { r >= p ? (r - p) * k + c : (c - p) * k + r }

    /// narrow += s v_{p..<k} v' and, when `fixed` is given, fixed += s x x' (packed): one row's products.
    @inline(__always)
    func addRow(_ v: UnsafePointer<Double>, scale s: Double, narrow: UnsafeMutablePointer<Double>,
                fixed: UnsafeMutablePointer<Double>?) {
        let k = k
        for a in 0...q {
            let sa = s * v[p + a]
            let out = narrow + a * k
            for c in 0..<k { out[c] += sa * v[c] }
        }
        if let fixed { self.fixed.addOuterProduct(v, scale: s, into: fixed) }
    }
}

/// Precomputed unweighted products per (unit, variance stratum): every row of a stratum has the same
/// variance-design row c_s, so sum_{i in s} w_i v_i v_i' = w_s P_s with P_s = sum_{i in s} v_i v_i'. Each
/// stratum keeps the narrow block of P_s (`MomentLayout`); the fixed block is kept once per variance pattern,
/// summed over the units: F_c = sum over the strata of pattern c of sum_i x_i x_i'.
///
/// Stored flat, unit by unit, in memory allocated once and never changed (hence `@unchecked Sendable`): an
/// iteration reads it through raw pointers, with no array copies or reference counting per unit.
final class VarianceStrata: @unchecked Sendable {
    /// H + 1, the length of a variance-design row, (q + 1) k, the length of a narrow block, and p(p + 1)/2,
    /// the length of a packed fixed block.
    let width: Int, productCount: Int, fixedCount: Int
    /// The distinct variance-design rows, `width` numbers each (at most `MomentSource`'s maximum).
    let patterns: UnsafeMutableBufferPointer<Double>
    /// Unit j's strata are `unitStart[j] ..< unitStart[j + 1]`.
    let unitStart: UnsafeMutableBufferPointer<Int>
    /// The pattern of each stratum.
    let pattern: UnsafeMutableBufferPointer<Int>
    /// The narrow block of P_s of each stratum.
    let products: UnsafeMutableBufferPointer<Double>
    /// F_c of each pattern, packed upper triangles.
    let fixedProducts: UnsafeMutableBufferPointer<Double>

    /// Groups each unit's rows by their pattern in `found` (strata in order of first appearance within the
    /// unit).
    init(design: ModelDesign, patterns found: VariancePatterns) {
        let k = design.rowWidth, layout = MomentLayout(design)
        let (productCount, fixedCount) = (layout.narrowCount, layout.fixed.count)
        width = found.width
        self.productCount = productCount
        self.fixedCount = fixedCount
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
                for i in design.grouping.rows(ofUnit: j) where slots[Int(rowPattern[i])] < 0 {
                    slots[Int(rowPattern[i])] = strataPattern.count
                    strataPattern.append(Int(rowPattern[i]))
                }
                for s in starts[j]..<strataPattern.count { slots[strataPattern[s]] = -1 }
            }
        }
        starts[design.unitCount] = strataPattern.count
        let sums = UnsafeMutableBufferPointer<Double>.allocate(capacity: strataPattern.count * productCount)
        sums.initialize(repeating: 0)
        let patternCount = found.values.count / found.width
        var fixedSums = Array(repeating: OuterProductSum(order: layout.p, upperOnly: true), count: patternCount)
        design.rows.withUnsafeBufferPointer { v in
            found.rowPattern.withUnsafeBufferPointer { rowPattern in
                for j in 0..<design.unitCount {
                    for s in starts[j]..<starts[j + 1] { slots[strataPattern[s]] = s }
                    for i in design.grouping.rows(ofUnit: j) {
                        let row = Int(rowPattern[i]), x = v.baseAddress! + i * k
                        layout.addRow(x, scale: 1, narrow: sums.baseAddress! + slots[row] * productCount, fixed: nil)
                        fixedSums[row].add(x, x)
                    }
                }
            }
        }
        let fixed = UnsafeMutableBufferPointer<Double>.allocate(capacity: patternCount * fixedCount)
        for c in 0..<patternCount { layout.fixed.pack(fixedSums[c].total(), into: fixed.baseAddress! + c * fixedCount) }
        unitStart = starts
        pattern = .allocate(capacity: strataPattern.count)
        _ = pattern.initialize(from: strataPattern)
        products = sums
        fixedProducts = fixed
    }

    /// One stratum per unit, variance-design row 1 (the homogeneous model's moments, C = 1): unit j's narrow
    /// block filled by `fill(j, narrow)`, the fixed block F by `fillFixed(F)`.
    private init(units: Int, layout: MomentLayout, fill: (Int, UnsafeMutablePointer<Double>) -> Void,
                 fillFixed: (UnsafeMutablePointer<Double>) -> Void) {
        width = 1
        productCount = layout.narrowCount
        fixedCount = layout.fixed.count
        patterns = .allocate(capacity: 1)
        patterns.initialize(repeating: 1)
        unitStart = .allocate(capacity: units + 1)
        _ = unitStart.initialize(from: 0...units)
        pattern = .allocate(capacity: units)
        pattern.initialize(repeating: 0)
        products = .allocate(capacity: units * productCount)
        products.initialize(repeating: 0)
        for j in 0..<units { fill(j, products.baseAddress! + j * productCount) }
        fixedProducts = .allocate(capacity: fixedCount)
        fixedProducts.initialize(repeating: 0)
        fillFixed(fixedProducts.baseAddress!)
    }

    /// One stratum per unit whose product is the sum of `strata`'s products for the unit: the homogeneous
    /// model's moments without another pass over the rows.
    convenience init(mergingUnitsOf strata: VarianceStrata, layout: MomentLayout) {
        self.init(units: strata.unitStart.count - 1, layout: layout) { j, out in
            strata.addUnitTotal(j, into: out)
        } fillFixed: { out in
            strata.addFixedTotal(into: out)
        }
    }

    deinit {
        patterns.deallocate()
        unitStart.deallocate()
        pattern.deallocate()
        products.deallocate()
        fixedProducts.deallocate()
    }

    /// One stratum per unit: P_j = sum_i v_i v_i' over all its rows, the moments of the homogeneous model
    /// (C = 1); the fixed block X'X is the design's `fixedCrossProducts` when it has them.
    static func unitTotals(_ design: ModelDesign) -> VarianceStrata {
        let k = design.rowWidth, layout = MomentLayout(design)
        return design.rows.withUnsafeBufferPointer { v in
            VarianceStrata(units: design.unitCount, layout: layout) { j, out in
                for i in design.grouping.rows(ofUnit: j) {
                    layout.addRow(v.baseAddress! + i * k, scale: 1, narrow: out, fixed: nil)
                }
            } fillFixed: { out in
                // X'X as the design's build summed it (the same sum, row by row), else summed here.
                guard design.fixedCrossProducts.count != layout.fixed.count else {
                    out.update(from: design.fixedCrossProducts, count: layout.fixed.count)
                    return
                }
                var sum = OuterProductSum(order: layout.p, upperOnly: true)
                for i in 0..<design.rowCount { sum.add(v.baseAddress! + i * k, v.baseAddress! + i * k) }
                layout.fixed.pack(sum.total(), into: out)
            }
        }
    }

    /// The number of distinct variance-design rows.
    var patternCount: Int { patterns.count / width }

    /// Unit j's narrow block of P_j = sum of its strata's products, added to `out`.
    func addUnitTotal(_ j: Int, into out: UnsafeMutablePointer<Double>) {
        for s in unitStart[j]..<unitStart[j + 1] { axpy(productCount, 1, products.baseAddress! + s * productCount, out) }
    }

    /// sum_i x_i x_i' over all rows (packed), added to `out`.
    func addFixedTotal(into out: UnsafeMutablePointer<Double>) {
        for c in 0..<patternCount { axpy(fixedCount, 1, fixedProducts.baseAddress! + c * fixedCount, out) }
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
        let ok = design.level1.varianceRows.withUnsafeBufferPointer { c -> Bool in
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

/// out[0 ..< n] += s x[0 ..< n].
@inline(__always)
func axpy(_ n: Int, _ s: Double, _ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>) {
    for t in 0..<n { out[t] += s * x[t] }
}
