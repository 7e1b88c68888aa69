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
    /// Path of the level-3 file, if one was given (three-level data).
    public var level3File: String?
    /// Level-3 units known, used and excluded (three-level data only; nil for two levels).
    public var level3Read: Int?, level3Used: Int?, level3Excluded: Int?
}

/// How many cells of the variables used one missing-value code made missing (in both files).
public struct MissingCodeCount: Sendable, Equatable, Codable {
    /// The code as given (trimmed).
    public var code: String
    /// The cells it matched, as text or by value.
    public var cells: Int
}
