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

    /// These factors with `baseRows` copied from the design's `rows` (`width` numbers per row).
    func copyingBaseRows(from rows: [Double], width: Int) -> RowFactors {
        let m = baseCount, n = rows.count / width
        var factors = self
        factors.baseRows = [Double](unsafeUninitializedCapacity: n * m) { out, count in
            rows.withUnsafeBufferPointer { v in
                for i in 0..<n {
                    for s in 0..<m { out[i * m + s] = v[i * width + base[s]] }
                }
            }
            count = n * m
        }
        return factors
    }

    /// Index of the product u_s u_t (s <= t) among `productCount`, packed by rows.
    func productIndex(_ s: Int, _ t: Int) -> Int {
        let (a, b) = s <= t ? (s, t) : (t, s), order = base.count + 1
        return a * order - a * (a - 1) / 2 + (b - a)
    }
}
