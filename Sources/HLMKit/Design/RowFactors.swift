/// Each column of the design's rows v = [x, z, y] as a level-1 column times a level-2 value, as
/// `ModelDesign.build` forms them: v_ijc = u_{b(c), ij} f_cj, where u_0 = 1, u_1 ... u_m are the distinct
/// level-1 columns (each one of the design's own columns whose level-2 factor is 1: its "base" column) and
/// f_cj is the unit's level-2 value of column c (1 for INTRCPT2, a random coefficient and the outcome).
///
/// Within a unit the f's are constants, so every weighted cross-product of the design's columns is a scaled
/// cross-product of the base columns: sum_i w_i v_ic v_ie = f_cj f_ej sum_i w_i u_{b(c),i} u_{b(e),i}. A pass
/// over the rows then forms (m + 1)(m + 2)/2 products per row instead of the (q + 1) k + p(p + 1)/2 of the
/// design's columns (`ModelDesign.accumulateFactoredMoments`): 6 instead of 31 for
/// `Y = INTRCPT1 + X` with INTRCPT1 and X on `INTRCPT2 + W + random`.
///
/// The base columns are read from the design's rows (`base`), so the factors add J numbers per column with a
/// level-2 predictor and nothing per row, and stay exact when a column with factor 1 is rewritten (the
/// working outcome of `PenalisedQuasiLikelihood`): v_ijc is then still u_{b(c), ij}, the product x_ij * 1
/// that `build` stored. Only a likelihood that reads its rows at every evaluation keeps a narrow copy of them
/// (`baseRows`).
struct RowFactors: Sendable {
    /// The design column of base column u_s (s = 1 ... m; u_0 = 1 is not stored).
    let base: [Int]
    /// b(c) for each design column c: 0 for the constant, s for `base[s - 1]`.
    let baseOf: [Int]
    /// f_c per unit for each design column c, nil when it is 1.
    let level2: [[Double]?]
    /// u_1 ... u_m of every row, m numbers per row in row order (the numbers `base` points to in the design's
    /// rows), in the design of a likelihood that chose to read its rows at every evaluation (a continuous
    /// variance predictor, `MomentSource.rows`; `Likelihood.init` makes the copy): the pass then reads 8m bytes
    /// of base columns per row instead of the design's whole row of 8(p + q + 1) bytes, which the prefetcher
    /// brings in line by line however few of its numbers are read. Empty otherwise (the passes read the
    /// design's rows): a homogeneous or categorical variance model reads no rows per iteration.
    var baseRows: [Double] = []
    /// Per unit, sum_i u_s u_t over its rows for s <= t (`productCount` numbers per unit at
    /// `productIndex(s, t)`, units in order), as `ModelDesign.build` summed them for the collinearity check:
    /// the unweighted products from which every unweighted per-unit cross-product of the design's columns
    /// follows (G_j[c, e] = f_cj f_ej P_j[b(c), b(e)]) without a pass over the rows. They carry no prior or
    /// design weights (read them only when `Level1Model.rowWeights` is nil), and are dropped (empty) when the
    /// outcome column is rewritten (`PenalisedQuasiLikelihood.linearised`).
    var unitProducts: [Double] = []

    /// The factors of the columns of x and z, whose level-1 part is `level1[c]` (nil: the constant) and
    /// level-2 part `level2[c]` (nil: 1, else one value per unit), followed by the outcome (its own base
    /// column, whatever its values: `build` shifts it afterwards); nil when some column's level-1 part is not
    /// also a column with level-2 part 1 (a slope without INTRCPT2 in its equation and no random effect),
    /// which the rows alone then cannot supply.
    init?(level1: [[Double]?], level2: [[Double]?]) {
        var base: [Int] = [], baseOf: [Int] = []
        for column in level1 {
            guard let column else {
                baseOf.append(0)
                continue
            }
            guard let representative = level1.indices.first(where: { level2[$0] == nil && level1[$0] == column })
            else { return nil }
            if let known = base.firstIndex(where: { level1[$0] == column }) {
                baseOf.append(known + 1)
            } else {
                base.append(representative)
                baseOf.append(base.count)
            }
        }
        base.append(level1.count)
        baseOf.append(base.count)
        self.base = base
        self.baseOf = baseOf
        self.level2 = level2 + [nil]
    }

    /// m, the number of non-constant base columns.
    var baseCount: Int { base.count }

