/// The level of the data a variable comes from.
enum VariableLevel: Sendable, Equatable {
    /// A column of the level-1 file.
    case level1
    /// A column of the level-2 file.
    case level2
}

/// The variable names available at each level, for checking model equations before reading values.
struct VariableCatalog: Sendable, Equatable {
    /// Upper-cased column names of the level-1 file, without the ID column.
    var level1Names: Set<String>
    /// Upper-cased column names of the level-2 file, without the ID column; without a level-2 file, the
    /// level-1 names (one long file: a level-1 column may be used at level 2 when it is constant within
    /// every unit, which the join checks).
    var level2Names: Set<String>

    /// Collects the named columns of the files, leaving out `idColumn` (compared ignoring case).
    init(level1: any DataTable, level2: (any DataTable)?, idColumn: String) {
        let id = idColumn.trimmed.uppercased()
        level1Names = Set(level1.namedColumns.map { $0.uppercased() }).subtracting([id])
        level2Names = level2.map { Set($0.namedColumns.map { $0.uppercased() }).subtracting([id]) } ?? level1Names
    }

    /// The level of the variable `name` (case-insensitive), preferring level 1 when both files have it;
    /// nil when neither has it.
    func level(of name: String) -> VariableLevel? {
        let key = name.trimmed.uppercased()
        if level1Names.contains(key) { return .level1 }
        if level2Names.contains(key) { return .level2 }
        return nil
    }
}
