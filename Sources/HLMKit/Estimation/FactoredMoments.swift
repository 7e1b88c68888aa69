/// A unit's weighted moments from the products of its base columns (`RowFactors`): the row pass of a
/// heterogeneous fit with a continuous variance predictor.
///
/// Per unit it forms the rows' weights w = exp(-c'alpha) (`Level1Model.Rows.weight(row:alpha:)`, four at a time
/// by `VectorExponential`), then per row the products u_s u_t of the base columns (u_0 = 1) once, and adds them
/// times c_h w to S_h (h < orders) and times c_h c_l w to the second-order sums SQ_hl (only the products that
/// the stored Q_hl entries need). Then, once per unit, every moment is a scaled sum:
/// G_h[c, e] = f_c f_e S_h[b(c), b(e)] (f the unit's level-2 values), the same numbers
/// `ModelDesign.accumulateMoments` adds up row by row from the design's columns, in a fraction of the work (6
/// products per row instead of 31 for two random coefficients, two level-2 predictors and one continuous
/// variance predictor).
///
/// One per `UnitWorkspace` (per chunk of units), holding its scratch sums and the index tables that map each
/// moment to its product and factors.
final class FactoredMoments {
    let factors: RowFactors
    /// m + 1 and the number of products u_s u_t (s <= t).
    let baseWidth: Int, productCount: Int
    /// For each stored moment entry (narrow block, packed fixed block, stored Q_hl entry): the product it
    /// scales, and the two design columns whose level-2 factors scale it.
    private let narrow: [Entry], fixed: [Entry], second: [Entry]
    /// The products the second-order sums keep (indices into the products), and each stored Q_hl entry's
    /// slot among them (`second[t].product` is a slot there); for REML also each fixed entry's slot.
    private let secondProducts: [Int], fixedSecondSlots: [Int]

    /// S_h (orders x products), then SQ_hl (pairs x second products), the unit's sums.
    private let sums: UnsafeMutablePointer<Double>, secondSums: UnsafeMutablePointer<Double>
    /// One row's base values u and products, and the unit's level-2 factors f_c.
    private let u: UnsafeMutablePointer<Double>, products: UnsafeMutablePointer<Double>
    private let f: UnsafeMutablePointer<Double>
    private let sumCount: Int, secondCount: Int
    /// S_h (h < orders) and SQ_hl (1 <= h <= l) as lo and hi vectors of the products, for the loop over at most
    /// two base columns (`accumulateNarrow`); each product's lane there, and whether a stored SQ_hl entry needs hi.
    private let firstLo: UnsafeMutablePointer<SIMD4<Double>>, firstHi: UnsafeMutablePointer<SIMD2<Double>>
    private let secondLo: UnsafeMutablePointer<SIMD4<Double>>, secondHi: UnsafeMutablePointer<SIMD2<Double>>
    private let lane: [Int], secondHigh: Bool
    /// 0 ..< m, the base columns' places in a row of `factors.baseRows`.
    private let compactColumns: [Int]
    /// The unit's row weights (`rowWeights`) and its rows' vectors lo and hi (`accumulateNarrow`), room for
    /// `weightCapacity` rows.
    private var weights: UnsafeMutablePointer<Double>, weightCapacity = 128
    private var rowLo: UnsafeMutablePointer<SIMD4<Double>>, rowHi: UnsafeMutablePointer<SIMD2<Double>>

    struct Entry {
        let product: Int, row: Int, column: Int
    }

