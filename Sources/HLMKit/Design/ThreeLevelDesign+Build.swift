extension ThreeLevelDesign {
    /// Builds the three-level design of `specification` (which must have level-3 equations) on `data` (joined
    /// with a level-3 grouping).
    ///
    /// Fixed effect gamma_pqs is the column a_p X_q W_s; its df follow HLM3's rule: K - S_pq - 1 when beta_pq is
    /// random at level 3 (S_pq level-3 predictors besides INTRCPT3), else J - F_p when pi_p is random at level 2
    /// (F_p fixed effects of coefficient p), else N - F (all fixed effects), floored at 1.
    ///
    /// - Throws: `DesignError.collinearFixedEffects` naming the first column that depends on earlier ones,
    ///   `.constantOutcome`, `.tooFewRows`.
    static func build(data: MultilevelData, specification: ModelSpecification) throws -> ThreeLevelDesign {
        let grouping = data.grouping
        let level3 = grouping.levels[1]
        let n = grouping.rowCount, units = grouping.unitCount
        let unitOfRow = (0..<units).flatMap { j in Array(repeating: j, count: grouping.rows(ofUnit: j).count) }
        var level3OfUnit = [Int](repeating: 0, count: units)
        for k in 0..<level3.count { for j in level3.members(of: k) { level3OfUnit[j] = k } }

        // a_p by row, X_q by level-2 unit, W_s by level-3 unit, each centred as written (nil: an intercept).
        func level1Column(_ name: String) -> [Double]? {
            guard name != ReservedWord.intercept1 else { return nil }
            let predictor = specification.level1.predictors.first { $0.name == name }!
            return centred(data.level1[predictor.name]!, predictor.centering, groups: grouping.levels[0])
        }
        func level2Column(_ name: String, in equation: Level2Equation) -> [Double]? {
            guard name != ReservedWord.intercept2 else { return nil }
            let predictor = equation.predictors.first { $0.name == name }!
            return centred(data.level2[predictor.name]!, predictor.centering, groups: level3)
        }
        func level3Column(_ name: String, in equation: Level3Equation) -> [Double]? {
            guard name != ReservedWord.intercept3 else { return nil }
            let predictor = equation.predictors.first { $0.name == name }!
            return centred(data.level3[predictor.name]!, predictor.centering, groups: nil)
        }

        var labels = [FixedLabel](), fixedColumns = [(a: [Double]?, x: [Double]?, w: [Double]?)]()
        var level2Random = [String](), level2Columns = [[Double]?]()
        var level3Random = [String](), level3Columns = [(a: [Double]?, x: [Double]?)]()
        var fixedPerCoefficient = [Int](), dfRule = [(randomAt3: Bool, predictors: Int, coefficient: Int)]()
        var equations3 = specification.level3.makeIterator()
        for (p, equation2) in specification.level2.enumerated() {
            let a = level1Column(equation2.coefficient)
            if equation2.isRandom { level2Random.append(equation2.coefficient); level2Columns.append(a) }
            var count = 0
            for q in equation2.predictorNames {
                let equation3 = equations3.next()!
                let x = level2Column(q, in: equation2)
                if equation3.isRandom { level3Random.append(equation3.name); level3Columns.append((a, x)) }
                for s in equation3.predictorNames {
                    labels.append(FixedLabel(coefficient: equation2.coefficient, level2Predictor: q, predictor: s))
                    fixedColumns.append((a, x, level3Column(s, in: equation3)))
                    dfRule.append((equation3.isRandom, equation3.predictors.count, p))
                    count += 1
                }
            }
            fixedPerCoefficient.append(count)
        }
        let y = data.level1[specification.level1.outcome]!
        guard y.contains(where: { $0 != y[0] }) else { throw DesignError.constantOutcome(name: specification.level1.outcome) }
        guard n > labels.count else { throw DesignError.tooFewRows(rows: n, fixedEffects: labels.count) }

        let width = labels.count + level2Random.count + level3Random.count + 1
        var rows = [Double](repeating: 0, count: n * width)
        for i in 0..<n {
            let j = unitOfRow[i], k = level3OfUnit[j]
            var c = i * width
            for column in fixedColumns {
                rows[c] = (column.a?[i] ?? 1) * (column.x?[j] ?? 1) * (column.w?[k] ?? 1)
                c += 1
            }
            for column in level2Columns { rows[c] = column?[i] ?? 1; c += 1 }
            for column in level3Columns { rows[c] = (column.a?[i] ?? 1) * (column.x?[j] ?? 1); c += 1 }
            rows[c] = y[i]
        }
        let fixedDF = dfRule.map { rule -> Int in
            let df = rule.randomAt3 ? level3.count - rule.predictors - 1
                : specification.level2[rule.coefficient].isRandom ? units - fixedPerCoefficient[rule.coefficient]
                : n - labels.count
            return max(df, 1)
        }
        var design = ThreeLevelDesign(grouping: grouping, fixedLabels: labels, level2Random: level2Random,
                                      level3Random: level3Random, rows: rows, fixedDF: fixedDF)
        // Variance predictors: a level-1 column by row, or a level-2 or level-3 value repeated on its rows.
        let varianceColumns = try specification.variancePredictors.map { predictor -> [Double] in
            let name = predictor.name
            let values: [Double]
            if let column = data.level1[name] {
                values = centred(column, predictor.centering, groups: grouping.levels[0])
            } else if let column = data.level2[name] {
                let unitValues = centred(column, predictor.centering, groups: level3)
                values = unitOfRow.map { unitValues[$0] }
            } else {
                let unitValues = centred(data.level3[name]!, predictor.centering, groups: nil)
                values = unitOfRow.map { unitValues[level3OfUnit[$0]] }
            }
            guard values.contains(where: { $0 != values[0] }) else { throw DesignError.constantVariancePredictor(name: name) }
            return values
        }
        design.variancePredictors = specification.variancePredictors.map(\.name)
        design.varianceRows = (0..<n).flatMap { i in varianceColumns.map { $0[i] } }
        try design.checkFixedColumns()
        return design
    }

    /// `values` centred as `centering` asks: on the mean of their group in `groups` (group), on the mean of all
    /// (grand), or unchanged.
    private static func centred(_ values: [Double], _ centering: Centering, groups: GroupLevel?) -> [Double] {
        switch centering {
        case .uncentered: return values
        case .grand:
            let mean = values.reduce(0, +) / Double(values.count)
            return values.map { $0 - mean }
        case .group:
            guard let groups else { return values }
            var result = values
            for g in 0..<groups.count {
                let members = groups.members(of: g)
                let mean = members.reduce(0) { $0 + values[$1] } / Double(members.count)
                for m in members { result[m] -= mean }
            }
            return result
        }
    }

    /// Throws when a fixed column is a linear combination of earlier ones (X'X's Cholesky pivot for it vanishes).
    private func checkFixedColumns() throws {
        let p = fixedCount
        var xtx = Matrix(rows: p, columns: p)
        for i in 0..<rowCount {
            let base = i * width
            for a in 0..<p { for b in 0...a { xtx[a, b] += rows[base + a] * rows[base + b] } }
        }
        for a in 0..<p { for b in 0..<a { xtx[b, a] = xtx[a, b] } }
        for column in 0..<p where Cholesky(xtx.block(0..<(column + 1), 0..<(column + 1)), relativeTolerance: 1e-10) == nil {
            let name = { (label: FixedLabel) in "\(label.coefficient)/\(label.level2Predictor)/\(label.predictor)" }
            throw DesignError.collinearFixedEffects(column: name(fixedLabels[column]),
                                                    dependsOn: fixedLabels[..<column].map(name))
        }
    }
}
