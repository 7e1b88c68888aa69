import HLMPlatform

/// The response side of a two-level model: the outcome's shift and the level-1 variance model
/// sigma^2_ij = exp(c_ij'alpha) (Raudenbush & Bryk 2002, sec. 5.4's heterogeneous level-1 variance), with
/// C's rows (first entry 1), their centring, and the per-unit sums that make ln|W_j| and the alpha
/// derivatives free of the rows.
///
/// Every computation of c'alpha goes through here: a row's log-variance `logVariance(row:alpha:)`, its weight
/// w_ij = exp(-c_ij'alpha) = 1 / sigma^2_ij (`Rows.weight(row:alpha:)`, the hot loops' form), a unit's
/// ln|W_j|-part sum_i c_i'alpha (`logDetW(unit:alpha:)`), the smallest ln sigma^2 (`smallestLogVariance`),
/// and the weight of a distinct row of C (`weight(_:alpha:count:)`, for the strata of a categorical variance
/// design). "Is sigma^2 modelled?" is `isHeterogeneous`.
///
/// Per-row prior weights a_i (`rowWeights`: the working weights w = m v(mu) of a non-normal family's
/// linearised model, see `PenalisedQuasiLikelihood`) make row i's level-1 variance sigma^2_i / a_i: they multiply
/// the row's weight in `Rows.weight(row:alpha:)`, where the likelihood's moments and the units' posteriors take
/// each row's weight, and add -sum_i ln a_i to ln|W_j|^-1 (`logDetW`). The readers that do not go through
/// `Rows` carry the factor themselves: the precomputed products of the strata and of the homogeneous model
/// (`VarianceStrata`, which weight each row's product v v' by a_i) and the units' weighted OLS fits
/// (`UnitLeastSquares.addLevel1CrossProducts`). Without prior weights every loop is the unweighted one.
struct Level1Model: Sendable {
    /// `INTRCPT1` followed by the H level-1 variance predictors.
    let variancePredictors: [String]
    /// Row i of C is `varianceRows[i * (H + 1) ..< (i + 1) * (H + 1)]`, first entry 1, with uncentred
    /// predictors centred internally (`centring`); when every row is the same (C = 1, a homogeneous model) only
    /// that row is stored, rather than N ones (`rowStride` 0). Read a row with `varianceRow(_:)` or `Rows.row(_:)`.
    let varianceRows: [Double]
    /// C_user = C_int H: alpha_user = H^-1 alpha_int (see `ColumnShifts`, `DesignStandardisation`).
    let centring: ColumnShifts
    /// sum_i c_i per unit (alpha-independent), H + 1 numbers per unit: sum_i c_i'alpha = ln|W_j|^-1.
    let varianceSums: [Double]
    /// sum_i c_ih c_il per unit, packed h <= l, (H + 1)(H + 2)/2 numbers per unit (the alpha block of the
    /// expected information).
    let varianceCrossSums: [Double]
    /// The constant m subtracted from the outcome in `ModelDesign.rows` (its mean when the model has the
    /// intercept column INTRCPT1/INTRCPT2, else 0), so that the cross-products of [X Z y] do not cancel
    /// catastrophically when the outcome sits far from zero (y + 1e9). The model is unchanged: only the
    /// intercept gamma_00 moves by m (`ModelDesign.reportedGamma`); deviance, Tau, sigma^2 and every residual
    /// are the same.
    var outcomeShift = 0.0
    /// A non-normal outcome's family, raw outcome, trials and offset (nil for the normal model, whose outcome
    /// is the design's last column).
    var response: GeneralizedResponse?
    /// The rows' prior weights a_i and their per-unit sums of ln a_i, or the design weights of a
    /// pseudo-likelihood (`designWeighted(level1:level2:over:)`); nil when every row has weight 1.
    private(set) var rowWeights: RowWeights?