    init(factors: RowFactors, layout: MomentLayout, orders: Int, pairs: Int, secondOrderIndices: [Int],
         fixedPairs: Bool) {
        self.factors = factors
        baseWidth = factors.baseCount + 1
        productCount = factors.productCount
        let (p, k) = (layout.p, layout.k)
        func entry(_ r: Int, _ c: Int) -> Entry {
            Entry(product: factors.productIndex(factors.baseOf[r], factors.baseOf[c]), row: r, column: c)
        }
        // Narrow index t is entry (p + t / k, t % k) (`MomentLayout.index`).
        narrow = (0..<layout.narrowCount).map { entry(p + $0 / k, $0 % k) }
        fixed = (0..<p).flatMap { r in (r..<p).map { entry(r, $0) } }
        // Without pairs (a deviance pass) no second-order sums are kept, whatever the indices say.
        let secondEntries = pairs == 0 ? [] : secondOrderIndices.map { entry(p + $0 / k, $0 % k) }
        // The products the second-order sums need, in first-seen order, and each product's slot among them: an
        // array by product index, since a wide design has tens of thousands of products (a search per entry
        // made this quadratic in them).
        var needed: [Int] = []
        var slot = [Int](repeating: -1, count: factors.productCount)
        for e in secondEntries + (fixedPairs && pairs > 0 ? fixed : []) where slot[e.product] < 0 {
            slot[e.product] = needed.count
            needed.append(e.product)
        }
        secondProducts = needed
        second = secondEntries.map { Entry(product: slot[$0.product], row: $0.row, column: $0.column) }
        fixedSecondSlots = fixedPairs && pairs > 0 ? fixed.map { slot[$0.product] } : []
        sumCount = orders * productCount
        secondCount = pairs * needed.count
        sums = .allocate(capacity: sumCount)
        secondSums = .allocate(capacity: max(secondCount, 1))
        u = .allocate(capacity: baseWidth)
        products = .allocate(capacity: productCount)
        f = .allocate(capacity: k)
        firstLo = .allocate(capacity: orders)
        firstHi = .allocate(capacity: orders)
        secondLo = .allocate(capacity: max(pairs, 1))
        secondHi = .allocate(capacity: max(pairs, 1))
        // Packed (1, u_1, u_2, u_1^2, u_1 u_2, u_2^2) to lo = (1, u_1, u_1^2, u_2), hi = (u_1 u_2, u_2^2); with
        // one base column (1, u_1, u_1^2) to lo's first three lanes.
        lane = baseWidth == 3 ? [0, 1, 3, 2, 4, 5] : [0, 1, 2]
        let lane = lane
        secondHigh = baseWidth <= 3 && needed.contains { lane[$0] >= 4 }
        weights = .allocate(capacity: weightCapacity)
        rowLo = .allocate(capacity: weightCapacity)
        rowHi = .allocate(capacity: weightCapacity)
        compactColumns = Array(0..<factors.baseCount)
    }

    deinit {
        sums.deallocate()
        secondSums.deallocate()
        u.deallocate()
        products.deallocate()
        f.deallocate()
        firstLo.deallocate()
        firstHi.deallocate()
        secondLo.deallocate()
        secondHi.deallocate()
        weights.deallocate()
        rowLo.deallocate()
        rowHi.deallocate()
    }

    /// Fills `ws.moments` with unit j's moments at `alpha` (as `ModelDesign.accumulateMoments` lays them out)
    /// and adds its fixed blocks, times the unit's level-2 design weight, to `ws.fixedMoments`.
    func accumulate(unit j: Int, design: ModelDesign, alpha: [Double], into ws: UnitWorkspace) {
        let unitRows = design.grouping.rows(ofUnit: j)
        ws.rowsVisited += unitRows.count
        let weights = rowWeights(unitRows, design: design, alpha: alpha, into: ws)
        if baseWidth <= 3 {
            accumulateNarrow(unitRows, weights: weights, design: design, into: ws)
        } else {
            accumulateWide(unitRows, weights: weights, design: design, into: ws)
        }
        scatter(unit: j, design: design, into: ws)
    }

    /// The weights w_i = a_i exp(-c_i'alpha) of the unit's rows (`Level1Model.Rows.weights(of:alpha:into:)`, a_i
    /// the prior weights), in row order, keeping the smallest c_i'alpha and its first row in
    /// `ws.lowestLogVariance`.
    private func rowWeights(_ unitRows: Range<Int>, design: ModelDesign, alpha: [Double], into ws: UnitWorkspace)
        -> UnsafePointer<Double> {
        if unitRows.count > weightCapacity {
            weights.deallocate()
            rowLo.deallocate()
            rowHi.deallocate()
            weightCapacity = max(unitRows.count, 2 * weightCapacity)
            weights = .allocate(capacity: weightCapacity)
            rowLo = .allocate(capacity: weightCapacity)
            rowHi = .allocate(capacity: weightCapacity)
        }
        let weights = weights
        let lowest = design.level1.varianceRows.withUnsafeBufferPointer { storage in
            design.level1.rows(storage).weights(of: unitRows, alpha: alpha, into: weights)
        }
        // Strictly smaller only: units come in row order, so the first smallest row is kept.
        if lowest.value < ws.lowestLogVariance.value { ws.lowestLogVariance = lowest }
        return UnsafePointer(weights)
    }

