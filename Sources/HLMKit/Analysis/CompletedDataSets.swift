/// The M completed data sets a combined analysis fits one model on, one fit each (`CombinedAnalysis`).
public enum CompletedDataSets: Sendable, Equatable {
    /// Plausible values of the outcome: level-1 columns, each the outcome in turn (PISA's PV1MATH ... PV5MATH).
    case plausibleValues([String])
    /// Multiply imputed level-1 files, each in turn the level-1 file.
    case imputedLevel1([String])
    /// Multiply imputed level-2 files, each in turn the level-2 file.
    case imputedLevel2([String])

    /// The outcome columns or file paths, in order.
    public var names: [String] {
        switch self {
        case let .plausibleValues(names), let .imputedLevel1(names), let .imputedLevel2(names): names
        }
    }

    /// What the report calls the data sets: `plausible values` or `imputed level-1 files`.
    var description: String {
        switch self {
        case .plausibleValues: "plausible values"
        case .imputedLevel1: "imputed level-1 files"
        case .imputedLevel2: "imputed level-2 files"
        }
    }

    /// The JSON's `kind`: `plausible_values`, `imputed_level1` or `imputed_level2`.
    var kind: String {
        switch self {
        case .plausibleValues: "plausible_values"
        case .imputedLevel1: "imputed_level1"
        case .imputedLevel2: "imputed_level2"
        }
    }

    /// Refuses fewer than two data sets and a name given twice.
    ///
    /// - Throws: `CombinationError.tooFew` or `.repeated`.
    func validate() throws {
        let names = names
        guard names.count >= 2 else { throw CombinationError.tooFew(count: names.count, kind: description) }
        // Column names are case-insensitive (the model upper-cases them); file paths are not.
        var isColumns = false
        if case .plausibleValues = self { isColumns = true }
        var seen = Set<String>()
        for name in names where !seen.insert(isColumns ? name.uppercased() : name).inserted {
            throw CombinationError.repeated(name: name, kind: description)
        }
    }
}
