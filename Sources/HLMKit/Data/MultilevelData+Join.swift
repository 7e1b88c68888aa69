extension MultilevelData {
    /// Joins level-1 rows to their level-2 units by ID, applies listwise deletion and groups the rows by unit.
    ///
    /// Variable names are case-insensitive; the result's dictionaries are keyed by upper-cased names.
    /// IDs are compared as trimmed text, or as numbers when every non-missing ID in both files is a
    /// number (so `01`, `1` and `1.0` are the same unit). Units are ordered by ID (numerically when all
    /// IDs are numbers) and rows within a unit keep their file order, so the result does not depend on
    /// the order of the rows in either file (except `level1Lines`).
    ///
    /// Without a level-2 file, the level-2 variables are read from the level-1 file and must be constant
    /// within every unit (over the rows used): the long, one-file layout of lme4 users.
    ///
    /// Listwise deletion: a level-1 row with a missing ID or a missing value in any of
    /// `level1Variables` (and, without a level-2 file, `level2Variables`) is excluded; a level-2 unit with a
    /// missing ID or a missing value in any of `level2Variables` is excluded with its level-1 rows; units
    /// left without level-1 rows are excluded. Every exclusion is counted in `summary` (see `JoinExclusions` for how each row is
    /// attributed to one reason).
    ///
    /// - Parameters:
    ///   - level1: The level-1 file (one row per level-1 case).
    ///   - level2: The level-2 file (one row per unit), or nil to take the units from the level-1 IDs.
    ///   - idColumn: The column linking the files; it must be in both.
    ///   - level1Variables: Numeric variables read from the level-1 file.
    ///   - level2Variables: Numeric variables of the units, read from the level-2 file or, without one, from
    ///     the level-1 file.
    ///   - missingCodes: Cell texts meaning "missing", besides empty, `NA` and `.` (numbers also by value).
    ///   - dropUnmatched: Whether level-1 rows whose ID has no level-2 row are excluded (true) or an error.
    /// - Throws: `DataError` for an unknown column or ID column, a non-numeric value, an ID that is not
    ///   UTF-8, a level-2 variable that varies within a unit (without a level-2 file), duplicate level-2 IDs,
    ///   unmatched level-1 IDs (unless `dropUnmatched`) or no data left after exclusions.
    static func join(level1: any DataTable, level2: (any DataTable)?, idColumn: String, level1Variables: [String],
                            level2Variables: [String], missingCodes: Set<String>,
                            dropUnmatched: Bool) throws -> MultilevelData {
        let level1Names = uniqueUppercased(level1Variables)
        let level2Names = uniqueUppercased(level2Variables)
        let missing = MissingValueCodes(missingCodes)
        // Without a level-2 file the level-2 variables are level-1 columns, checked to be unit-constant.
        let unitConstantNames = level2 == nil ? level2Names : []
        let level1ID = try idColumnIndex(level1, idColumn)
        let level2ID = try level2.map { try idColumnIndex($0, idColumn) }
        let level1Read = try numericColumns(level1Names + unitConstantNames, of: level1, id: level1ID, missing: missing)
        let level1Values = level1Read.columns
        let level2Read = try level2.map { try numericColumns(level2Names, of: $0, id: level2ID!, missing: missing) }
        let level2Values = level2Read?.columns ?? []
        var exclusions = JoinExclusions(level1Names: level1Names + unitConstantNames,
                                        level2Names: level2 == nil ? [] : level2Names, level2Path: level2?.source)
        let integers = (level1: level1Read.integerIDs, level2: level2Read.map(\.integerIDs) ?? [])
        let grouped = try integers.level1.flatMap { ids in
            try groupedUnits(ids, level2Integers: integers.level2, level1Values: level1Values, level2: level2,
                             level2ID: level2ID, level2Values: level2Values, exclusions: &exclusions)
        }
        let units = try grouped ?? unitsByRow(level1: level1, level1ID, level2: level2, level2ID,
                                              level1Values: level1Values, level2Values: level2Values,
                                              integers: integers, missing: missing, dropUnmatched: dropUnmatched,
                                              exclusions: &exclusions)

        let unitCount = level2?.rowCount ?? units.keyCount
        let used = units.order.count
        var summary = DataSummary(
            level1File: level1.source, level2File: level2?.source,
            level1Read: level1.rowCount, level1Used: used, level1Excluded: level1.rowCount - used,
            level2Read: unitCount, level2Used: units.ids.count, level2Excluded: unitCount - units.ids.count,
            exclusionReasons: exclusions.reasons)
        summary.fileFormats = [level1, level2].compactMap { table in
            table.flatMap { table in table.formatDescription.map { "\(table.source): \($0)" } }
        }
        summary.missingCodeCounts = missing.userCodes.indices.map { code in
            MissingCodeCount(code: missing.userCodes[code],
                             cells: level1Read.codeCounts[code] + (level2Read?.codeCounts[code] ?? 0))
        }
        let grouping = Grouping(unitIDs: units.ids, rowOffsets: units.offsets)
        let level2Columns = try level2 == nil
            ? unitConstantColumns(unitConstantNames, values: Array(level1Values.suffix(unitConstantNames.count)),
                                  order: units.order, grouping: grouping, table: level1)
            : level2Values.map { column in units.level2Rows.map { column[$0] } }
        // A file sorted by ID with every row used is in grouped order already: its columns are kept as read.
        let inFileOrder = used == level1.rowCount && (units.order.isConsecutive || units.order.indices.allSatisfy {
            units.order[$0] == $0
        })
        let order = inFileOrder ? RowNumbers(consecutive: 0..<used) : units.order
        return MultilevelData(
            idColumn: level1.header[level1ID],
            grouping: grouping,
            level1: Dictionary(uniqueKeysWithValues: zip(level1Names, level1Values.map { column in
                inFileOrder ? column : order.map { column[$0] }
            })),
            level2: Dictionary(uniqueKeysWithValues: zip(level2Names, level2Columns)),
            level1Lines: level1.lines(ofRows: order),
            summary: summary, level1Rows: order)
    }

    /// The used units and rows of a join, in grouped order.
    private struct JoinedUnits {
        /// The units' IDs as reported, in ID order.
        var ids: [String]
        /// Rows of unit j are `order[offsets[j] ..< offsets[j + 1]]`.
        var offsets: [Int]
        /// The level-1 file rows used, grouped by unit.
        var order: RowNumbers
        /// Each unit's level-2 file row (unused without a level-2 file).
        var level2Rows: [Int]
        /// The number of distinct IDs in both files.
        var keyCount: Int
    }

    /// The join of a level-1 file whose IDs are integers in runs of increasing ID (sorted by ID) with every
    /// row used, from the runs alone: no array per row. Nil (with `exclusions` untouched) when the file is
    /// not such a file (a missing ID or value, an ID out of order, an ID the level-2 file lacks, a unit
    /// excluded for a missing level-2 value), which `unitsByRow` joins instead; the same result as it gives.
    private static func groupedUnits(_ ids: [Double], level2Integers: [Double]?, level1Values: [[Double]],
                                     level2: (any DataTable)?, level2ID: Int?, level2Values: [[Double]],
                                     exclusions: inout JoinExclusions) throws -> JoinedUnits? {
        guard let level2Integers, let runs = increasingRuns(ids, values: level1Values) else { return nil }
        let keys = UnitKeyIndex(level1Integers: runs.ids, level2Integers: level2Integers)
        var counted = exclusions
        let level2Units = try matchLevel2Rows(keys, level2: level2, level2ID: level2ID, level2Values: level2Values,
                                         exclusions: &counted)
        var rowsPerUnit = [Int](repeating: 0, count: keys.keys.count)
        for (run, unit) in keys.level1.enumerated() {
            if level2 != nil, level2Units.row[unit] < 0 { return nil }
            if level2Units.missing[unit] != nil { return nil }
            rowsPerUnit[unit] = runs.offsets[run + 1] - runs.offsets[run]
        }
        countUnitExclusions(rowsPerUnit: rowsPerUnit, usedPerUnit: rowsPerUnit, level2Units: level2Units,
                            hasLevel2: level2 != nil, exclusions: &counted)
        exclusions = counted
        return JoinedUnits(ids: keys.level1.map { keys.keys[$0].label }, offsets: runs.offsets,
                           order: RowNumbers(consecutive: 0..<ids.count),
                           level2Rows: keys.level1.map { level2Units.row[$0] }, keyCount: keys.keys.count)
    }

    /// The IDs of the runs of equal values of `ids` and where each starts (then `ids.count`), when every run
    /// has a larger ID than the one before (no NaN) and no row of `values` (columns as long as `ids`) is NaN;
    /// nil otherwise. Chunks of rows are scanned on all cores (a run starts at row r > 0 when
    /// ids[r] != ids[r - 1], which needs ids[r] > ids[r - 1]), their starts joined in row order.
    static func increasingRuns(_ ids: [Double], values: [[Double]]) -> (ids: [Double], offsets: [Int])? {
        guard let first = ids.first, !first.isNaN else { return nil }
        let chunks = concurrentChunks(ids.count, minimumChunk: 65_536) { _, rows -> [Int]? in
            var starts: [Int] = []
            for column in values {
                for row in rows where column[row].isNaN { return nil }
            }
            for row in rows where row > 0 && ids[row] != ids[row - 1] {
                guard ids[row] > ids[row - 1] else { return nil }
                starts.append(row)
            }
            return starts
        }
        var offsets = [0]
        for chunk in chunks {
            guard let chunk else { return nil }
            offsets += chunk
        }
        let runIDs = offsets.map { ids[$0] }
        offsets.append(ids.count)
        return (runIDs, offsets)
    }

    /// The join of any level-1 file: each row mapped to its unit, kept or counted under its first exclusion
    /// reason, then the used rows grouped by unit.
    private static func unitsByRow(level1: any DataTable, _ level1ID: Int, level2: (any DataTable)?, _ level2ID: Int?,
                                   level1Values: [[Double]], level2Values: [[Double]],
                                   integers: (level1: [Double]?, level2: [Double]?), missing: MissingValueCodes,
                                   dropUnmatched: Bool, exclusions: inout JoinExclusions) throws -> JoinedUnits {
        let keys = try unitKeys(level1: level1, level1ID, level2: level2, level2ID, missing: missing,
                                integers: integers)
        let level2Units = try matchLevel2Rows(keys, level2: level2, level2ID: level2ID, level2Values: level2Values,
                                         exclusions: &exclusions)

        // Level-1 rows, each kept or counted under its first exclusion reason.
        var rowsPerUnit = [Int](repeating: 0, count: keys.keys.count)
        var usedPerUnit = rowsPerUnit
        var usedRows = [Int]()
        var unmatched = [DataError.UnmatchedID]()
        for (row, unit) in keys.level1.enumerated() {
            guard unit != UnitKeyIndex.missing else { exclusions.level1MissingID += 1; continue }
            rowsPerUnit[unit] += 1
            if level2 != nil, level2Units.row[unit] < 0 {
                if rowsPerUnit[unit] == 1 { unmatched.append(.init(id: level1.text(row: row, column: level1ID), line: level1.line(ofRow: row))) }
                exclusions.unmatchedRows += 1
            } else if level2Units.missing[unit] != nil {
                exclusions.rowsOfExcludedUnits += 1
            } else if let variable = firstMissing(in: level1Values, row: row) {
                exclusions.level1MissingByVariable[variable] += 1
            } else {
                usedRows.append(row)
                usedPerUnit[unit] += 1
            }
        }
        exclusions.unmatchedIDs = unmatched.count
        if !unmatched.isEmpty, !dropUnmatched, let table = level2 {
            throw DataError.unmatchedLevel1IDs(path: level1.source, level2Path: table.source,
                                               examples: Array(unmatched.prefix(5)), idCount: unmatched.count,
                                               rowCount: exclusions.unmatchedRows)
        }
        countUnitExclusions(rowsPerUnit: rowsPerUnit, usedPerUnit: usedPerUnit, level2Units: level2Units,
                            hasLevel2: level2 != nil, exclusions: &exclusions)
        guard !usedRows.isEmpty else {
            throw DataError.noDataLeft(path: level1.source, reasons: exclusions.reasons)
        }

        // Group: units sorted by ID, rows of a unit contiguous and in file order.
        let units = keys.keys.indices.filter { usedPerUnit[$0] > 0 }.sorted { keys.keys[$0] < keys.keys[$1] }
        var nextSlot = [Int](repeating: 0, count: keys.keys.count)
        var unitOffsets = [0]
        for unit in units {
            nextSlot[unit] = unitOffsets[unitOffsets.count - 1]
            unitOffsets.append(nextSlot[unit] + usedPerUnit[unit])
        }
        var order = [Int](repeating: 0, count: usedRows.count)
        for row in usedRows {
            let unit = keys.level1[row]
            order[nextSlot[unit]] = row
            nextSlot[unit] += 1
        }
        return JoinedUnits(ids: units.map { keys.keys[$0].label }, offsets: unitOffsets, order: RowNumbers(order),
                           level2Rows: units.map { level2Units.row[$0] }, keyCount: keys.keys.count)
    }

    /// Each unit's level-2 row (-1: none) and its first missing level-2 variable; a level-2 row with a missing
    /// ID is counted in `exclusions`.
    ///
    /// - Throws: `DataError.duplicateLevel2ID` for the first ID on two level-2 rows.
    private static func matchLevel2Rows(_ keys: UnitKeyIndex, level2: (any DataTable)?, level2ID: Int?,
                                   level2Values: [[Double]], exclusions: inout JoinExclusions) throws
        -> (row: [Int], missing: [Int?]) {
        var level2Row = [Int](repeating: -1, count: keys.keys.count)
        var unitMissing = [Int?](repeating: nil, count: keys.keys.count)
        for (row, unit) in keys.level2.enumerated() {
            guard unit != UnitKeyIndex.missing else { exclusions.level2MissingID += 1; continue }
            if level2Row[unit] >= 0, let table = level2 {
                throw DataError.duplicateLevel2ID(path: table.source, id: table.text(row: row, column: level2ID!),
                                                  firstLine: table.line(ofRow: level2Row[unit]),
                                                  secondLine: table.line(ofRow: row))
            }
            level2Row[unit] = row
            unitMissing[unit] = firstMissing(in: level2Values, row: row)
        }
        return (level2Row, unitMissing)
    }

    /// Counts the units excluded: those with a level-2 row (or, without a level-2 file, every level-1 ID) that
    /// miss a level-2 value, have no level-1 rows, or have none used.
    private static func countUnitExclusions(rowsPerUnit: [Int], usedPerUnit: [Int],
                                            level2Units: (row: [Int], missing: [Int?]), hasLevel2: Bool,
                                            exclusions: inout JoinExclusions) {
        for unit in rowsPerUnit.indices where !hasLevel2 || level2Units.row[unit] >= 0 {
            if let variable = level2Units.missing[unit] {
                exclusions.unitsMissingByVariable[variable] += 1
            } else if rowsPerUnit[unit] == 0 {
                exclusions.unitsWithoutRows += 1
            } else if usedPerUnit[unit] == 0 {
                exclusions.unitsWithAllRowsExcluded += 1
            }
        }
    }

    /// The names upper-cased, without repeats, in first-seen order.
    static func uniqueUppercased(_ names: [String]) -> [String] {
        var seen = Set<String>()
        return names.map { $0.trimmed.uppercased() }.filter { seen.insert($0).inserted }
    }

    /// The index of the ID column of `table`.
    static func idColumnIndex(_ table: any DataTable, _ idColumn: String) throws -> Int {
        guard let index = table.columnIndex(idColumn) else {
            throw DataError.missingIDColumn(path: table.source, name: idColumn, available: table.namedColumns)
        }
        return index
    }

    /// The units' keys: from integers when both ID columns hold only integers (no text per row), else from
    /// the trimmed texts (compared as exact decimals when they are all numbers). `integers` are the ID columns
    /// as integers when already read (`DataTable.integerIDs`; an empty level-2 column without a level-2 file).
    static func unitKeys(level1: any DataTable, _ level1ID: Int, level2: (any DataTable)?, _ level2ID: Int?,
                         missing: MissingValueCodes, integers: (level1: [Double]?, level2: [Double]?)? = nil) throws
        -> UnitKeyIndex {
        let integers = integers ?? (level1.integerIDs(level1ID, missing: missing),
                                    level2.map { $0.integerIDs(level2ID!, missing: missing) } ?? [])
        if let integers1 = integers.level1, let integers2 = integers.level2 {
            return UnitKeyIndex(level1Integers: integers1, level2Integers: integers2)
        }
        return UnitKeyIndex(level1IDs: try level1.stringColumn(level1ID).map(\.trimmed),
                            level2IDs: try level2.map { try $0.stringColumn(level2ID!).map(\.trimmed) } ?? [],
                            missing: missing)
    }

    /// The named columns of `table` as numbers (missing as NaN), with the cells each user code made missing.
    static func numericColumns(_ names: [String], of table: any DataTable,
                               missing: MissingValueCodes) throws -> (columns: [[Double]], codeCounts: [Int]) {
        try table.numericColumns(columnIndices(names, of: table), missing: missing)
    }

    /// `numericColumns(_:of:missing:)` with the ID column `id` as integers (`DataTable.integerIDs`), in one read.
    static func numericColumns(_ names: [String], of table: any DataTable, id: Int, missing: MissingValueCodes)
        throws -> (columns: [[Double]], codeCounts: [Int], integerIDs: [Double]?) {
        try table.numericColumns(columnIndices(names, of: table), integerIDs: id, missing: missing)
    }

    /// The indices of the columns `names` of `table`.
    private static func columnIndices(_ names: [String], of table: any DataTable) throws -> [Int] {
        try names.map { name in
            guard let index = table.columnIndex(name) else {
                throw DataError.unknownColumn(path: table.source, name: name, available: table.namedColumns)
            }
            return index
        }
    }

    /// The index of the first column whose value in `row` is missing, if any.
    static func firstMissing(in columns: [[Double]], row: Int) -> Int? {
        columns.firstIndex { $0[row].isNaN }
    }
}
