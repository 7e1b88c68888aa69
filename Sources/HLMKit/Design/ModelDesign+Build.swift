/// Building the design from joined data and a specification: centering, cross-level products,
/// identifiability checks.
extension ModelDesign {
    /// Builds X, Z, y and C for `specification` on `data`, writing the row-major `rows` and C's rows
    /// directly (one pass; the only other N-length arrays are the centred level-1 predictors).
    ///
    /// Centering is computed on the rows and units used: group(X) subtracts the unit's mean of X,
    /// grand(X) the mean over all rows used (level-1) or all units used (level-2). A variance predictor is
    /// looked up among the level-1 variables first, then the level-2 ones (broadcast to the unit's rows).
    /// Uncentred predictors are then centred internally where that is an exact reparametrisation
    /// (`DesignStandardisation`), so the collinearity checks judge the centred columns: x + 1e6 is not
    /// collinear with the intercept.
    ///
    /// A non-normal outcome (`ModelSpecification.family`) keeps its raw values in the outcome column (no shift:
    /// `Level1Model.outcomeShift` stays 0) and fills `level1.response` (`generalizedResponse`); its level-1
    /// variance model is homogeneous.
    ///
    /// - Throws: `DesignError` for collinear fixed effects, a random coefficient without within-unit
    ///   variation or with no more units than level-2 fixed effects, a constant or collinear variance predictor, a constant outcome, too few rows, units
    ///   that all have a single row; `DataError.invalidResponseValue` and `DesignError.degenerateOutcome` for a
    ///   non-normal outcome's bad rows.
    static func build(data: MultilevelData, specification spec: ModelSpecification) throws -> ModelDesign {
        let grouping = data.grouping, n = grouping.rowCount, units = grouping.unitCount
        let level1Names = spec.level1.coefficientNames
        let level1Columns: [[Double]?] = level1Names.map { name in
            guard name != "INTRCPT1", let predictor = spec.level1.predictors.first(where: { $0.name == name })
            else { return nil }
            return centered(level1: data.level1[name]!, predictor.centering, grouping)
        }
        var fixed: [(label: FixedEffectLabel, coefficient: Int, w: [Double]?, uncentred: Bool)] = []
        var random: [(name: String, coefficient: Int)] = []
        for (q, equation) in spec.level2.enumerated() {
            for name in equation.predictorNames {
                let predictor = equation.predictors.first { $0.name == name }
                let w = predictor.map { centered(level2: data.level2[name]!, $0.centering) }
                fixed.append((FixedEffectLabel(coefficient: level1Names[q], predictor: name), q, w,
                              predictor?.centering == .uncentered))
            }
            if equation.isRandom { random.append((level1Names[q], q)) }
        }
        let p = fixed.count, q = random.count
        guard n > p else { throw DesignError.tooFewRows(rows: n, fixedEffects: p) }
        let df = fixed.map { effect -> Int in
            let equation = spec.level2[effect.coefficient]
            return equation.isRandom ? units - equation.predictors.count - 1 : n - p
        }
        for (q, equation) in spec.level2.enumerated() where equation.isRandom && units < equation.predictors.count + 2 {
            throw DesignError.tooFewUnits(coefficient: level1Names[q], units: units,
                                          level2Effects: equation.predictors.count + 1)
        }
        let y = data.level1[spec.level1.outcome]!
        let response = try generalizedResponse(spec, data: data)
        if response == nil, let first = y.first, y.allSatisfy({ $0 == first }) {
            throw DesignError.constantOutcome(name: spec.level1.outcome)
        }
        let centred = CentredColumns(
            level1: level1Columns,
            uncentredLevel1: level1Names.map { name in
                spec.level1.predictors.first { $0.name == name }?.centering == .uncentered
            },
            effects: fixed.map { ($0.coefficient, $0.label.predictor, $0.w, $0.uncentred) },
            random: random.map(\.coefficient))
        let width = p + q + 1
        let factors = RowFactors(
            level1: fixed.map { centred.fixedLevel1[$0.coefficient] } + random.map { centred.randomLevel1[$0.coefficient] },
            level2: centred.level2 + Array(repeating: nil, count: q)
        ).flatMap { $0.pays(width: width, rows: n, units: units) ? $0 : nil }
        // The outcome's shift (`Level1Model.outcomeShift`): its mean when the model has the intercept column
        // INTRCPT1/INTRCPT2 and a normal outcome, subtracted as the column is written. The cross-products below
        // then include the shifted outcome, but only their x and z blocks are read.
        let hasIntercept = fixed.contains { $0.label.coefficient == "INTRCPT1" && $0.label.predictor == "INTRCPT2" }
        let shift = response == nil && hasIntercept ? y.reduce(0.0, +) / Double(n) : 0
        let columns = fixed.indices.map { f in
            RowColumn(level1: centred.fixedLevel1[fixed[f].coefficient], level2: centred.level2[f])
        } + random.map { RowColumn(level1: centred.randomLevel1[$0.coefficient], level2: nil) }
            + [RowColumn(level1: y, level2: nil, shift: shift)]
        var unitProducts: [Double] = []
        // Every entry is written below: no zero-filling first.
        let rows = [Double](unsafeUninitializedCapacity: n * width) { out, count in
            if let factors {
                unitProducts = writeDesignRows(out, columns: columns, factors: factors, grouping: grouping)
            } else {
                writeRows(out, columns: columns, grouping: grouping)
            }
            count = n * width
        }
        let products = factors.map { crossProducts(unitProducts, factors: $0, width: width) }
            ?? rows.withUnsafeBufferPointer { crossProducts($0, width: width) }
        if let dependent = firstDependentColumn(gram: products.block(0..<p, 0..<p)) {
            let dependsOn = centred.standardisation.fixed.userDependencies(column: dependent.column,
                                                                           dependsOn: dependent.dependsOn)
            throw DesignError.collinearFixedEffects(column: fixed[dependent.column].label.text,
                                                    dependsOn: dependsOn.map { fixed[$0].label.text })
        }
        if (0..<units).allSatisfy({ grouping.rows(ofUnit: $0).count == 1 }),
           !(response.map { r in (0..<n).contains(where: r.rowInformsIntercept) } ?? false) {
            throw DesignError.singleRowUnits(units: units)
        }
        try checkRandomColumns(rows: rows, width: width, p: p, names: random.map(\.name),
                               gram: products.block(p..<(p + q), p..<(p + q)), grouping: grouping,
                               shifts: centred.standardisation.random)
        let level1 = try varianceModel(spec.variancePredictors, data: data)
        let levels = LevelColumns(outcome: spec.level1.outcome, coefficients: level1Names, rowCount: n,
                                  unitCount: units, level1Columns: level1Columns,
                                  level2Columns: fixed.map(\.w))
        var design = ModelDesign(fixedEffects: fixed.map(\.label), randomCoefficients: random.map(\.name),
                                 grouping: grouping, rows: rows, level1: level1, degreesOfFreedom: df,
                                 levels: levels, standardisation: centred.standardisation)
        design.fixedCrossProducts = products.packedUpperTriangle(order: p)
        design.randomSquares = (p..<(p + q)).map { products[$0, $0] }
        design.rowFactors = factors
        design.rowFactors?.unitProducts = unitProducts
        design.level1.outcomeShift = shift
        design.level1.response = response
        return design
    }

