import HLMPlatform

/// One unit's own least-squares fit of y_j on its level-1 design X_j (all Q level-1 coefficients), weighted
/// by w_i: the OLS estimates behind HLM's chi-square tests, reliabilities, homogeneity test and OLS residuals.
///
/// The fit works on the cross-products G = [X y]'W[X y]. Columns are taken in order and a column is dropped
/// when, scaled to unit length, the part of it not explained by the columns kept before it has squared length
/// below `tolerance` (1 - R^2 < 1e-10): the rank is the number of columns kept.
struct UnitLeastSquares {
    /// n_j.
    var rowCount: Int
    /// The columns kept (all Q when X_j has full column rank).
    var keptColumns: [Int]
    /// The coefficients of the kept columns, in `keptColumns` order.
    var coefficients: [Double]
    /// sum_i w_i (y_i - x_i'beta_hat)^2.
    var residualSumOfSquares: Double
    /// (X_j'W X_j)^-1 (Q x Q) when X_j has full column rank, else nil.
    var covariance: Matrix?

    /// rank(X_j).
    var rank: Int { keptColumns.count }
    /// n_j - rank(X_j).
    var residualDegreesOfFreedom: Int { rowCount - rank }

    /// Fits from G ((Q + 1) x (Q + 1), row-major, the outcome last), using `scratch` (at least
    /// 3 (Q + 1)^2 numbers) for the factorisations. G needs only its diagonal on entry: `fillRow(c)` must
    /// fill row c of G when column c is kept, so a unit with fewer rows than columns (a wide model) costs
    /// O(n_j rank Q) rather than the O(n_j Q^2) of all of G.
    ///
    /// Column c is tested by extending the Cholesky factor of the scaled kept columns (unit diagonal) by one
    /// row: its pivot is 1 - R^2 of c on the kept columns, and c is kept when that exceeds `tolerance` (the
    /// test `Cholesky(_:relativeTolerance:)` makes on the scaled matrix). The coefficients and (X'WX)^-1 then
    /// come from the Cholesky factor of the kept columns' unscaled G.
    init(crossProducts g: UnsafePointer<Double>, order: Int, rowCount: Int, scratch: UnsafeMutablePointer<Double>,
         tolerance: Double = 1e-10, fillRow: (Int) -> Void) {
        let width = order - 1
        var kept: [Int] = []
        kept.reserveCapacity(width)
        let scaled = scratch  // rows of the factor of the scaled kept columns, width x width
        for c in 0..<width where g[c * order + c] > 0 {
            let m = kept.count
            var pivot = 1.0
            for (k, column) in kept.enumerated() {
                var value = g[column * order + c] / (g[column * order + column] * g[c * order + c]).squareRoot()
                for t in 0..<k { value -= scaled[m * width + t] * scaled[k * width + t] }
                value /= scaled[k * width + k]
                scaled[m * width + k] = value
                pivot -= value * value
            }
            guard pivot > tolerance, pivot.isFinite else { continue }
            scaled[m * width + m] = pivot.squareRoot()
            kept.append(c)
            fillRow(c)
        }
        self.rowCount = rowCount
        keptColumns = kept
        let m = kept.count
        let factor = scratch + width * width, solution = factor + width * width
        for (a, ca) in kept.enumerated() {
            for (b, cb) in kept.enumerated() { factor[a * m + b] = g[ca * order + cb] }
            solution[a] = g[ca * order + width]
        }
        guard m > 0, SmallMatrix.choleskyInPlace(m, factor) != nil else {
            coefficients = []
            residualSumOfSquares = g[width * order + width]
            covariance = nil
            return
        }
        SmallMatrix.forwardSolve(m, 1, factor, solution)
        SmallMatrix.backSolve(m, 1, factor, solution)
        coefficients = Array(UnsafeBufferPointer(start: solution, count: m))
        var explained = 0.0
        for (a, column) in kept.enumerated() { explained += g[column * order + width] * solution[a] }
        residualSumOfSquares = max(g[width * order + width] - explained, 0)
        if m == width {
            var inverse = Matrix.identity(m)
            inverse.storage.withUnsafeMutableBufferPointer { columns in
                SmallMatrix.forwardSolve(m, m, factor, columns.baseAddress!)
                SmallMatrix.backSolve(m, m, factor, columns.baseAddress!)
            }
            covariance = inverse
        } else {
            covariance = nil
        }
    }
}

