// libFuzzer target: the CSV reader and the level-1/level-2 join.
// Any bytes must either be read or be refused with a DataError; a table that is read must give one
// value per row in every column, numbers finite or NaN (missing), and a join must count every row.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSVReader(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    expectRefusal(DataError.self) {
        let table = try CSVTable(bytes: fuzzBytes(data, size), source: "fuzz.csv")
        precondition(table.rowCount > 0 && !table.header.isEmpty)
        for column in table.header.indices {
            if let texts = try? table.stringColumn(column) { precondition(texts.count == table.rowCount) }
            if let values = try? table.numericColumn(column, missingCodes: ["-99"]) {
                precondition(values.count == table.rowCount)
                precondition(values.allSatisfy { $0.isNaN || $0.isFinite })
            }
        }
        let variables = Array(table.header.dropFirst().prefix(2))
        let joined = try MultilevelData.join(level1: table, level2: nil, idColumn: table.header[0],
                                             level1Variables: variables, level2Variables: [],
                                             missingCodes: ["-99"], dropUnmatched: false)
        let summary = joined.summary
        precondition(summary.level1Used + summary.level1Excluded == summary.level1Read)
        let units = joined.grouping.level2
        precondition(summary.level1Used == joined.grouping.rowCount && units.offsets.count == units.ids.count + 1)
        precondition(zip(units.offsets, units.offsets.dropFirst()).allSatisfy { $0 < $1 })
        precondition(joined.level1.values.allSatisfy { $0.allSatisfy(\.isFinite) })
    }
    return 0
}
