extension MultilevelData {
    /// Joins three levels as HLM3's MDM does: level-1 rows to their level-2 units by `idColumn` (see
    /// `join(level1:level2:idColumn:level1Variables:level2Variables:missingCodes:dropUnmatched:)`, whose rules
    /// hold unchanged), then each level-2 unit to its level-3 unit by the level-3 ID of its level-1 rows.
    ///
    /// Level-3 variables are read from the level-3 file or, without one, from the level-1 file, where they must
    /// be constant within every level-3 unit. Level-3 units are ordered by ID (numerically when every ID is a
    /// number) and level-2 units keep their ID order within them, so `grouping.levels[1]` groups contiguous
    /// level-2 units.
    ///
    /// Exclusions, each counted in `summary`: a level-2 unit whose rows all have a missing level-3 ID; one
    /// whose level-3 ID has no level-3 row (an error unless `dropUnmatched`); a level-3 unit with a missing
    /// value in a level-3 variable (with its level-2 units and rows); a level-3 row with a missing ID or with no
    /// level-2 units left.
    ///
    /// - Throws: `DataError.level2UnitInTwoLevel3Units` when the rows of one level-2 unit carry two level-3
    ///   IDs, `.duplicateLevel3ID`, `.unmatchedLevel3IDs`, `.variesWithinLevel3Unit`, and the two-level join's
    ///   errors.
    static func join(level1: any DataTable, level2: (any DataTable)?, level3: (any DataTable)?, idColumn: String,
                     level3IDColumn: String, level1Variables: [String], level2Variables: [String],
                     level3Variables: [String], missingCodes: Set<String>, dropUnmatched: Bool) throws -> MultilevelData {
        let level3Names = uniqueUppercased(level3Variables)
        // Without a level-3 file the level-3 variables are level-1 columns (listwise deletion as level 1).
        let data = try join(level1: level1, level2: level2, idColumn: idColumn,
                            level1Variables: level1Variables + (level3 == nil ? level3Names : []),
                            level2Variables: level2Variables, missingCodes: missingCodes, dropUnmatched: dropUnmatched)
        let missing = MissingValueCodes(missingCodes)
        let level1ID3 = try idColumnIndex(level1, level3IDColumn)
        let level3ID = try level3.map { try idColumnIndex($0, level3IDColumn) }
        let keys = try unitKeys(level1: level1, level1ID3, level2: level3, level3ID, missing: missing)
        let level3Read = try level3.map { try numericColumns(level3Names, of: $0, missing: missing) }
        let unitLevel3 = try level3Units(of: data, keys: keys, table: level1, column: level1ID3,
                                         idColumn: idColumn, level3IDColumn: level3IDColumn)
        var exclusions = Level3Exclusions(names: level3Names, level3Path: level3?.source)

        // Level-3 rows: one per level-3 unit; a missing level-3 value excludes the unit.
        var level3Row = [Int](repeating: -1, count: keys.keys.count)
        var level3Missing = [Int?](repeating: nil, count: keys.keys.count)
        for (row, unit) in keys.level2.enumerated() {
            guard unit != UnitKeyIndex.missing, let table = level3 else { exclusions.level3MissingID += 1; continue }
            if level3Row[unit] >= 0 {
                throw DataError.duplicateLevel3ID(path: table.source, id: table.text(row: row, column: level3ID!),
                                                  firstLine: table.line(ofRow: level3Row[unit]),
                                                  secondLine: table.line(ofRow: row))
            }
            level3Row[unit] = row
            level3Missing[unit] = firstMissing(in: level3Read?.columns ?? [], row: row)
        }

        // Level-2 units, each kept or counted under its first exclusion reason.
        var unmatched = [DataError.UnmatchedID]()
        var kept = [Int]()
        for (j, unit) in unitLevel3.enumerated() {
            let rows = data.grouping.rows(ofUnit: j).count
            if unit == UnitKeyIndex.missing {
                exclusions.add(.missingLevel3ID, rows: rows)
            } else if level3 != nil, level3Row[unit] < 0 {
                if !unmatched.contains(where: { $0.id == keys.keys[unit].label }) {
                    unmatched.append(.init(id: keys.keys[unit].label,
                                           line: data.level1Lines[data.grouping.rows(ofUnit: j).lowerBound]))
                }
                exclusions.add(.unmatchedLevel3ID, rows: rows)
            } else if let variable = level3Missing[unit] {
                exclusions.add(.missingLevel3Value(variable), rows: rows)
            } else {
                kept.append(j)
            }
        }
        exclusions.unmatchedIDs = unmatched.count
        if !unmatched.isEmpty, !dropUnmatched, let table = level3 {
            throw DataError.unmatchedLevel3IDs(path: level1.source, level3Path: table.source,
                                               examples: Array(unmatched.prefix(5)), idCount: unmatched.count,
                                               unitCount: exclusions.unmatchedUnits)
        }
        let level3Used = Set(kept.map { unitLevel3[$0] })
        for unit in keys.keys.indices where level3 == nil || level3Row[unit] >= 0 {
            if let variable = level3Missing[unit] {
                exclusions.level3UnitsMissingByVariable[variable] += 1
            } else if !level3Used.contains(unit) {
                exclusions.level3UnitsWithoutUnits += 1
            }
        }
        guard !kept.isEmpty else { throw DataError.noDataLeft(path: level1.source, reasons: exclusions.reasons) }

        // Level-2 units grouped by level-3 unit (level-3 units in ID order), level-2 ID order within.
        let level3Order = level3Used.sorted { keys.keys[$0] < keys.keys[$1] }
        let rank = Dictionary(uniqueKeysWithValues: level3Order.enumerated().map { ($1, $0) })
        let units = kept.sorted { (rank[unitLevel3[$0]]!, $0) < (rank[unitLevel3[$1]]!, $1) }
        var result = data.selecting(units: units)
        var level3Offsets = [0]
        for (position, j) in units.enumerated() where position + 1 == units.count
            || unitLevel3[units[position + 1]] != unitLevel3[j] {
            level3Offsets.append(position + 1)
        }
        result.grouping.levels.append(GroupLevel(ids: level3Order.map { keys.keys[$0].label }, offsets: level3Offsets))
        result.level3IDColumn = level1.header[level1ID3]
        if let read = level3Read {
            result.level3 = Dictionary(uniqueKeysWithValues: zip(level3Names, read.columns.map { column in
                level3Order.map { column[level3Row[$0]] }
            }))
        } else {
            result.level3 = Dictionary(uniqueKeysWithValues: zip(level3Names,
                try level3ConstantColumns(level3Names, data: result, table: level1)))
        }
        result.summary.exclusionReasons += exclusions.reasons
        result.summary.level3File = level3?.source
        result.summary.level3Read = level3?.rowCount ?? keys.keys.count
        result.summary.level3Used = level3Order.count
        result.summary.level3Excluded = result.summary.level3Read! - level3Order.count
        return result
    }