    /// The variance model with C's rows `varianceRows` (`variancePredictors.count` wide) on the units of
    /// `grouping`, and its per-unit sums of c and c c'. For C = 1 (the one row [1]) both sums are the units'
    /// row counts n_j, exactly what adding 1 n_j times gives, without a pass over the rows.
    init(variancePredictors: [String], varianceRows: [Double], centring: ColumnShifts, grouping: Grouping) {
        if variancePredictors.count == 1, varianceRows == [1] {
            let sizes = (0..<grouping.unitCount).map { j in Double(grouping.rows(ofUnit: j).count) }
            self.init(variancePredictors: variancePredictors, varianceRows: varianceRows, centring: centring,
                      varianceSums: sizes, varianceCrossSums: sizes)
            return
        }
        let (sums, cross) = Self.varianceSums(varianceRows, width: variancePredictors.count, grouping: grouping,
                                              scale: nil)
        self.init(variancePredictors: variancePredictors, varianceRows: varianceRows, centring: centring,
                  varianceSums: sums, varianceCrossSums: cross)
    }

    /// Per unit, sum_i s_i c_i and sum_i s_i c_i c_i' (packed) over the rows of C (`width` = H + 1 numbers
    /// each), s_i = `scale[i]` (1 when nil: the pseudo-likelihood's level-1 weights otherwise). Units are
    /// independent: chunks of them on all cores, each unit's sums added in row order (`addVarianceSums`).
    static func varianceSums(_ varianceRows: [Double], width h: Int, grouping: Grouping, scale: [Double]?)
        -> (sums: [Double], cross: [Double]) {
        let pairs = h * (h + 1) / 2, stride = rowStride(varianceRows, width: h)
        let chunks = concurrentChunks(grouping.unitCount) { _, units -> (sums: [Double], cross: [Double]) in
            var sums = [Double](repeating: 0, count: units.count * h)
            var cross = [Double](repeating: 0, count: units.count * pairs)
            withColumnPointers([varianceRows, scale]) { columns in
                sums.withUnsafeMutableBufferPointer { sums in
                    cross.withUnsafeMutableBufferPointer { cross in
                        for j in units {
                            let unit = j - units.lowerBound, first = grouping.rows(ofUnit: j).lowerBound
                            addVarianceSums(rows: columns[0].base + first * stride, stride: stride,
                                            count: grouping.rows(ofUnit: j).count, width: h,
                                            scale: scale == nil ? nil : columns[1].base + first,
                                            sums: sums.baseAddress! + unit * h,
                                            cross: cross.baseAddress! + unit * pairs)
                        }
                    }
                }
            }
            return (sums, cross)
        }
        return (chunks.flatMap(\.sums), chunks.flatMap(\.cross))
    }

    /// Adds sum_i s_i c_i to `sums` (H + 1 = `width` numbers) and sum_i s_i c_i c_i' (packed, h <= l) to
    /// `cross` over `count` rows of C starting at `rows`, `stride` apart, in row order; s_i = `scale[i]` (1 when
    /// nil).
    @inline(__always)
    static func addVarianceSums(rows: UnsafePointer<Double>, stride: Int, count: Int, width h: Int,
                                scale: UnsafePointer<Double>?, sums: UnsafeMutablePointer<Double>,
                                cross: UnsafeMutablePointer<Double>) {
        for r in 0..<count {
            let c = rows + r * stride, s = scale?[r] ?? 1
            var index = 0
            for a in 0..<h {
                sums[a] += s * c[a]
                for b in a..<h {
                    cross[index] += s * c[a] * c[b]
                    index += 1
                }
            }
        }
    }

    init(variancePredictors: [String], varianceRows: [Double], centring: ColumnShifts,
         varianceSums: [Double], varianceCrossSums: [Double]) {
        self.variancePredictors = variancePredictors
        self.varianceRows = varianceRows
        self.centring = centring
        self.varianceSums = varianceSums
        self.varianceCrossSums = varianceCrossSums
    }

    /// C'C = sum over the `units` units of their sums of c c' (`varianceCrossSums`), the Gram matrix of C's
    /// columns for the collinearity check of the variance predictors (no pass over the rows).
    func varianceGram(units: Int) -> Matrix {
        let h = varianceCount, packing = TrianglePacking(order: h)
        var gram = Matrix(rows: h, columns: h)
        for j in 0..<units {
            for r in 0..<h {
                for c in r..<h { gram[r, c] += varianceCrossSums[j * packing.count + packing.index(r, c)] }
            }
        }
        for r in 0..<h { for c in 0..<r { gram[r, c] = gram[c, r] } }
        return gram
    }