    /// The number of distinct products u_s u_t, s <= t, of the base columns with u_0 = 1.
    var productCount: Int { (base.count + 1) * (base.count + 2) / 2 }

    /// Whether the factored passes pay for themselves in a design of `width` columns (x, z and y) over `rows`
    /// rows in `units` units: a row forms at most half the design's width(width + 1)/2 products, and the units'
    /// products (`ModelDesign.build` keeps one set per unit) take no more room than the rows. A wide design of
    /// level-1 predictors without level-2 ones has as many base columns as columns, so it takes the row-by-row
    /// passes, whose products are blocked (`OuterProductSum`).
    func pays(width: Int, rows: Int, units: Int) -> Bool {
        2 * productCount <= width * (width + 1) / 2 && units * productCount <= rows * width
    }

    /// These factors with `baseRows` copied from the design's `rows` (`width` numbers per row), ranges of rows
    /// on all cores (each writes its own rows, so the copy is the same however they are scheduled; the pages of
    /// the new array are first touched by the cores that fill them).
    func copyingBaseRows(from rows: [Double], width: Int) -> RowFactors {
        let m = baseCount, n = rows.count / width, base = base
        var factors = self
        factors.baseRows = [Double](unsafeUninitializedCapacity: n * m) { out, count in
            rows.withUnsafeBufferPointer { v in
                nonisolated(unsafe) let (target, source) = (out.baseAddress!, v.baseAddress!)
                _ = concurrentChunks(n, minimumChunk: 65_536) { _, range in
                    for i in range {
                        for s in 0..<m { target[i * m + s] = source[i * width + base[s]] }
                    }
                }
            }
            count = n * m
        }
        return factors
    }

    /// One entry of a unit's moments as a scaled product of base columns: G[row, column] =
    /// f_row f_column P[product], f the unit's level-2 values (`level2`) and P its products of the base columns.
    struct ScaledProduct {
        let product: Int, row: Int, column: Int
    }

    /// The scaled product of design columns r and c.
    func scaledProduct(_ r: Int, _ c: Int) -> ScaledProduct {
        ScaledProduct(product: productIndex(baseOf[r], baseOf[c]), row: r, column: c)
    }

    /// The entries of a narrow block (`MomentLayout`: entry t is (p + t / k, t % k)) as scaled products.
    func narrowProducts(_ layout: MomentLayout) -> [ScaledProduct] {
        (0..<layout.narrowCount).map { scaledProduct(layout.p + $0 / layout.k, $0 % layout.k) }
    }

    /// Unit j's unweighted narrow block, sum_i v_r v_c over its rows for the `entries` of `narrowProducts`, from
    /// its products of the base columns (`unitProducts`) into `out`: G_j[r, c] = f_rj f_cj P_j[b(r), b(c)], as
    /// the factored row pass forms a unit's moments from its sums, with no pass over the rows.
    func unitNarrowBlock(_ j: Int, entries: [ScaledProduct], into out: UnsafeMutablePointer<Double>) {
        withUnsafeTemporaryAllocation(of: Double.self, capacity: level2.count) { f in
            for c in level2.indices { f[c] = level2[c]?[j] ?? 1 }
            unitProducts.withUnsafeBufferPointer { products in
                let unit = products.baseAddress! + j * productCount
                for (t, e) in entries.enumerated() { out[t] = f[e.row] * f[e.column] * unit[e.product] }
            }
        }
    }

    /// sum_i u_m and sum_i u_m^2 over all rows, u_m the outcome's base column (the last), from the units'
    /// products (`unitProducts`, which must be kept); added unit by unit in unit order.
    var outcomeSums: (sum: Double, squares: Double) {
        let count = productCount, m = baseCount
        let (single, square) = (productIndex(0, m), productIndex(m, m))
        var sum = 0.0, squares = 0.0
        unitProducts.withUnsafeBufferPointer { products in
            for offset in stride(from: 0, to: products.count, by: count) {
                sum += products[offset + single]
                squares += products[offset + square]
            }
        }
        return (sum, squares)
    }

    /// Index of the product u_s u_t (s <= t) among `productCount`, packed by rows.
    func productIndex(_ s: Int, _ t: Int) -> Int {
        let (a, b) = s <= t ? (s, t) : (t, s), order = base.count + 1
        return a * order - a * (a - 1) / 2 + (b - a)
    }
}