    /// Each level-2 unit's level-3 key (`UnitKeyIndex.missing` when every row's level-3 ID is missing).
    ///
    /// - Throws: `DataError.level2UnitInTwoLevel3Units` naming the first two level-3 IDs of a unit that has two.
    private static func level3Units(of data: MultilevelData, keys: UnitKeyIndex, table: any DataTable, column: Int,
                                    idColumn: String, level3IDColumn: String) throws -> [Int] {
        try (0..<data.grouping.unitCount).map { j in
            var first: (row: Int, unit: Int)?
            for position in data.grouping.rows(ofUnit: j) {
                let row = data.level1Rows[position], unit = keys.level1[row]
                guard unit != UnitKeyIndex.missing else { continue }
                guard let known = first else { first = (row, unit); continue }
                if unit != known.unit {
                    throw DataError.level2UnitInTwoLevel3Units(
                        path: table.source, idColumn: idColumn, id: data.grouping.level2.ids[j],
                        level3IDColumn: level3IDColumn,
                        first: .init(id: table.text(row: known.row, column: column), line: table.line(ofRow: known.row)),
                        second: .init(id: table.text(row: row, column: column), line: table.line(ofRow: row)))
                }
            }
            return first?.unit ?? UnitKeyIndex.missing
        }
    }

    /// The level-3 variables of a file without a level-3 file: each level-1 column taken once per level-3 unit,
    /// after checking that it is constant within the unit over the rows used.
    private static func level3ConstantColumns(_ names: [String], data: MultilevelData,
                                              table: any DataTable) throws -> [[Double]] {
        guard let level3 = data.grouping.level3 else { return [] }
        return try names.map { name in
            let column = data.level1[name]!
            return try (0..<level3.count).map { k in
                let units = level3.members(of: k)
                let rows = data.grouping.level2.offsets[units.lowerBound]..<data.grouping.level2.offsets[units.upperBound]
                let first = rows.lowerBound
                if let other = rows.first(where: { column[$0] != column[first] }) {
                    throw DataError.variesWithinLevel3Unit(path: table.source, variable: name, id: level3.ids[k],
                                                           firstLine: data.level1Lines[first], firstValue: column[first],
                                                           line: data.level1Lines[other], value: column[other])
                }
                return column[first]
            }
        }
    }
}
