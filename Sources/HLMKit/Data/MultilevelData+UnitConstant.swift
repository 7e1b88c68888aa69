extension MultilevelData {
    /// The level-2 variables of a one-file layout: each of `values` (a level-1 column, file row order) taken
    /// once per unit, after checking that it is constant within every unit over the rows used.
    ///
    /// - Parameters:
    ///   - names: The variables, upper-cased (for messages).
    ///   - values: Their level-1 columns, indexed by file row.
    ///   - order: The used rows, grouped by unit.
    ///   - grouping: The units' IDs as reported, and which entries of `order` each unit holds.
    ///   - table: The level-1 file (for lines in messages).
    /// - Throws: `DataError.variesWithinUnit` naming the first unit (in ID order) where a variable varies.
    static func unitConstantColumns(_ names: [String], values: [[Double]], order: RowNumbers, grouping: Grouping,
                                    table: any DataTable) throws -> [[Double]] {
        try zip(names, values).map { name, column in
            try (0..<grouping.unitCount).map { unit in
                let rows = order[grouping.rows(ofUnit: unit)]
                let first = rows.first!
                if let other = rows.first(where: { column[$0] != column[first] }) {
                    throw DataError.variesWithinUnit(path: table.source, variable: name, id: grouping.level2.ids[unit],
                                                     firstLine: table.line(ofRow: first), firstValue: column[first],
                                                     line: table.line(ofRow: other), value: column[other])
                }
                return column[first]
            }
        }
    }

    /// The level-1 variables among `names` that are constant within every unit (at least one unit with
    /// two rows): level-2 information stored at level 1, whose coefficient HLM would test with level-2 df.
    func unitConstantLevel1Variables(_ names: [String]) -> [String] {
        let units = 0..<grouping.unitCount
        guard units.contains(where: { grouping.rows(ofUnit: $0).count > 1 }) else { return [] }
        return names.filter { name in
            guard let column = level1[name.uppercased()] else { return false }
            return units.allSatisfy { unit in
                let rows = grouping.rows(ofUnit: unit)
                return column[rows].allSatisfy { $0 == column[rows.lowerBound] }
            }
        }
    }
}
