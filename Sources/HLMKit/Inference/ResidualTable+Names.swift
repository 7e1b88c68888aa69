extension ResidualTable {
    /// A column of a residual file as it is built: one of the file's own (`LINE`, `FITTED`, `EB_INTRCPT1`, ...) or
    /// a name from the data (the outcome, a predictor).
    enum Column {
        case own(String)
        case variable(String)
    }

    /// A table whose header names are unique (docs/RESIDUAL-FILES.md): the file's own columns keep their names,
    /// and each name from the data (the ID column first, then the `.variable` columns) that is one of the own
    /// names or an earlier name gets `prefix` (`L1_` or `L2_`), repeated until it is unique. Names compare
    /// case-insensitively, as spreadsheets and R's `read.csv` users expect.
    init(idColumn: String, columns: [Column], ids: [String], rows: [[Double]], prefix: String) {
        var used = Set(columns.compactMap { column -> String? in
            if case let .own(name) = column { return name.uppercased() }
            return nil
        })
        func unique(_ name: String) -> String {
            var result = name
            while used.contains(result.uppercased()) { result = prefix + result }
            used.insert(result.uppercased())
            return result
        }
        let id = unique(idColumn)
        let names = columns.map { column in
            switch column {
            case let .own(name): return name
            case let .variable(name): return unique(name)
            }
        }
        self.init(idColumn: id, columns: names, ids: ids, rows: rows)
    }
}
