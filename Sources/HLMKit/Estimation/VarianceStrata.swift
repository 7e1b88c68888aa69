/// Precomputed products per (unit, variance stratum): every row of a stratum has the same variance-design
/// row c_s, so sum_{i in s} w_i v_i v_i' = w_s P_s with P_s = sum_{i in s} a_i v_i v_i' (a_i the rows' prior
/// weights, `Level1Model.rowWeights`, 1 without them). Each stratum keeps the narrow block of P_s
/// (`MomentLayout`); the fixed block is kept once per variance pattern, summed over the units:
/// F_c = sum over the strata of pattern c of sum_i a_i x_i x_i'.
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
    /// unit), each row's product scaled by its prior weight (when the design has them).
    convenience init(design: ModelDesign, patterns found: VariancePatterns) {
        if let prior = design.level1.rowWeights {
            self.init(design: design, patterns: found, scale: PriorScale(weights: prior.values.baseAddress!),
                      fixedScale: PriorScale(weights: (prior.fixedValues ?? prior.values).baseAddress!))
        } else {
            self.init(design: design, patterns: found, scale: UnitScale(), fixedScale: UnitScale())
        }
    }

    /// The strata of `found` with row i's product scaled by `scale[i]` in its unit's narrow block and by
    /// `fixedScale[i]` in the fixed blocks summed over units (a_i b_j with design weights, see
    /// `RowWeights.fixedValues`), specialised per kind of scale, as `unitTotals`.
    private init<Scale: RowScale>(design: ModelDesign, patterns found: VariancePatterns, scale: Scale,
                                  fixedScale: Scale) {
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
                        let row = Int(rowPattern[i]), x = v.baseAddress! + i * k, a = scale[i]
                        layout.addRow(x, scale: a, narrow: sums.baseAddress! + slots[row] * productCount, fixed: nil)
                        fixedSums[row].add(x, x, scale: fixedScale[i])
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
    /// block filled by `fill(j, narrow)` (for ranges of units on all cores at once), the fixed block F by
    /// `fillFixed(F)`.
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
        // Each unit's block is its own sum, so filling ranges of units on all cores gives the same numbers.
        let (out, productCount) = (products.baseAddress!, productCount)
        _ = concurrentChunks(units) { _, range in
            for j in range { fill(j, out + j * productCount) }
        }
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

    /// One stratum per unit: P_j = sum_i a_i v_i v_i' over all its rows (a_i the prior weights, 1 without them),
    /// the moments of the homogeneous model (C = 1); the fixed block X'X is the design's `fixedCrossProducts`
    /// when it has them and the rows have no prior weights. Without prior weights, a design that kept its
    /// units' products of the base columns (`RowFactors.unitProducts`) gives every P_j from them, reading no
    /// row (`unitTotals(_:factors:)`).
    static func unitTotals(_ design: ModelDesign) -> VarianceStrata {
        guard let prior = design.level1.rowWeights else {
            if let factors = design.rowFactors, !factors.unitProducts.isEmpty,
               design.fixedCrossProducts.count == MomentLayout(design).fixed.count {
                return unitTotals(design, factors: factors)
            }
            return unitTotals(design, scale: UnitScale(), fixedScale: UnitScale())
        }
        return unitTotals(design, scale: PriorScale(weights: prior.values.baseAddress!),
                          fixedScale: PriorScale(weights: (prior.fixedValues ?? prior.values).baseAddress!))
    }

    /// `unitTotals` with row i's product scaled by `scale[i]` (by `fixedScale[i]` in the fixed block summed over
    /// units), specialised for each kind of scale so that the unweighted loop multiplies by the constant 1 as
    /// it did before prior weights existed.
    private static func unitTotals<Scale: RowScale>(_ design: ModelDesign, scale: Scale, fixedScale: Scale)
        -> VarianceStrata {
        let k = design.rowWidth, layout = MomentLayout(design)
        return design.rows.withUnsafeBufferPointer { v in
            VarianceStrata(units: design.unitCount, layout: layout) { j, out in
                for i in design.grouping.rows(ofUnit: j) {
                    layout.addRow(v.baseAddress! + i * k, scale: scale[i], narrow: out, fixed: nil)
                }
            } fillFixed: { out in
                // X'X as the design's build summed it (the same sum, row by row), else summed here.
                guard Scale.self != UnitScale.self || design.fixedCrossProducts.count != layout.fixed.count else {
                    out.update(from: design.fixedCrossProducts, count: layout.fixed.count)
                    return
                }
                var sum = OuterProductSum(order: layout.p, upperOnly: true)
                for i in 0..<design.rowCount {
                    sum.add(v.baseAddress! + i * k, v.baseAddress! + i * k, scale: fixedScale[i])
                }
                layout.fixed.pack(sum.total(), into: out)
            }
        }
    }

    /// `unitTotals` of unweighted rows from the units' products of the base columns: P_j's narrow block is
    /// G_j[r, c] = f_rj f_cj P_j[b(r), b(c)] (`RowFactors.unitNarrowBlock`), J (q + 1) k numbers instead of a
    /// pass over the N rows of 8k bytes each; X'X is the design's `fixedCrossProducts`.
    private static func unitTotals(_ design: ModelDesign, factors: RowFactors) -> VarianceStrata {
        let layout = MomentLayout(design), entries = factors.narrowProducts(layout)
        return VarianceStrata(units: design.unitCount, layout: layout) { j, out in
            factors.unitNarrowBlock(j, entries: entries, into: out)
        } fillFixed: { out in
            out.update(from: design.fixedCrossProducts, count: layout.fixed.count)
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

/// A factor per row for the precomputed products: 1 (`UnitScale`) or the rows' prior weights (`PriorScale`).
protocol RowScale {
    /// The factor of row i.
    subscript(_ i: Int) -> Double { get }
}

/// Every row's factor is 1 (no prior weights).
struct UnitScale: RowScale {
    @inline(__always) subscript(_ i: Int) -> Double { 1 }
}

/// Row i's factor is its prior weight a_i (`Level1Model.rowWeights`).
struct PriorScale: RowScale {
    /// a_0, a_1, ... in the design's row order.
    let weights: UnsafePointer<Double>
    @inline(__always) subscript(_ i: Int) -> Double { weights[i] }
}