    /// The same response with a homogeneous level-1 variance (C = 1) on the units of `grouping`: both
    /// per-unit sums are the units' row counts n_j (exactly what summing 1 n_j times gives), or with design
    /// weights the sums of their level-1 weights.
    func homogeneous(over grouping: Grouping) -> Level1Model {
        let designWeights = rowWeights?.unitWeights == nil ? nil : rowWeights?.values
        let sizes = (0..<grouping.unitCount).map { j in
            guard let designWeights else { return Double(grouping.rows(ofUnit: j).count) }
            return grouping.rows(ofUnit: j).reduce(0.0) { $0 + designWeights[$1] }
        }
        var model = Level1Model(variancePredictors: ["INTRCPT1"],
                                varianceRows: [1],
                                centring: ColumnShifts(count: 1), varianceSums: sizes, varianceCrossSums: sizes)
        model.outcomeShift = outcomeShift
        model.response = response
        model.rowWeights = rowWeights
        return model
    }

    /// Sets the rows' weights (for `designWeighted(level1:level2:over:)`, whose sums of c are weighted too).
    mutating func setRowWeights(_ weights: RowWeights) {
        rowWeights = weights
    }

    /// The same response with prior weights a_i = `weights[i]` (all positive, one per row, in the design's
    /// row order) on the units of `grouping`.
    func weighted(by weights: [Double], over grouping: Grouping) -> Level1Model {
        var model = self
        model.rowWeights = RowWeights(weights, grouping: grouping)
        return model
    }

    /// H + 1, the number of alphas.
    var varianceCount: Int { variancePredictors.count }
    /// The distance in `varianceRows` from one row of C to the next: H + 1, or 0 when one row stands for all.
    var rowStride: Int { Self.rowStride(varianceRows, width: varianceCount) }

    /// `rowStride` of rows of C stored in `varianceRows`, `width` numbers each.
    private static func rowStride(_ varianceRows: [Double], width h: Int) -> Int {
        varianceRows.count == h ? 0 : h
    }

    /// c_i, row i of C.
    func varianceRow(_ i: Int) -> [Double] {
        let start = i * rowStride
        return Array(varianceRows[start..<(start + varianceCount)])
    }
    /// Whether the level-1 variance is modelled (H > 0).
    var isHeterogeneous: Bool { varianceCount > 1 }

    /// c'alpha = ln sigma^2 for the row of C at `c` (`count` = H + 1 entries).
    @inline(__always)
    static func logVariance(_ c: UnsafePointer<Double>, alpha: [Double], count h: Int) -> Double {
        var value = 0.0
        for a in 0..<h { value += c[a] * alpha[a] }
        return value
    }

    /// exp(-c'alpha) = 1 / sigma^2 for the row of C at `c` (a distinct row, as the strata weight them).
    @inline(__always)
    static func weight(_ c: UnsafePointer<Double>, alpha: [Double], count h: Int) -> Double {
        exp(-logVariance(c, alpha: alpha, count: h))
    }

    /// c_i'alpha = ln sigma^2_i, the fitted log level-1 variance of row i.
    func logVariance(row i: Int, alpha: [Double]) -> Double {
        varianceRows.withUnsafeBufferPointer { rows($0).logVariance(row: i, alpha: alpha) }
    }

    /// w_i = exp(-c_i'alpha) = 1 / sigma^2_i, the weight of row i (`Rows.weight(row:alpha:)`).
    func weight(row i: Int, alpha: [Double]) -> Double {
        varianceRows.withUnsafeBufferPointer { rows($0).weight(row: i, alpha: alpha) }
    }

    /// sum_i (c_i'alpha - ln a_i) over unit j's rows = -ln|W_j| (W_j = D_j^-1), from the unit's sums of c and
    /// of ln a (a_i the prior weights, 1 without them).
    @inline(__always)
    func logDetW(unit j: Int, alpha: [Double]) -> Double {
        let h = varianceCount
        var value = 0.0
        for a in 0..<h { value += varianceSums[j * h + a] * alpha[a] }
        guard let rowWeights else { return value }
        return value - rowWeights.logSums[j]
    }

    /// The smallest ln sigma^2 = c'alpha and a row c of C where it occurs, over `candidates` (rows of C,
    /// H + 1 numbers each, such as the distinct rows a strata scan found).
    func smallestLogVariance(_ alpha: [Double], among candidates: UnsafeBufferPointer<Double>)
        -> (value: Double, c: [Double]) {
        Self.smallestLogVariance(alpha, in: candidates, width: varianceCount)
    }

