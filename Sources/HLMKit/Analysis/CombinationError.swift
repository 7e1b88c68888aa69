/// Why M data sets cannot be fitted and combined (`CombinedAnalysis`).
public enum CombinationError: HLMError {
    /// Fewer than two plausible values or imputed files.
    case tooFew(count: Int, kind: String)
    /// A plausible value or file named twice.
    case repeated(name: String, kind: String)
    /// Plausible values and imputed files together, or imputed files at both levels.
    case conflictingSources(String)
    /// The level-1 equation's outcome is not among the plausible values.
    case outcomeNotAmongPlausibleValues(outcome: String, values: [String])
    /// An imputed file whose columns differ from the first file's.
    case differentColumns(file: String, first: String, onlyHere: [String], missingHere: [String])
    /// An imputed file whose ID column holds other IDs (or as many rows of each) than the first file's.
    case differentIDs(file: String, first: String, idColumn: String)
    /// A data set whose rows or units used differ from the first data set's.
    case differentCases(name: String, first: String, level1: (Int, Int), level2: (Int, Int))
    /// An imputed-files level other than 1 or 2.
    case invalidLevel(String)
    /// A glob pattern that matches no file.
    case noMatch(pattern: String)

    /// Settings that contradict each other are usage errors; data sets that do not match are data errors.
    public var category: ErrorCategory {
        switch self {
        case .differentColumns, .differentIDs, .differentCases, .noMatch: .data
        default: .usage
        }
    }

    /// The message shown to users.
    public var description: String {
        switch self {
        case let .tooFew(count, kind):
            return "Rubin's rules combine at least 2 data sets; \(count) \(kind) given. Give 2 or more "
                + "(PISA has 5 or 10 plausible values), or fit the single data set without the option."
        case let .repeated(name, kind):
            return "\(name) is given twice among the \(kind); each data set must appear once."
        case let .conflictingSources(text):
            return text
        case let .outcomeNotAmongPlausibleValues(outcome, values):
            return "the level-1 equation's outcome \(outcome) is not among the plausible values "
                + "\(values.joined(separator: ",")): write the first plausible value as the outcome "
                + "(\(values.first ?? "PV1") = INTRCPT1 + ...) and list all of them, it included."
        case let .differentColumns(file, first, onlyHere, missingHere):
            let parts = [onlyHere.isEmpty ? nil : "has \(onlyHere.joined(separator: ", ")) that \(first) has not",
                         missingHere.isEmpty ? nil : "lacks \(missingHere.joined(separator: ", "))"]
            return "the imputed file \(file) \(parts.compactMap { $0 }.joined(separator: " and ")) (the first "
                + "imputed file is \(first)): imputed files must have the same columns."
        case let .differentIDs(file, first, idColumn):
            return "the imputed file \(file) has other \(idColumn) values (or other numbers of rows per \(idColumn)) "
                + "than the first imputed file \(first): imputed files must hold the same cases."
        case let .differentCases(name, first, level1, level2):
            return "the data set \(name) uses \(level1.1) level-1 rows in \(level2.1) units, but \(first) uses "
                + "\(level1.0) rows in \(level2.0) units: Rubin's rules need the same cases in every data set "
                + "(a plausible value or imputed variable is missing in some rows; impute it or drop those rows)."
        case let .invalidLevel(text):
            return "--imputed-level (imputedlevel:) must be 1 or 2, not \(text)."
        case let .noMatch(pattern):
            return "--imputed: no file matches \(pattern)."
        }
    }
}
