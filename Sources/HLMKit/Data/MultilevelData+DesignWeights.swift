/// The design weights of joined data: checked, zero weights excluded, normalised.
struct WeightedData {
    /// The data without the rows and units of weight 0.
    var data: MultilevelData
    /// a_ij, normalised, one per row of `data` in grouped order (all 1 without a level-1 column).
    var level1: [Double]
    /// b_j, scaled to sum to J, one per unit of `data` (all 1 without a level-2 column).
    var level2: [Double]
    /// What the report prints about them.
    var summary: WeightSummary
}

extension MultilevelData {
    /// The data with `weights` applied: the weight columns (joined like any variable, so a missing weight has
    /// already excluded its row or unit) are checked for negative values, rows and units of weight 0 are
    /// excluded and counted, and the weights are normalised: b_j to sum to J, a_ij to sum to n_j within each
    /// unit (`DesignWeights.Level1Normalisation.unitSize`) or left raw.
    ///
    /// - Throws: `DataError.negativeWeight` for a negative weight, `DataError.noDataLeft` when every row or unit
    ///   has weight 0.
    func applyingDesignWeights(_ weights: DesignWeights) throws -> WeightedData {
        let level1Name = weights.level1Column?.trimmed.uppercased()
        let level2Name = weights.level2Column?.trimmed.uppercased()
        let rowWeights = level1Name.flatMap { self.level1[$0] } ?? Array(repeating: 1, count: grouping.rowCount)
        let unitWeights = level2Name.flatMap { self.level2[$0] } ?? Array(repeating: 1, count: grouping.unitCount)
        let path2 = summary.level2File ?? summary.level1File
        for j in 0..<grouping.unitCount where unitWeights[j] < 0 {
            throw DataError.negativeWeight(path: path2, line: nil, unitID: grouping.level2.ids[j], column: level2Name ?? "",
                                          value: unitWeights[j])
        }
        if let index = rowWeights.firstIndex(where: { $0 < 0 }) {
            throw DataError.negativeWeight(path: summary.level1File, line: level1Lines[index], unitID: "",
                                           column: level1Name ?? "", value: rowWeights[index])
        }
        var counts = (rows: 0, units: 0, rowsOfUnits: 0, unitsOfRows: 0)
        var keptRows = [Int](), unitOffsets = [0], keptUnits = [Int]()
        for j in 0..<grouping.unitCount {
            let rows = grouping.rows(ofUnit: j)
            guard unitWeights[j] > 0 else {
                counts.units += 1
                counts.rowsOfUnits += rows.count
                continue
            }
            let kept = rows.filter { rowWeights[$0] > 0 }
            counts.rows += rows.count - kept.count
            guard !kept.isEmpty else {
                counts.unitsOfRows += 1
                continue
            }
            keptRows += kept
            keptUnits.append(j)
            unitOffsets.append(keptRows.count)
        }
        var data = self
        if keptRows.count < grouping.rowCount {
            data = filtered(rows: keptRows, units: keptUnits, unitOffsets: unitOffsets, reasons: Self.zeroWeightReasons(
                counts, level1: level1Name, level2: level2Name))
        }
        let b = keptUnits.map { unitWeights[$0] }
        let unitScaled = b.map { $0 * Double(b.count) / b.reduce(0, +) }
        var rowScaled = keptRows.map { rowWeights[$0] }
        if weights.level1Normalisation == .unitSize {
            for j in 0..<data.grouping.unitCount {
                let rows = data.grouping.rows(ofUnit: j)
                let scale = Double(rows.count) / rows.reduce(0.0) { $0 + rowScaled[$1] }
                for i in rows { rowScaled[i] *= scale }
            }
        }
        let summary = WeightSummary(
            level1Column: level1Name, level2Column: level2Name, level1Normalisation: weights.level1Normalisation.rawValue,
            level1Sum: rowScaled.reduce(0, +), level1EffectiveSize: Self.effectiveSize(rowScaled),
            level2Sum: unitScaled.reduce(0, +), level2EffectiveSize: Self.effectiveSize(unitScaled),
            rowsWithZeroWeight: counts.rows, unitsWithZeroWeight: counts.units,
            rowsOfUnitsWithZeroWeight: counts.rowsOfUnits, unitsWithAllRowsZeroWeight: counts.unitsOfRows)
        return WeightedData(data: data, level1: rowScaled, level2: unitScaled, summary: summary)
    }

    /// Kish's effective sample size (sum w)^2 / sum w^2.
    private static func effectiveSize(_ weights: [Double]) -> Double {
        let sum = weights.reduce(0, +)
        return sum * sum / weights.reduce(0) { $0 + $1 * $1 }
    }

    /// The data summary's sentences for the zero-weight exclusions.
    private static func zeroWeightReasons(_ counts: (rows: Int, units: Int, rowsOfUnits: Int, unitsOfRows: Int),
                                          level1: String?, level2: String?) -> [String] {
        func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
        var reasons = [String]()
        if counts.rows > 0 {
            reasons.append("\(count(counts.rows, "level-1 row")) excluded: weight \(level1 ?? "") is 0")
        }
        if counts.units > 0 {
            reasons.append("\(count(counts.units, "level-2 unit")) (and their \(count(counts.rowsOfUnits, "level-1 row"))) "
                + "excluded: weight \(level2 ?? "") is 0")
        }
        if counts.unitsOfRows > 0 {
            reasons.append("\(count(counts.unitsOfRows, "level-2 unit")) excluded: all their level-1 rows have weight 0")
        }
        return reasons
    }

    /// The data restricted to `rows` (grouped order) of the units `units`, whose rows start at `unitOffsets`,
    /// with the exclusions counted in the summary under `reasons`.
    private func filtered(rows: [Int], units: [Int], unitOffsets: [Int], reasons: [String]) -> MultilevelData {
        var data = self
        data.grouping = Grouping(unitIDs: units.map { grouping.level2.ids[$0] }, rowOffsets: unitOffsets)
        data.level1 = level1.mapValues { column in rows.map { column[$0] } }
        data.level2 = level2.mapValues { column in units.map { column[$0] } }
        data.level1Lines = RowNumbers(rows.map { level1Lines[$0] })
        data.summary.level1Used = rows.count
        data.summary.level1Excluded += grouping.rowCount - rows.count
        data.summary.level2Used = units.count
        data.summary.level2Excluded += grouping.unitCount - units.count
        data.summary.exclusionReasons += reasons
        return data
    }
}