    private static func smallestLogVariance(_ alpha: [Double], in rows: UnsafeBufferPointer<Double>, width h: Int)
        -> (value: Double, c: [Double]) {
        var smallest = Double.infinity, at = -1
        for r in 0..<(rows.count / h) {
            let value = logVariance(rows.baseAddress! + r * h, alpha: alpha, count: h)
            if value < smallest { (smallest, at) = (value, r) }
        }
        return (smallest, at < 0 ? [] : Array(rows[(at * h)..<((at + 1) * h)]))
    }

    /// C's rows through `storage`, which is `varianceRows`' (inside `varianceRows.withUnsafeBufferPointer`),
    /// for loops over rows that must not allocate or check bounds. (The pointer is taken by the caller, not
    /// handed to a closure argument here: such a closure is not always inlined, and the hot loops must be.)
    @inline(__always)
    func rows(_ storage: UnsafeBufferPointer<Double>) -> Rows {
        Rows(base: storage.baseAddress!, width: varianceCount, stride: rowStride,
             prior: rowWeights.map { UnsafePointer($0.values.baseAddress!) })
    }

    /// C's rows as a pointer (valid while the buffer `rows(_:)` was given is).
    struct Rows {
        /// Row 0 of C.
        let base: UnsafePointer<Double>
        /// H + 1, the length of a row.
        let width: Int
        /// `Level1Model.rowStride`.
        let stride: Int
        /// The prior weights a_i (`Level1Model.rowWeights`), nil when all are 1.
        let prior: UnsafePointer<Double>?

        /// c_i, row i of C.
        @inline(__always)
        func row(_ i: Int) -> UnsafePointer<Double> { base + i * stride }

        /// c_i'alpha = ln sigma^2_i.
        @inline(__always)
        func logVariance(row i: Int, alpha: [Double]) -> Double {
            Level1Model.logVariance(row(i), alpha: alpha, count: width)
        }

        /// w_i = a_i exp(-c_i'alpha) = a_i / sigma^2_i, the weight of row i in every row-by-row accumulation
        /// (a_i the prior weight, 1 without prior weights).
        @inline(__always)
        func weight(row i: Int, alpha: [Double]) -> Double {
            weight(logVariance: logVariance(row: i, alpha: alpha), row: i)
        }

        /// w_i = a_i exp(-c_i'alpha) for the rows `rows` into out[0 ..< rows.count], in row order, for a continuous
        /// variance predictor, where nearly every row has its own c_i'alpha: four rows at a time, their c_i'alpha
        /// (summed over C's columns in order, as `logVariance(row:alpha:)` sums them) and exponentials
        /// (`VectorExponential`, within 1 ulp of the C library's) in one loop, the smallest c_i'alpha kept per
        /// lane (the lanes compared once at the end). Returns the smallest c_i'alpha and its first row
        /// ((infinity, -1) for no rows).
        @discardableResult
        func weights(of rows: Range<Int>, alpha: [Double], into out: UnsafeMutablePointer<Double>)
            -> (value: Double, row: Int) {
            alpha.withUnsafeBufferPointer { alpha in
                // C's width as a constant in the common cases, so that the sum over it is unrolled.
                switch width {
                case 2: weights(of: rows, alpha: alpha.baseAddress!, width: 2, into: out)
                case 3: weights(of: rows, alpha: alpha.baseAddress!, width: 3, into: out)
                default: weights(of: rows, alpha: alpha.baseAddress!, width: width, into: out)
                }
            }
        }