    /// The row loop for any number of base columns: each row's products into `products`, then added times
    /// c_h w (and c_h c_l w) to the unit's sums.
    private func accumulateWide(_ unitRows: Range<Int>, weights: UnsafePointer<Double>, design: ModelDesign,
                                into ws: UnitWorkspace) {
        let h = design.varianceCount, orders = ws.orders, m = factors.baseCount
        let productCount = productCount, nSecond = secondProducts.count, baseWidth = baseWidth
        let (u, products, sums, secondSums) = (u, products, sums, secondSums)
        sums.update(repeating: 0, count: sumCount)
        secondSums.update(repeating: 0, count: max(secondCount, 1))
        u[0] = 1
        let (values, stride, columns) = baseColumns(design)
        columns.withUnsafeBufferPointer { base in
            secondProducts.withUnsafeBufferPointer { secondProducts in
                values.withUnsafeBufferPointer { v in
                    design.level1.varianceRows.withUnsafeBufferPointer { storage in
                        let rows = design.level1.rows(storage)
                        for (t, i) in unitRows.enumerated() {
                            let w = weights[t], c = rows.row(i)
                            let row = v.baseAddress! + i * stride
                            for s in 0..<m { u[s + 1] = row[base[s]] }
                            var index = 0
                            for s in 0..<baseWidth {
                                let us = u[s]
                                for t in s..<baseWidth {
                                    products[index] = us * u[t]
                                    index += 1
                                }
                            }
                            for a in 0..<orders { axpy(productCount, c[a] * w, products, sums + a * productCount) }
                            guard nSecond > 0 else { continue }
                            var out = secondSums
                            for a in 0..<h {
                                let ca = c[a] * w
                                for b in a..<h {
                                    let e = ca * c[b]
                                    for t in 0..<nSecond { out[t] += e * products[secondProducts[t]] }
                                    out += nSecond
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The row loop for at most two non-constant base columns (u = 1, u_1, u_2: every model with one level-1
    /// predictor and the outcome): a row's products are two vectors, lo = (1, u_1, u_1^2, u_2) and
    /// hi = (u_1 u_2, u_2^2) (`lane` maps each packed product to its lane), and each sum S_h and SQ_hl is the
    /// same pair of vectors, updated by whole-vector multiply-adds in row order: the multiplications and
    /// additions of `accumulateWide`, so the same numbers, without its loops over products and index tables.
    ///
    /// Since c_0 = 1, SQ_0l = sum_i (c_0 w) c_l P_i is S_l (the same products, w c_l = c_l w), so only the pairs
    /// 1 <= h <= l are summed, and only their lo vector unless a stored entry needs hi: the second-order products
    /// are those of x and z (REML's fixed blocks, the z block), never of the outcome u_m, so lo holds them.
    ///
    /// The sums are kept in registers over the unit's rows, a few at a time (all of them at once would not fit:
    /// 15 two-lane registers for H = 2), in sweeps over the rows: the first adds S_0 and keeps each row's lo and
    /// hi (`rowLo`, `rowHi`), then one sweep per h >= 1 adds S_h and up to two SQ_hl, reading the unit's rows
    /// again from the cache. Each sum still adds its rows' terms in row order.
    private func accumulateNarrow(_ unitRows: Range<Int>, weights: UnsafePointer<Double>, design: ModelDesign,
                                  into ws: UnitWorkspace) {
        let h = design.varianceCount, orders = ws.orders, pairs = ws.pairs, count = unitRows.count
        let m = factors.baseCount, productCount = productCount, nSecond = secondProducts.count
        let (firstLo, firstHi, secondLo, secondHi) = (firstLo, firstHi, secondLo, secondHi)
        let (rowLo, rowHi) = (rowLo, rowHi)
        let ownPairs = pairs > 0 ? pairs - h : 0, secondHigh = self.secondHigh
        let (values, stride, columns) = baseColumns(design)
        let (b1, b2) = (columns[0], columns[m > 1 ? 1 : 0])
        values.withUnsafeBufferPointer { v in
            design.level1.varianceRows.withUnsafeBufferPointer { storage in
                let rows = design.level1.rows(storage)
                let c = rows.row(unitRows.lowerBound), cStride = rows.stride
                let first = v.baseAddress! + unitRows.lowerBound * stride
                var sumLo = SIMD4<Double>.zero, sumHi = SIMD2<Double>.zero
                for t in 0..<count {
                    let row = first + t * stride, w = weights[t]
                    let u1 = row[b1], u2 = m == 2 ? row[b2] : 0
                    let lo = SIMD4(1, u1, u1 * u1, u2), hi = SIMD2(u1 * u2, u2 * u2)
                    rowLo[t] = lo
                    rowHi[t] = hi
                    let scale = c[t * cStride] * w
                    sumLo += scale * lo
                    if m == 2 { sumHi += scale * hi }
                }
                firstLo[0] = sumLo
                firstHi[0] = sumHi
                // Sweep h: S_h and the pairs (h, l), (h, l + 1) when `pair` >= 0 (their index among the pairs).
                var own = 0
                for a in 1..<orders {
                    var l = a
                    repeat {
                        let pair = ownPairs > 0 ? own : -1, second = ownPairs > 0 && l + 1 < h
                        let l0 = l, l1 = second ? l + 1 : l
                        var sumLo = SIMD4<Double>.zero, sumHi = SIMD2<Double>.zero
                        var lo0 = SIMD4<Double>.zero, hi0 = SIMD2<Double>.zero
                        var lo1 = SIMD4<Double>.zero, hi1 = SIMD2<Double>.zero
                        let firstSweep = l == a
                        for t in 0..<count {
                            let row = c + t * cStride, ca = row[a] * weights[t]
                            let (lo, hi) = (rowLo[t], rowHi[t])
                            if firstSweep {
                                sumLo += ca * lo
                                if m == 2 { sumHi += ca * hi }
                            }
                            guard pair >= 0 else { continue }
                            let scale0 = ca * row[l0]
                            lo0 += scale0 * lo
                            if secondHigh { hi0 += scale0 * hi }
                            guard second else { continue }
                            let scale1 = ca * row[l1]
                            lo1 += scale1 * lo
                            if secondHigh { hi1 += scale1 * hi }
                        }
                        if firstSweep {
                            firstLo[a] = sumLo
                            firstHi[a] = sumHi
                        }
                        guard pair >= 0 else { break }
                        secondLo[pair] = lo0
                        secondHi[pair] = hi0
                        own += 1
                        if second {
                            secondLo[pair + 1] = lo1
                            secondHi[pair + 1] = hi1
                            own += 1
                        }
                        l += second ? 2 : 1
                    } while l < h
                }
            }
        }
        func value(_ lo: SIMD4<Double>, _ hi: SIMD2<Double>, product: Int) -> Double {
            let lane = self.lane[product]
            return lane < 4 ? lo[lane] : hi[lane - 4]
        }
        for a in 0..<orders {
            for t in 0..<productCount { sums[a * productCount + t] = value(firstLo[a], firstHi[a], product: t) }
        }
        var pair = 0, own = 0
        for a in 0..<(pairs > 0 ? h : 0) {
            for b in a..<h {
                let (lo, hi) = a == 0 ? (firstLo[b], firstHi[b]) : (secondLo[own], secondHi[own])
                for t in 0..<nSecond { secondSums[pair * nSecond + t] = value(lo, hi, product: secondProducts[t]) }
                if a > 0 { own += 1 }
                pair += 1
            }
        }
    }

    /// Where the rows' base columns are: u_s of row i is `values[i * stride + columns[s - 1]]`, in the
    /// narrow copy `factors.baseRows` when the design has it, else in the design's rows.
    private func baseColumns(_ design: ModelDesign) -> (values: [Double], stride: Int, columns: [Int]) {
        factors.baseRows.isEmpty ? (design.rows, design.rowWidth, factors.base)
            : (factors.baseRows, factors.baseCount, compactColumns)
    }

    /// The unit's moments from its sums: each entry f_r f_c times its product's sum.
    private func scatter(unit j: Int, design: ModelDesign, into ws: UnitWorkspace) {
        for c in 0..<design.rowWidth { f[c] = factors.level2[c]?[j] ?? 1 }
        let narrowCount = ws.layout.narrowCount, tri = ws.layout.fixed.count, orders = ws.orders
        let unitWeight = design.level1.unitWeight(j), nSecond = secondProducts.count
        for a in 0..<orders {
            let s = sums + a * productCount, out = ws.moments + a * narrowCount
            for (t, e) in narrow.enumerated() { out[t] = f[e.row] * f[e.column] * s[e.product] }
            let fixedOut = ws.fixedMoments + a * tri
            for (t, e) in fixed.enumerated() { fixedOut[t] += unitWeight * f[e.row] * f[e.column] * s[e.product] }
        }
        guard ws.pairs > 0 else { return }
        for pair in 0..<ws.pairs {
            let s = secondSums + pair * nSecond, out = ws.moments + orders * narrowCount + pair * ws.pairWidth
            for (t, e) in second.enumerated() { out[t] = f[e.row] * f[e.column] * s[e.product] }
            guard !fixedSecondSlots.isEmpty else { continue }
            let fixedOut = ws.fixedMoments + (orders + pair) * tri
            for (t, e) in fixed.enumerated() {
                fixedOut[t] += unitWeight * f[e.row] * f[e.column] * s[fixedSecondSlots[t]]
            }
        }
    }
}