    /// The variance model with C, row-major: 1, then each variance predictor (level-1 first, else level-2
    /// broadcast), centred as asked; an uncentred one is then centred internally on its mean over the rows,
    /// its map back in `Level1Model.centring`. Without variance predictors (C = 1) C is its one row.
    ///
    /// Each predictor's range and mean over the rows (`VarianceColumnSummary`, the predictors on all cores) give
    /// both the constant check and the internal shift before C is written, so that C is written once, already
    /// centred, with the units' sums of c and c c' formed as each unit's rows are written.
    private static func varianceModel(_ predictors: [Predictor], data: MultilevelData) throws -> Level1Model {
        let grouping = data.grouping, n = grouping.rowCount, h = predictors.count + 1
        guard h > 1 else {
            return Level1Model(variancePredictors: ["INTRCPT1"], varianceRows: [1], centring: ColumnShifts(count: 1),
                               grouping: grouping)
        }
        let columns: [(name: String, level1: [Double]?, level2: [Double]?)] = predictors.map { predictor in
            if let values = data.level1[predictor.name] {
                return (predictor.name, centered(level1: values, predictor.centering, grouping), nil)
            }
            return (predictor.name, nil, centered(level2: data.level2[predictor.name]!, predictor.centering))
        }
        let summaries = concurrentPieces(columns.count) { c in
            VarianceColumnSummary(level1: columns[c].level1, level2: columns[c].level2, grouping: grouping)
        }
        for (column, summary) in zip(columns, summaries) where summary.isConstant {
            throw DesignError.constantVariancePredictor(name: column.name)
        }
        var shifts = ColumnShifts(count: h)
        for (c, predictor) in predictors.enumerated() where predictor.centering == .uncentered {
            let m = summaries[c].centringShift
            if m != 0 { shifts.terms[c + 1] = [ColumnShifts.Term(column: 0, coefficient: m)] }
        }
        let rowColumns = [RowColumn(level1: nil, level2: nil)] + columns.indices.map { c in
            RowColumn(level1: columns[c].level1, level2: columns[c].level2,
                      shift: shifts.terms[c + 1].first?.coefficient ?? 0)
        }
        let pairs = h * (h + 1) / 2, units = grouping.unitCount
        var sums = [Double](repeating: 0, count: units * h), cross = [Double](repeating: 0, count: units * pairs)
        let varianceRows = [Double](unsafeUninitializedCapacity: n * h) { out, count in
            sums.withUnsafeMutableBufferPointer { sums in
                cross.withUnsafeMutableBufferPointer { cross in
                    writeRows(out, columns: rowColumns, grouping: grouping) { j, first in
                        Level1Model.addVarianceSums(rows: first, stride: h, count: grouping.rows(ofUnit: j).count,
                                                    width: h, scale: nil, sums: sums.baseAddress! + j * h,
                                                    cross: cross.baseAddress! + j * pairs)
                    }
                }
            }
            count = n * h
        }
        let model = Level1Model(variancePredictors: ["INTRCPT1"] + columns.map(\.name), varianceRows: varianceRows,
                                centring: shifts, varianceSums: sums, varianceCrossSums: cross)
        let names = model.variancePredictors
        if let dependent = firstDependentColumn(gram: model.varianceGram(units: units)) {
            throw DesignError.collinearVariancePredictors(
                column: names[dependent.column],
                dependsOn: shifts.userDependencies(column: dependent.column, dependsOn: dependent.dependsOn).map { names[$0] })
        }
        return model
    }

