extension ModelSpecification {
    /// The outcome then the level-1 predictors: unique, upper-case, in the order written.
    var level1Variables: [String] {
        uniqued([level1.outcome] + level1.predictors.map(\.name))
    }

    /// The level-2 predictors of all level-2 equations: unique, upper-case, in order of first appearance.
    var level2Variables: [String] {
        uniqued(level2.flatMap { $0.predictors.map(\.name) })
    }

    /// The predictors of log sigma^2: upper-case, in the order written (level-1 or level-2 variables).
    var varianceVariables: [String] {
        variancePredictors.map(\.name)
    }

    /// Checks every variable against the data's columns (names compared upper-cased).
    ///
    /// The level-1 equation and the trials and exposure columns take level-1 columns, level-2 equations take
    /// level-2 columns, and variance predictors may be either (a later stage looks in the level-1 file first), but only level-1 variables take
    /// `group()` centering.
    ///
    /// - Throws: `SpecificationError.idColumnInModel` when the ID column is the outcome or a predictor;
    ///   `.wrongLevel` for a variable found only in the other level's file; `.unknownVariable`
    ///   (with close names and the available columns) for a variable in neither; these have category `.data`.
    ///   `.model(.groupCenteringAtLevel2)` (`.usage`) for `group()` on a level-2 variance predictor.
    func validate(level1Columns: Set<String>, level2Columns: Set<String>, idColumn: String) throws {
        let columns = DataColumns(level1: Set(level1Columns.map { $0.uppercased() }),
                                  level2: Set(level2Columns.map { $0.uppercased() }),
                                  id: idColumn.uppercased())
        for name in level1Variables {
            try columns.require(name, level: 1, usedIn: .level1Equation)
        }
        for equation in level2 {
            for predictor in equation.predictors {
                try columns.require(predictor.name, level: 2, usedIn: .level2Equation(equation.coefficient))
            }
        }
        for name in varianceVariables {
            try columns.require(name, level: nil, usedIn: .varianceModel)
        }
        for name in responseVariables {
            try columns.require(name, level: 1, usedIn: name == trialsVariable ? .trials : .exposure)
        }
        for predictor in variancePredictors where predictor.centering == .group
            && !columns.level1.contains(predictor.name) {
            throw SpecificationError.model(.groupCenteringAtLevel2(predictor.name))
        }
    }

    private func uniqued(_ names: [String]) -> [String] {
        var seen: Set<String> = []
        return names.filter { seen.insert($0).inserted }
    }
}

/// The upper-cased columns of the two data files, for `ModelSpecification.validate`.
private struct DataColumns {
    var level1: Set<String>
    var level2: Set<String>
    var id: String

    /// Throws unless `name` is a column of `level` (1 or 2; nil: either).
    func require(_ name: String, level: Int?, usedIn use: VariableUse) throws {
        guard name != id else { throw SpecificationError.idColumnInModel(name) }
        let wanted = level == 1 ? level1 : level == 2 ? level2 : level1.union(level2)
        if wanted.contains(name) { return }
        if level == 1, level2.contains(name) {
            throw SpecificationError.wrongLevel(name, variableLevel: 2, usedIn: use)
        }
        if level == 2, level1.contains(name) {
            throw SpecificationError.wrongLevel(name, variableLevel: 1, usedIn: use)
        }
        let available = wanted.subtracting([id]).sorted()
        throw SpecificationError.unknownVariable(name, usedIn: use, suggestions: Self.closeMatches(name, in: available),
                                                 available: available)
    }

    /// Up to three names within edit distance max(1, count/3) of `name`, closest first.
    static func closeMatches(_ name: String, in candidates: [String]) -> [String] {
        let limit = max(1, name.count / 3)
        return candidates
            .map { (name: $0, distance: EditDistance.levenshtein(name, $0)) }
            .filter { $0.distance <= limit }
            .sorted { ($0.distance, $0.name) < ($1.distance, $1.name) }
            .prefix(3)
            .map(\.name)
    }
}
