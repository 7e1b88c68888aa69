/// Level-1 rows joined to their level-2 units by ID (HLM's MDM), restricted to the rows and units
/// used in the fit, with level-1 rows stored contiguously by unit.
///
/// Invariants: `grouping` satisfies its own (every unit has at least one row), no value is missing (NaN),
/// units are ordered by ID (numerically when every ID is a number, else by string), rows within a unit
/// keep their file order.
struct MultilevelData: Sendable {
    /// Name of the ID column, as written in the level-1 file's header.
    var idColumn: String
    /// The units used, in order, and their rows: rows of unit j are `grouping.rows(ofUnit: j)`.
    var grouping: Grouping
    /// Used level-1 variables by upper-cased name; values in grouped row order.
    var level1: [String: [Double]]
    /// Used level-2 variables by upper-cased name; one value per unit, in unit order.
    var level2: [String: [Double]]
    /// The 1-based line in the level-1 file of each used row (grouped order).
    var level1Lines: [Int]
    /// What was read and what was excluded, and why.
    var summary: DataSummary

    /// Creates joined data from parts that already satisfy the invariants.
    init(idColumn: String, grouping: Grouping, level1: [String: [Double]],
                level2: [String: [Double]], level1Lines: [Int], summary: DataSummary) {
        self.idColumn = idColumn
        self.grouping = grouping
        self.level1 = level1
        self.level2 = level2
        self.level1Lines = level1Lines
        self.summary = summary
    }
}

/// Counts of what was read, used and excluded at each level, with the reasons.
public struct DataSummary: Sendable, Equatable, Codable {
    /// Path of the level-1 file.
    public var level1File: String
    /// Path of the level-2 file, if one was given.
    public var level2File: String?
    /// Level-1 data rows read.
    public var level1Read: Int
    /// Level-1 rows used in the fit.
    public var level1Used: Int
    /// Level-1 rows excluded (all reasons).
    public var level1Excluded: Int
    /// Level-2 units known (level-2 rows read, or distinct level-1 IDs without a level-2 file).
    public var level2Read: Int
    /// Level-2 units used in the fit.
    public var level2Used: Int
    /// Level-2 units excluded (all reasons).
    public var level2Excluded: Int
    /// One line per reason, e.g. "12 level-1 rows with a missing value in SES".
    public var exclusionReasons: [String]
    /// The files not read as comma-separated with decimal points, e.g. "l1.csv: semicolon-separated
    /// (detected), decimal comma (detected)".
    public var fileFormats: [String] = []
    /// For each `--missing` code (sorted), the cells of the variables used that it made missing.
    public var missingCodeCounts: [MissingCodeCount] = []

    /// Creates a summary.
    init(level1File: String, level2File: String?, level1Read: Int, level1Used: Int, level1Excluded: Int,
                level2Read: Int, level2Used: Int, level2Excluded: Int, exclusionReasons: [String]) {
        self.level1File = level1File
        self.level2File = level2File
        self.level1Read = level1Read
        self.level1Used = level1Used
        self.level1Excluded = level1Excluded
        self.level2Read = level2Read
        self.level2Used = level2Used
        self.level2Excluded = level2Excluded
        self.exclusionReasons = exclusionReasons
    }
}

/// How many cells of the variables used one missing-value code made missing (in both files).
public struct MissingCodeCount: Sendable, Equatable, Codable {
    /// The code as given (trimmed).
    public var code: String
    /// The cells it matched, as text or by value.
    public var cells: Int

    /// Creates a count.
    init(code: String, cells: Int) {
        self.code = code
        self.cells = cells
    }
}