    /// The cross-products of the columns of the row-major `rows` (`width` wide), as a full matrix (rows added
    /// in batches, see `OuterProductSum`: N width^2 / 2 multiply-adds that a wide design makes large).
    private static func crossProducts(_ rows: UnsafeBufferPointer<Double>, width: Int) -> Matrix {
        var sum = OuterProductSum(order: width, upperOnly: true)
        for i in 0..<(rows.count / width) { sum.add(rows.baseAddress! + i * width, rows.baseAddress! + i * width) }
        var gram = Matrix(rows: width, columns: width)
        gram.storage = sum.total()
        for r in 0..<width { for c in 0..<r { gram[r, c] = gram[c, r] } }
        return gram
    }

    /// `writeRows` with each unit's products of the base columns (`RowFactors`), formed as the unit's rows are
    /// written: per unit sum_{i in j} u_s,i u_t,i for s <= t in row order (u_0 = 1; u_s the row's entry of base
    /// column s, whose level-2 factor is 1), `productCount` numbers per unit at `productIndex(s, t)`.
    private static func writeDesignRows(_ out: UnsafeMutableBufferPointer<Double>, columns: [RowColumn],
                                  factors: RowFactors, grouping: Grouping) -> [Double] {
        let width = columns.count, m = factors.baseCount, order = m + 1, count = factors.productCount
        let base = factors.base
        return [Double](unsafeUninitializedCapacity: grouping.unitCount * count) { products, initialized in
            writeRows(out, columns: columns, grouping: grouping) { j, first in
                let sums = products.baseAddress! + j * count
                sums.initialize(repeating: 0, count: count)
                withUnsafeTemporaryAllocation(of: Double.self, capacity: order) { u in
                    u[0] = 1
                    for r in 0..<grouping.rows(ofUnit: j).count {
                        let row = first + r * width
                        for s in 0..<m { u[s + 1] = row[base[s]] }
                        var index = 0
                        for s in 0..<order {
                            for t in s..<order {
                                sums[index] += u[s] * u[t]
                                index += 1
                            }
                        }
                    }
                }
            }
            initialized = grouping.unitCount * count
        }
    }

