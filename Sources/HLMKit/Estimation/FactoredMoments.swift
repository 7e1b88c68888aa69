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
    private let narrow: [RowFactors.ScaledProduct], fixed: [RowFactors.ScaledProduct]
    private let second: [RowFactors.ScaledProduct]
    /// The products the second-order sums keep (indices into the products), and each stored Q_hl entry's
    /// slot among them (`second[t].product` is a slot there); for REML also each fixed entry's slot.
    private let secondProducts: [Int], fixedSecondSlots: [Int]

    /// S_h (orders x products), then SQ_hl (pairs x second products), the unit's sums.
    private let sums: UnsafeMutablePointer<Double>, secondSums: UnsafeMutablePointer<Double>
    /// One row's base values u and products, and the unit's level-2 factors f_c.
    private let u: UnsafeMutablePointer<Double>, products: UnsafeMutablePointer<Double>
    private let f: UnsafeMutablePointer<Double>
    private let sumCount: Int, secondCount: Int
    /// For the loop over at most two base columns (`accumulateNarrow`): the number of row scales it sums
    /// (c_h w for h < orders, then c_h w c_l for 1 <= h <= l when the pass keeps pairs), each product's place
    /// among a scale's six sums (0 ..< 3: 1, u_1, u_1^2; 3 ..< 6: u_2, u_1 u_2, u_2^2), and whether a stored
    /// SQ_hl entry needs one of the last three.
    private let scaleCount: Int, productSlot: [Int], secondNeedsOutcome: Bool
    /// The unit's sums there, six per scale (`productSlot`).
    private let scaleSums: UnsafeMutablePointer<Double>
    /// 0 ..< m, the base columns' places in a row of `factors.baseRows`.
    private let compactColumns: [Int]
    /// The unit's row weights (`rowWeights`), and for `accumulateNarrow` its row scales and base columns, one
    /// array of `spacing` numbers each (room for `weightCapacity` rows and a row of zeros after an odd count).
    private var weights: UnsafeMutablePointer<Double>, weightCapacity = 128
    private var scales: UnsafeMutablePointer<Double>, columns: UnsafeMutablePointer<Double>
    private var spacing: Int { weightCapacity + 2 }

    init(factors: RowFactors, layout: MomentLayout, orders: Int, pairs: Int, secondOrderIndices: [Int],
         fixedPairs: Bool) {
        self.factors = factors
        baseWidth = factors.baseCount + 1
        productCount = factors.productCount
        let (p, k) = (layout.p, layout.k)
        narrow = factors.narrowProducts(layout)
        fixed = (0..<p).flatMap { r in (r..<p).map { factors.scaledProduct(r, $0) } }
        // Without pairs (a deviance pass) no second-order sums are kept, whatever the indices say.
        let secondEntries = pairs == 0 ? [] : secondOrderIndices.map { factors.scaledProduct(p + $0 / k, $0 % k) }
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
        second = secondEntries.map {
            RowFactors.ScaledProduct(product: slot[$0.product], row: $0.row, column: $0.column)
        }
        fixedSecondSlots = fixedPairs && pairs > 0 ? fixed.map { slot[$0.product] } : []
        sumCount = orders * productCount
        secondCount = pairs * needed.count
        sums = .allocate(capacity: sumCount)
        secondSums = .allocate(capacity: max(secondCount, 1))
        u = .allocate(capacity: baseWidth)
        products = .allocate(capacity: productCount)
        f = .allocate(capacity: k)
        // With pairs, orders = H + 1 and there are pairs - (H + 1) pairs 1 <= h <= l.
        scaleCount = pairs > 0 ? pairs : orders
        scaleSums = .allocate(capacity: 6 * scaleCount)
        // Packed (1, u_1, u_2, u_1^2, u_1 u_2, u_2^2), or (1, u_1, u_1^2) with one base column.
        var productSlot = [Int](repeating: 0, count: factors.productCount)
        if baseWidth <= 3 {
            for (slot, (s, t)) in [(0, 0), (0, 1), (1, 1), (0, 2), (1, 2), (2, 2)].enumerated() where t < baseWidth {
                productSlot[factors.productIndex(s, t)] = slot
            }
        }
        self.productSlot = productSlot
        secondNeedsOutcome = needed.contains { productSlot[$0] >= 3 }
        weights = .allocate(capacity: weightCapacity)
        scales = .allocate(capacity: scaleCount * (weightCapacity + 2))
        columns = .allocate(capacity: 2 * (weightCapacity + 2))
        compactColumns = Array(0..<factors.baseCount)
    }

    deinit {
        sums.deallocate()
        secondSums.deallocate()
        u.deallocate()
        products.deallocate()
        f.deallocate()
        scaleSums.deallocate()
        weights.deallocate()
        scales.deallocate()
        columns.deallocate()
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
            scales.deallocate()
            columns.deallocate()
            weightCapacity = max(unitRows.count, 2 * weightCapacity)
            weights = .allocate(capacity: weightCapacity)
            scales = .allocate(capacity: scaleCount * spacing)
            columns = .allocate(capacity: 2 * spacing)
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
    /// predictor and the outcome). Every sum is sum_i s_i P_i for a row scale s_i, c_h w_i for S_h (h < orders)
    /// and c_h w_i c_l for SQ_hl (1 <= h <= l; SQ_0l is S_l, since c_0 = 1), and a product P_i of the base
    /// columns: 1, u_1, u_1^2, and with two of them u_2, u_1 u_2, u_2^2 (the latter three only for S_h, unless a
    /// stored SQ_hl entry needs them: the second-order products are those of x and z, not of the outcome u_m).
    ///
    /// The unit's scales and base columns are first laid out one array each (`scales`, `columns`, from C's and
    /// the base columns' rows), then summed in sweeps of up to three scales times three products (nine sums in
    /// registers), two rows per vector: lane 0 adds the unit's even rows and lane 1 its odd rows, each in row
    /// order, and the two lanes are added at the end (an odd count's last row is paired with zeros). Each
    /// term s_i P_i is the product `accumulateWide` adds; only the order of the additions differs.
    private func accumulateNarrow(_ unitRows: Range<Int>, weights: UnsafePointer<Double>, design: ModelDesign,
                                  into ws: UnitWorkspace) {
        let h = design.varianceCount, orders = ws.orders, pairs = ws.pairs, count = unitRows.count
        let m = factors.baseCount, productCount = productCount, scaleCount = scaleCount, spacing = spacing
        let (scales, u, results) = (scales, columns, scaleSums)
        let (values, stride, baseColumns) = baseColumns(design)
        let (b1, b2) = (baseColumns[0], baseColumns[m > 1 ? 1 : 0])
        values.withUnsafeBufferPointer { v in
            design.level1.varianceRows.withUnsafeBufferPointer { storage in
                let rows = design.level1.rows(storage)
                let c = rows.row(unitRows.lowerBound), cStride = rows.stride
                let first = v.baseAddress! + unitRows.lowerBound &* stride
                for t in 0..<count {
                    let row = first + t &* stride
                    u[t] = row[b1]
                    if m == 2 { u[spacing &+ t] = row[b2] }
                }
                // H as a constant in the common cases, so that the loops over C's columns are unrolled.
                switch (h, pairs > 0) {
                case (2, false): Self.fillScales(scales, spacing: spacing, c: c, cStride: cStride, weights: weights,
                                                 count: count, h: 2, orders: 1, second: false)
                case (2, true): Self.fillScales(scales, spacing: spacing, c: c, cStride: cStride, weights: weights,
                                                count: count, h: 2, orders: 2, second: true)
                case (3, false): Self.fillScales(scales, spacing: spacing, c: c, cStride: cStride, weights: weights,
                                                 count: count, h: 3, orders: 1, second: false)
                case (3, true): Self.fillScales(scales, spacing: spacing, c: c, cStride: cStride, weights: weights,
                                                count: count, h: 3, orders: 3, second: true)
                default: Self.fillScales(scales, spacing: spacing, c: c, cStride: cStride, weights: weights,
                                         count: count, h: h, orders: orders, second: pairs > 0)
                }
            }
        }
        let padded = count &+ (count & 1)
        if padded > count {
            for s in 0..<scaleCount { scales[s &* spacing &+ count] = 0 }
            u[count] = 0
            u[spacing &+ count] = 0
        }
        let (u1, u2) = (UnsafePointer(u), UnsafePointer(u + spacing))
        // Per sweep the products of two rows: (1, u_1, u_1^2), or (u_2, u_1 u_2, u_2^2).
        func outcomeFree(_ t: Int) -> Products {
            let x = Self.pair(u1, t)
            return (SIMD2(repeating: 1), x, x * x)
        }
        func withOutcome(_ t: Int) -> Products {
            let (x, y) = (Self.pair(u1, t), Self.pair(u2, t))
            return (y, x * y, y * y)
        }
        var s = 0
        while s < scaleCount {
            let group = UnsafePointer(scales + s &* spacing), out = results + 6 &* s
            let n = min(3, scaleCount &- s)
            switch n {
            case 1: Self.sums(group, spacing: spacing, scales: 1, count: padded, into: out, products: outcomeFree)
            case 2: Self.sums(group, spacing: spacing, scales: 2, count: padded, into: out, products: outcomeFree)
            default: Self.sums(group, spacing: spacing, scales: 3, count: padded, into: out, products: outcomeFree)
            }
            if m == 2 && (s < orders || secondNeedsOutcome) {
                switch n {
                case 1: Self.sums(group, spacing: spacing, scales: 1, count: padded, into: out + 3,
                                  products: withOutcome)
                case 2: Self.sums(group, spacing: spacing, scales: 2, count: padded, into: out + 3,
                                  products: withOutcome)
                default: Self.sums(group, spacing: spacing, scales: 3, count: padded, into: out + 3,
                                   products: withOutcome)
                }
            }
            s &+= 3
        }
        for a in 0..<orders {
            for t in 0..<productCount { sums[a * productCount + t] = results[a * 6 + productSlot[t]] }
        }
        let nSecond = secondProducts.count
        var pair = 0, own = orders
        for a in 0..<(pairs > 0 ? h : 0) {
            for b in a..<h {
                let scale = a == 0 ? b : own
                for t in 0..<nSecond {
                    secondSums[pair * nSecond + t] = results[scale * 6 + productSlot[secondProducts[t]]]
                }
                if a > 0 { own += 1 }
                pair += 1
            }
        }
    }

    /// The row scales of `accumulateNarrow` for `count` rows of C (H + 1 = `h` numbers each, `cStride` apart)
    /// and their weights: c_a w (a < `orders`), then, when `second`, (c_a w) c_b for 1 <= a <= b < h, each
    /// scale's rows in an array of its own, `spacing` apart.
    @inline(__always)
    private static func fillScales(_ out: UnsafeMutablePointer<Double>, spacing: Int, c: UnsafePointer<Double>,
                                   cStride: Int, weights: UnsafePointer<Double>, count: Int, h: Int, orders: Int,
                                   second: Bool) {
        for t in 0..<count {
            let row = c + t &* cStride, w = weights[t]
            var scale = out + t
            for a in 0..<orders {
                scale.pointee = row[a] * w
                scale += spacing
            }
            guard second else { continue }
            for a in 1..<h {
                let ca = row[a] * w
                for b in a..<h {
                    scale.pointee = ca * row[b]
                    scale += spacing
                }
            }
        }
    }

    /// Three products of the base columns for two consecutive rows (`sums`).
    private typealias Products = (SIMD2<Double>, SIMD2<Double>, SIMD2<Double>)

    /// x[t] and x[t + 1] as one vector.
    @inline(__always)
    private static func pair(_ x: UnsafePointer<Double>, _ t: Int) -> SIMD2<Double> {
        UnsafeRawPointer(x + t).loadUnaligned(as: SIMD2<Double>.self)
    }

    /// sum_i s_ki P_ri for the first `k` (1 ... 3, a constant where inlined) scales s_k, arrays `spacing` apart
    /// from `s`, and three products P_r of the rows (`products(t)` gives them for rows t and t + 1), over `count`
    /// rows (even), into out[6k + r]: the nine sums in registers, two rows per vector, lane 0 adding the even
    /// rows and lane 1 the odd ones, added together at the end.
    @inline(__always)
    private static func sums(_ s: UnsafePointer<Double>, spacing: Int, scales k: Int, count: Int,
                             into out: UnsafeMutablePointer<Double>, products: (Int) -> Products) {
        var (a0, a1, a2) = (SIMD2<Double>.zero, SIMD2<Double>.zero, SIMD2<Double>.zero)
        var (b0, b1, b2) = (SIMD2<Double>.zero, SIMD2<Double>.zero, SIMD2<Double>.zero)
        var (c0, c1, c2) = (SIMD2<Double>.zero, SIMD2<Double>.zero, SIMD2<Double>.zero)
        var t = 0
        while t < count {
            let (p0, p1, p2) = products(t)
            let s0 = pair(s, t)
            a0 += s0 * p0
            a1 += s0 * p1
            a2 += s0 * p2
            if k > 1 {
                let s1 = pair(s + spacing, t)
                b0 += s1 * p0
                b1 += s1 * p1
                b2 += s1 * p2
            }
            if k > 2 {
                let s2 = pair(s + 2 &* spacing, t)
                c0 += s2 * p0
                c1 += s2 * p1
                c2 += s2 * p2
            }
            t &+= 2
        }
        for (k, sums) in [(a0, a1, a2), (b0, b1, b2), (c0, c1, c2)].prefix(k).enumerated() {
            out[6 &* k] = sums.0[0] + sums.0[1]
            out[6 &* k &+ 1] = sums.1[0] + sums.1[1]
            out[6 &* k &+ 2] = sums.2[0] + sums.2[1]
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