extension UnitLeastSquares {
    /// Every unit's OLS fit on `design`'s level-1 columns, weighted by 1 / sigma^2_ij at `alpha` (unweighted
    /// when nil). Units are independent: chunks of them on all cores, joined in unit order. With
    /// `vectorExponentials` the weights' exponentials are taken four at a time (`VectorExponential`, within 1 ulp
    /// of the C library's), for continuous variance predictors, where nearly every row has its own c'alpha.
    /// Unless `fromProducts` is false, G comes without reading a row from the units' products of the base
    /// columns (`UnitProductSums`): `weightedProducts`, the weighted ones at the same `alpha` that the posterior
    /// pass read off the units' moments (`Likelihood.unitPosteriorsAndWeightedProducts`), or when every row of
    /// a unit has the same weight those the design's build kept; not for a level-1 column centred internally
    /// (`UnitProductSums.fitsLevel1`).
    static func units(of design: ModelDesign, alpha: [Double]?, vectorExponentials: Bool = false,
                      weightedProducts: [Double]? = nil, fromProducts: Bool = true) -> [UnitLeastSquares] {
        if fromProducts, let sums = weightedProducts.map({ UnitProductSums(design: design, products: $0) })
            ?? UnitProductSums(design: design, alpha: alpha), sums.fitsLevel1 {
            return units(of: design, from: sums)
        }
        return concurrentChunks(design.unitCount) { _, range in
            switch design.levels.coefficientCount {
            case 1: units(range, of: design, alpha: alpha, vectorExponentials: vectorExponentials, width: OrderOne())
            case 2: units(range, of: design, alpha: alpha, vectorExponentials: vectorExponentials, width: OrderTwo())
            case let width:
                units(range, of: design, alpha: alpha, vectorExponentials: vectorExponentials,
                      width: AnyOrder(n: width))
            }
        }.flatMap { $0 }
    }

    /// Every unit's fit from G_j of `sums`: O(Q^2) per unit.
    private static func units(of design: ModelDesign, from sums: UnitProductSums) -> [UnitLeastSquares] {
        let order = design.levels.coefficientCount + 1
        return concurrentChunks(design.unitCount) { _, range in
            let g = UnsafeMutablePointer<Double>.allocate(capacity: 4 * order * order)
            defer { g.deallocate() }
            return range.map { j in
                g.initialize(repeating: 0, count: order * order)
                sums.addLevel1CrossProducts(unit: j, into: g)
                return UnitLeastSquares(crossProducts: g, order: order, rowCount: design.grouping.rows(ofUnit: j).count,
                                        scratch: g + order * order) { _ in }
            }
        }.flatMap { $0 }
    }

    /// `units(of:alpha:vectorExponentials:)` for the units `range`; `width` is Q (see `SmallOrder`).
    private static func units<Q: SmallOrder>(_ range: Range<Int>, of design: ModelDesign, alpha: [Double]?,
                                             vectorExponentials: Bool, width: Q) -> [UnitLeastSquares] {
        let order = width.n + 1
        let g = UnsafeMutablePointer<Double>.allocate(capacity: 4 * order * order)
        let largest = range.map { design.grouping.rows(ofUnit: $0).count }.max() ?? 0
        let weights = UnsafeMutablePointer<Double>.allocate(capacity: max(largest, 1))
        defer {
            g.deallocate()
            weights.deallocate()
        }
        return range.map { j in
            // The rows' weights once per unit: the fit reads the rows once for G (or, for a unit with fewer rows
            // than columns, once for G's diagonal and once per kept column).
            rowWeights(design, unit: j, alpha: alpha, vectorExponentials: vectorExponentials, into: weights)
            let rowCount = design.grouping.rows(ofUnit: j).count
            g.initialize(repeating: 0, count: order * order)
            let whole = rowCount >= order - 1
            addLevel1CrossProducts(design, width: width, unit: j, weights: weights, rows: whole ? 0..<order : nil,
                                   into: g)
            return UnitLeastSquares(crossProducts: g, order: order, rowCount: rowCount,
                                    scratch: g + order * order) { c in
                guard !whole else { return }
                // Row c without its diagonal entry, which is already there.
                let diagonal = g[c * order + c]
                addLevel1CrossProducts(design, width: width, unit: j, weights: weights, rows: c..<(c + 1), into: g)
                g[c * order + c] = diagonal
            }
        }
    }

