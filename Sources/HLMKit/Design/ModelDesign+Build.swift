/// Building the design from joined data and a specification: centering, cross-level products,
/// identifiability checks.
extension ModelDesign {
    /// Builds X, Z, y and C for `specification` on `data`.
    ///
    /// Centering is computed on the rows and units used: group(X) subtracts the unit's mean of X,
    /// grand(X) the mean over all rows used (level-1) or all units used (level-2). A variance predictor is
    /// looked up among the level-1 variables first, then the level-2 ones (broadcast to the unit's rows).
    ///
    /// - Throws: `DesignError` for collinear fixed effects, a random coefficient without within-unit
    ///   variation, a constant or collinear variance predictor, a constant outcome, too few rows.
    public static func build(data: MultilevelData, specification spec: ModelSpecification) throws -> ModelDesign {
        let n = data.level1RowCount
        let offsets = data.unitOffsets
        let unitOfRow = unitIndexOfRows(offsets)
        let level1Names = spec.level1.coefficientNames
        let level1Columns = level1Names.map { name -> [Double] in
            if name == "INTRCPT1" { return Array(repeating: 1, count: n) }
            let predictor = spec.level1.predictors.first { $0.name == name }!
            return centered(level1: data.level1[name]!, predictor.centering, offsets)
        }
        var labels: [FixedEffectLabel] = []
        var level2Columns: [[Double]] = []
        var xColumns: [[Double]] = []
        var df: [Int] = []
        var randomNames: [String] = []
        var zColumns: [[Double]] = []
        for (q, equation) in spec.level2.enumerated() {
            let levelTwoCount = equation.predictors.count
            for name in equation.predictorNames {
                let w: [Double]
                if name == "INTRCPT2" {
                    w = Array(repeating: 1, count: data.unitCount)
                } else {
                    let predictor = equation.predictors.first { $0.name == name }!
                    w = centered(level2: data.level2[name]!, predictor.centering)
                }
                labels.append(FixedEffectLabel(coefficient: level1Names[q], predictor: name))
                level2Columns.append(w)
                xColumns.append((0..<n).map { level1Columns[q][$0] * w[unitOfRow[$0]] })
                df.append(equation.isRandom ? data.unitCount - levelTwoCount - 1 : -1)
            }
            if equation.isRandom {
                randomNames.append(level1Names[q])
                zColumns.append(level1Columns[q])
            }
        }
        df = df.map { $0 < 0 ? n - labels.count : $0 }
        guard n > labels.count else { throw DesignError.tooFewRows(rows: n, fixedEffects: labels.count) }
        let y = data.level1[spec.level1.outcome]!
        if let first = y.first, y.allSatisfy({ $0 == first }) {
            throw DesignError.constantOutcome(name: spec.level1.outcome)
        }
        if let dependent = firstDependentColumn(xColumns) {
            throw DesignError.collinearFixedEffects(
                column: labels[dependent.column].text,
                dependsOn: dependent.dependsOn.map { labels[$0].text })
        }
        try checkRandomColumns(zColumns, names: randomNames, offsets: offsets)
        let (varianceNames, cColumns) = try varianceColumns(spec.variancePredictors, data: data, unitOfRow: unitOfRow)

        let width = labels.count + zColumns.count + 1
        var rows = [Double](repeating: 0, count: n * width)
        let vColumns = xColumns + zColumns + [y]
        for (c, column) in vColumns.enumerated() {
            for i in 0..<n { rows[i * width + c] = column[i] }
        }
        let h = cColumns.count
        var varianceRows = [Double](repeating: 0, count: n * h)
        for (c, column) in cColumns.enumerated() {
            for i in 0..<n { varianceRows[i * h + c] = column[i] }
        }
        return ModelDesign(fixedEffects: labels, randomCoefficients: randomNames, variancePredictors: varianceNames,
                           unitOffsets: offsets, rows: rows, varianceRows: varianceRows, degreesOfFreedom: df,
                           levels: LevelColumns(outcome: spec.level1.outcome, coefficients: level1Names,
                                                level1Columns: level1Columns, level2Columns: level2Columns))
    }

    /// The columns of C: 1, then each variance predictor (level-1 first, else level-2 broadcast), centred.
    private static func varianceColumns(_ predictors: [Predictor], data: MultilevelData,
                                        unitOfRow: [Int]) throws -> ([String], [[Double]]) {
        let n = data.level1RowCount
        var names = ["INTRCPT1"]
        var columns: [[Double]] = [Array(repeating: 1, count: n)]
        for predictor in predictors {
            let column: [Double]
            if let values = data.level1[predictor.name] {
                column = centered(level1: values, predictor.centering, data.unitOffsets)
            } else {
                let w = centered(level2: data.level2[predictor.name]!, predictor.centering)
                column = unitOfRow.map { w[$0] }
            }
            if let first = column.first, column.allSatisfy({ abs($0 - first) <= 1e-12 * max(1, abs(first)) }) {
                throw DesignError.constantVariancePredictor(name: predictor.name)
            }
            names.append(predictor.name)
            columns.append(column)
        }
        if let dependent = firstDependentColumn(columns) {
            throw DesignError.collinearVariancePredictors(column: names[dependent.column],
                                                          dependsOn: dependent.dependsOn.map { names[$0] })
        }
        return (names, columns)
    }

    /// A random coefficient needs within-unit variation of its variable in at least one unit (else it is
    /// confounded with the random intercept) and must not repeat another random column.
    private static func checkRandomColumns(_ columns: [[Double]], names: [String], offsets: [Int]) throws {
        for (c, column) in columns.enumerated() where names[c] != "INTRCPT1" {
            let varies = (0..<(offsets.count - 1)).contains { j in
                let unit = column[offsets[j]..<offsets[j + 1]]
                return unit.contains { $0 != unit.first! }
            }
            if !varies {
                throw DesignError.randomCoefficientNotEstimable(
                    coefficient: names[c], reason: "\(names[c]) does not vary within any unit")
            }
        }
        if let dependent = firstDependentColumn(columns) {
            throw DesignError.randomCoefficientNotEstimable(
                coefficient: names[dependent.column],
                reason: "its column is a linear combination of \(dependent.dependsOn.map { names[$0] }.joined(separator: ", "))")
        }
    }
}

extension ModelDesign.FixedEffectLabel {
    /// "SES/SECTOR": the level-1 coefficient and the level-2 predictor.
    var text: String { "\(coefficient)/\(predictor)" }
}

/// unit index of every row, from the unit offsets.
func unitIndexOfRows(_ offsets: [Int]) -> [Int] {
    var unit = [Int](repeating: 0, count: offsets.last ?? 0)
    for j in 0..<(offsets.count - 1) {
        for i in offsets[j]..<offsets[j + 1] { unit[i] = j }
    }
    return unit
}

/// A level-1 variable centred as asked: group means over each unit's rows, or the grand mean over all rows.
func centered(level1 values: [Double], _ centering: Centering, _ offsets: [Int]) -> [Double] {
    switch centering {
    case .uncentered:
        return values
    case .grand:
        let mean = values.reduce(0, +) / Double(values.count)
        return values.map { $0 - mean }
    case .group:
        var out = values
        for j in 0..<(offsets.count - 1) {
            let range = offsets[j]..<offsets[j + 1]
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