        /// `weights(of:alpha:into:)` with C's width `h` (= `width`).
        @inline(__always)
        private func weights(of rows: Range<Int>, alpha: UnsafePointer<Double>, width h: Int,
                             into out: UnsafeMutablePointer<Double>) -> (value: Double, row: Int) {
            let count = rows.count, stride = stride, first = rows.lowerBound
            var lowest = SIMD4<Double>(repeating: .infinity), lowestRow = SIMD4<Int64>(repeating: -1)
            var index = SIMD4<Int64>(0, 1, 2, 3) &+ Int64(first)
            var t = 0
            while t &+ 4 <= count {
                let c = row(first &+ t)
                var value = SIMD4<Double>.zero
                for a in 0..<h {
                    value += SIMD4(c[a], c[stride &+ a], c[2 &* stride &+ a], c[3 &* stride &+ a]) * alpha[a]
                }
                let smaller = value .< lowest
                lowest.replace(with: value, where: smaller)
                lowestRow.replace(with: index, where: smaller)
                var w = VectorExponential.exp(-value)
                if let prior {
                    let a = prior + (first &+ t)
                    w *= SIMD4(a[0], a[1], a[2], a[3])
                }
                UnsafeMutableRawPointer(out + t).storeBytes(of: w, as: SIMD4<Double>.self)
                t &+= 4
                index &+= 4
            }
            // The lanes' smallest, the first row among equals; then the last rows one at a time.
            var smallest = (value: Double.infinity, row: -1)
            for lane in 0..<4 where lowestRow[lane] >= 0 {
                if lowest[lane] < smallest.value || (lowest[lane] == smallest.value && Int(lowestRow[lane]) < smallest.row) {
                    smallest = (lowest[lane], Int(lowestRow[lane]))
                }
            }
            guard t < count else { return smallest }
            for s in t..<count {
                let c = row(first &+ s)
                var value = 0.0
                for a in 0..<h { value += c[a] * alpha[a] }
                if value < smallest.value { smallest = (value, first &+ s) }
                out[s] = value
            }
            VectorExponential.negatedExponentials(out + t, count: count &- t, into: out + t)
            if prior != nil { for s in t..<count { out[s] = weight(exponential: out[s], row: first &+ s) } }
            return smallest
        }

        /// w_i = a_i exp(-`logVariance`), the weight of row i from its c_i'alpha.
        @inline(__always)
        func weight(logVariance: Double, row i: Int) -> Double {
            weight(exponential: exp(-logVariance), row: i)
        }

        /// w_i = a_i `exponential`, the weight of row i from its exp(-c_i'alpha) (computed once for a run of rows
        /// with the same c_i'alpha).
        @inline(__always)
        func weight(exponential: Double, row i: Int) -> Double {
            guard let prior else { return exponential }
            return exponential * prior[i]
        }
    }
}

/// Prior weights a_i of the level-1 rows (row i's variance is sigma^2_i / a_i) and, per unit, sum_i ln a_i (the
/// weights' part of ln|W_j|). Stored in memory allocated once and never changed (hence `@unchecked Sendable`),
/// so that the hot loops read them through a pointer (`Level1Model.Rows.prior`).
final class RowWeights: @unchecked Sendable {
    /// a_i, one per row in the design's row order.
    let values: UnsafeMutableBufferPointer<Double>
    /// sum_i ln a_i over each unit's rows (0 for design weights, which are powers of the rows' densities
    /// rather than precisions: see `Level1Model.designWeighted(level1:level2:over:)`).
    let logSums: [Double]
    /// Design weights only: the level-2 weights b_j, one per unit (all 1 without a level-2 weight column).
    let unitWeights: [Double]?
    /// Design weights only: a_i b_j per row, the rows' factors in sums over all units (the fixed blocks of the
    /// moments, `VarianceStrata`, `accumulateMoments`).
    let fixedValues: UnsafeMutableBufferPointer<Double>?

    /// The weights `weights` (positive) of the rows of `grouping`'s units.
    init(_ weights: [Double], grouping: Grouping) {
        values = .allocate(capacity: weights.count)
        _ = values.initialize(from: weights)
        logSums = (0..<grouping.unitCount).map { j in grouping.rows(ofUnit: j).reduce(0.0) { $0 + log(weights[$1]) } }
        unitWeights = nil
        fixedValues = nil
    }

    /// Design weights: level-1 weights `level1` (one per row, positive) and level-2 weights `level2` (one per
    /// unit of `grouping`, positive).
    init(level1: [Double], level2: [Double], grouping: Grouping) {
        values = .allocate(capacity: level1.count)
        _ = values.initialize(from: level1)
        logSums = Array(repeating: 0, count: grouping.unitCount)
        unitWeights = level2
        let fixed = UnsafeMutableBufferPointer<Double>.allocate(capacity: level1.count)
        for j in 0..<grouping.unitCount { for i in grouping.rows(ofUnit: j) { fixed[i] = level1[i] * level2[j] } }
        fixedValues = fixed
    }

    deinit {
        values.deallocate()
        fixedValues?.deallocate()
    }
}