    /// w_i = a_i exp(-c_i'alpha) = a_i / sigma^2_ij for unit j's rows into `out` (in row order), or w_i = a_i
    /// when `alpha` is nil (a_i the rows' prior weights, `Level1Model.rowWeights`, 1 without them). The last two
    /// distinct c_i'alpha and their weights are kept, so a binary variance predictor costs two exp per unit; with
    /// `vectorExponentials`, every c_i'alpha is formed first and the exponentials four at a time.
    private static func rowWeights(_ design: ModelDesign, unit j: Int, alpha: [Double]?, vectorExponentials: Bool,
                                   into out: UnsafeMutablePointer<Double>) {
        var exponent = Double.nan, weight = 1.0, other = (exponent: Double.nan, weight: 1.0)
        let prior = design.level1.rowWeights?.values
        let rows = design.grouping.rows(ofUnit: j)
        design.level1.varianceRows.withUnsafeBufferPointer { storage in
            let c = design.level1.rows(storage)
            if let alpha, vectorExponentials {
                c.weights(of: rows, alpha: alpha, into: out)
                return
            }
            for i in rows {
                if let alpha {
                    let value = c.logVariance(row: i, alpha: alpha)
                    if value != exponent {
                        let previous = (exponent, weight)
                        (exponent, weight) = value == other.exponent ? other : (value, exp(-value))
                        other = previous
                    }
                }
                out[i - rows.lowerBound] = prior.map { weight * $0[i] } ?? weight
            }
        }
    }

    /// Adds the rows `rows` of [X_j y_j]'W[X_j y_j] over unit j's level-1 design (`design.levels`) to `g`
    /// ((Q + 1) x (Q + 1), row-major), or its diagonal when `rows` is nil, the rows' weights w_i in `weights`
    /// (`rowWeights`). Entry (a, b) adds (w_i x_ia) x_ib row by row, skipping rows where x_ia is 0.
    @inline(__always)
    private static func addLevel1CrossProducts<Q: SmallOrder>(_ design: ModelDesign, width: Q, unit j: Int,
                                                              weights: UnsafePointer<Double>, rows wanted: Range<Int>?,
                                                              into g: UnsafeMutablePointer<Double>) {
        let width = width.n, order = width + 1
        let rowWidth = design.rowWidth, stride = design.levels.level1Stride
        let rows = design.grouping.rows(ofUnit: j)
        withUnsafeTemporaryAllocation(of: Double.self, capacity: order) { row in
            design.levels.level1Values.withUnsafeBufferPointer { x in
                design.levels.level1Column.withUnsafeBufferPointer { column in
                    design.rows.withUnsafeBufferPointer { v in
                        for i in rows {
                            // [x1_i, y_i], x1_ia 1 for the constant column.
                            for a in 0..<width { row[a] = column[a] < 0 ? 1 : x[i * stride + column[a]] }
                            row[width] = v[i * rowWidth + rowWidth - 1]
                            let rowWeight = weights[i - rows.lowerBound]
                            for a in wanted ?? 0..<order {
                                let xa = row[a]
                                guard xa != 0 else { continue }
                                let scaled = rowWeight * xa
                                if wanted == nil {
                                    g[a * order + a] += scaled * xa
                                } else {
                                    for b in 0..<order { g[a * order + b] += scaled * row[b] }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

extension Matrix {
    /// A += s v v' (A square, of order v.count).
    mutating func addOuterProduct(_ v: [Double], scale s: Double = 1) {
        for a in v.indices where v[a] != 0 {
            let sa = s * v[a]
            for b in v.indices { self[a, b] += sa * v[b] }
        }
    }
}