    /// The cross-products of the design's columns from each unit's products of the base columns
    /// (`RowFactors`, as `writeDesignRows` forms them): sum_i v_ic v_ie =
    /// sum_j f_cj f_ej sum_{i in j} u_b(c),i u_b(e),i, O(N m^2 / 2 + J k^2 / 2) instead of O(N k^2 / 2). The
    /// terms are added in unit order with compensation, as `OuterProductSum` adds its rows.
    private static func crossProducts(_ unitProducts: [Double], factors: RowFactors, width: Int) -> Matrix {
        let count = factors.productCount, units = unitProducts.count / count
        let entries = (0..<width).flatMap { r in
            (r..<width).map { factors.productIndex(factors.baseOf[r], factors.baseOf[$0]) }
        }
        var sums = [CompensatedSum](repeating: CompensatedSum(), count: entries.count)
        var f = [Double](repeating: 1, count: width)
        for j in 0..<units {
            let offset = j * count
            for c in 0..<width { f[c] = factors.level2[c]?[j] ?? 1 }
            var index = 0
            for r in 0..<width {
                for c in r..<width {
                    sums[index].add(f[r] * f[c] * unitProducts[offset + entries[index]])
                    index += 1
                }
            }
        }
        var gram = Matrix(rows: width, columns: width)
        var index = 0
        for r in 0..<width {
            for c in r..<width {
                gram[r, c] = sums[index].value
                gram[c, r] = gram[r, c]
                index += 1
            }
        }
        return gram
    }

    /// A random coefficient needs within-unit variation of its variable in at least one unit (else it is
    /// confounded with the random intercept) and must not repeat another random column (judged on the
    /// centred columns, named through `shifts`).
    private static func checkRandomColumns(rows: [Double], width: Int, p: Int, names: [String], gram: Matrix,
                                           grouping: Grouping, shifts: ColumnShifts) throws {
        for (c, name) in names.enumerated() where name != "INTRCPT1" {
            let varies = (0..<grouping.unitCount).contains { j in
                let range = grouping.rows(ofUnit: j)
                let first = rows[range.lowerBound * width + p + c]
                return range.contains { rows[$0 * width + p + c] != first }
            }
            if !varies {
                throw DesignError.randomCoefficientNotEstimable(coefficient: name,
                                                                reason: "\(name) does not vary within any unit")
            }
        }
        if let dependent = firstDependentColumn(gram: gram) {
            let dependsOn = shifts.userDependencies(column: dependent.column, dependsOn: dependent.dependsOn)
            throw DesignError.randomCoefficientNotEstimable(
                coefficient: names[dependent.column],
                reason: "its column is a linear combination of \(dependsOn.map { names[$0] }.joined(separator: ", "))")
        }
    }
}

extension ModelDesign.FixedEffectLabel {
    /// "SES/SECTOR": the level-1 coefficient and the level-2 predictor.
    var text: String { "\(coefficient)/\(predictor)" }
}

/// A level-1 variable centred as asked: group means over each unit's rows, or the grand mean over all rows.
func centered(level1 values: [Double], _ centering: Centering, _ grouping: Grouping) -> [Double] {
    switch centering {
    case .uncentered:
        return values
    case .grand:
        let mean = values.reduce(0, +) / Double(values.count)
        return values.map { $0 - mean }
    case .group:
        var out = values
        for j in 0..<grouping.unitCount {
            let range = grouping.rows(ofUnit: j)
            let mean = values[range].reduce(0, +) / Double(range.count)
            for i in range { out[i] = values[i] - mean }
        }
        return out
    }
}

/// A level-2 variable centred on its mean over the units used (group centering does not apply at level 2).
func centered(level2 values: [Double], _ centering: Centering) -> [Double] {
    guard centering != .uncentered else { return values }
    let mean = values.reduce(0, +) / Double(values.count)
    return values.map { $0 - mean }
}
