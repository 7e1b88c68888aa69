/// An error reading a data file or joining level-1 rows to level-2 units.
///
/// Every message says what was found, where (file, line, column) and how to fix it. In a statistical file
/// (SPSS, Stata, SAS) a row's place is its case number, and messages say "case" where they say "line".
enum DataError: HLMError, Equatable {
    /// A level-1 ID with no level-2 row, and the file line of its first occurrence.
    struct UnmatchedID: Sendable, Equatable {
        /// The ID as written (trimmed).
        var id: String
        /// The 1-based line of the first level-1 row with this ID.
        var line: Int
    }

    /// The file does not exist.
    case fileNotFound(path: String)
    /// The file exists but cannot be read (a directory, no permission, ...).
    case unreadableFile(path: String, reason: String)
    /// The file has no content (or only blank lines).
    case emptyFile(path: String)
    /// The file contains a NUL byte, so it is not text; `line` is where the first one is.
    case binaryFile(path: String, line: Int)
    /// The file has a header row but no data rows.
    case noDataRows(path: String)
    /// A data row has a different number of fields than the header.
    case raggedRow(path: String, line: Int, fieldCount: Int, headerCount: Int)
    /// Two header names are equal ignoring case; positions are 1-based.
    case duplicateColumn(path: String, name: String, firstPosition: Int, secondPosition: Int)
    /// A column without a name holds data: `value` on `line`; `position` is 1-based. (Unnamed columns that
    /// are empty in every row are ignored.)
    case blankColumnName(path: String, position: Int, line: Int, value: String)
    /// Bytes that are not UTF-8 (a Latin-1 or Windows-1252 export) in the header or an ID read as text;
    /// `byteOffset` is the 0-based offset of the first bad byte in the file.
    case invalidUTF8(path: String, line: Int, byteOffset: Int)
    /// A quoted field opened on `line` is never closed.
    case unterminatedQuote(path: String, line: Int)
    /// Text follows the closing quote of a quoted field on `line`.
    case textAfterClosingQuote(path: String, line: Int)
    /// A variable name that is not a column of the file.
    case unknownColumn(path: String, name: String, available: [String])
    /// The ID column is not a column of the file.
    case missingIDColumn(path: String, name: String, available: [String])
    /// A cell of a numeric variable is not a number (nor a missing-value code).
    case nonNumericValue(path: String, line: Int, column: String, value: String)
    /// A cell of a numeric variable is infinite or NaN (`inf`, `nan`, `1e999`).
    case nonFiniteValue(path: String, line: Int, column: String, value: String)
    /// A cell written with a decimal comma (`2,5`) in a file read with decimal points.
    case decimalCommaValue(path: String, line: Int, column: String, value: String)
    /// Without a level-2 file, a variable used at level 2 takes two values within one unit.
    case variesWithinUnit(path: String, variable: String, id: String, firstLine: Int, firstValue: Double,
                          line: Int, value: Double)
    /// `--decimal-comma` for a file whose delimiter is a comma.
    case decimalCommaInCommaSeparatedFile(path: String)
    /// The command file cannot be read; `reason` says why.
    case unreadableCommandFile(path: String, reason: String)
    /// Two level-2 rows have the same ID.
    case duplicateLevel2ID(path: String, id: String, firstLine: Int, secondLine: Int)
    /// Level-1 rows whose ID has no level-2 row: the first few IDs, and the totals.
    case unmatchedLevel1IDs(path: String, level2Path: String, examples: [UnmatchedID], idCount: Int, rowCount: Int)
    /// The level-1 rows of one level-2 unit carry two level-3 IDs (`first` and `second`, with their lines).
    case level2UnitInTwoLevel3Units(path: String, idColumn: String, id: String, level3IDColumn: String,
                                    first: UnmatchedID, second: UnmatchedID)
    /// Two level-3 rows have the same ID.
    case duplicateLevel3ID(path: String, id: String, firstLine: Int, secondLine: Int)
    /// Level-2 units whose level-3 ID has no level-3 row: the first few IDs, and the totals.
    case unmatchedLevel3IDs(path: String, level3Path: String, examples: [UnmatchedID], idCount: Int, unitCount: Int)
    /// Without a level-3 file, a variable used at level 3 takes two values within one level-3 unit.
    case variesWithinLevel3Unit(path: String, variable: String, id: String, firstLine: Int, firstValue: Double,
                                line: Int, value: Double)
    /// Every row or unit was excluded; `reasons` are the exclusion reasons.
    case noDataLeft(path: String, reasons: [String])
    /// A value of a non-normal outcome's outcome, trials or exposure column that its family cannot take:
    /// `expected` says what it must be, `fix` how to mend it.
    case invalidResponseValue(path: String, line: Int, column: String, value: Double, expected: String, fix: String)
    /// A negative design weight (`--weight1`, `--weight2`): row `line` of `path`, or the unit `unitID` when the
    /// weight is a level-2 one.
    case negativeWeight(path: String, line: Int?, unitID: String, column: String, value: Double)

    /// An SPSS, Stata or SAS file, and this hlm was built without the ReadStat library that reads them.
    case readStatUnavailable(path: String, format: StatisticalFileFormat)
    /// ReadStat could not parse the statistical file; `reason` is its message.
    case unreadableStatisticalFile(path: String, format: StatisticalFileFormat, reason: String)
    /// A model variable of a statistical file has a date, time or date-time format (`format`).
    case dateVariable(path: String, column: String, format: String)

    /// Data errors exit with status 65.
    var category: ErrorCategory { .data }

    /// The message shown to the user.
    var description: String {
        switch self {
        case let .fileNotFound(path):
            return "Cannot find the data file '\(path)'. Check the path (relative paths start at the current directory)."
        case let .unreadableFile(path, reason):
            return "Cannot read the data file '\(path)': \(reason). Give the path of a readable CSV file."
        case let .unreadableCommandFile(path, reason):
            return "cannot read the command file \(path): \(reason)."
        case let .emptyFile(path):
            return "'\(path)' is empty. A data file needs a header row naming the columns, then one row per case."
        case let .binaryFile(path, line):
            return Self.place(path, line) + " contains a NUL byte, so it is not a text CSV file. "
                + "Export the data as comma-separated UTF-8 text and try again."
        case let .noDataRows(path):
            return "'\(path)' has a header row but no data rows. Add the data below the header."
        case let .raggedRow(path, line, fieldCount, headerCount):
            return Self.place(path, line) + " has \(fieldCount) fields but the header has \(headerCount). "
                + "Check for a missing or extra comma, and quote values that contain commas."
        case let .duplicateColumn(path, name, first, second):
            return "'\(path)' header: columns \(first) and \(second) are both named '\(name.shownInMessage)' "
                + "(names are case-insensitive). Rename one of them."
        case let .blankColumnName(path, position, line, value):
            return "'\(path)' header: column \(position) has no name but holds data ('\(value.shownInMessage)' on line "
                + "\(line)). Give the column a name (unnamed columns are ignored only when empty in every row)."
        case let .invalidUTF8(path, line, byteOffset):
            return Self.place(path, line) + " is not UTF-8 text (byte offset \(byteOffset) in the file): the file is "
                + "probably in Latin-1 or Windows-1252. Re-save it as UTF-8 (in Excel: CSV UTF-8) and try again; "
                + "IDs and names are never compared after guessing what bad bytes meant."
        case let .unterminatedQuote(path, line):
            return Self.place(path, line) + ": a quoted field is never closed. "
                + "Add the closing quote (write a quote inside a quoted field as \"\")."
        case let .textAfterClosingQuote(path, line):
            return Self.place(path, line) + ": text follows the closing quote of a quoted field. "
                + "Put the whole value inside the quotes and write inner quotes as \"\"."
        case let .unknownColumn(path, name, available):
            return Self.noColumn("column", name, in: path, available)
                + "Check the spelling, or whether the variable is in the other file."
        case let .missingIDColumn(path, name, available):
            return Self.noColumn("ID column", name, in: path, available)
                + "Name the column that links level-1 rows to level-2 units; both files need it."
        case let .nonNumericValue(path, line, column, value):
            return Self.cell(path, line, column, value) + " is not a number. "
                + "Correct the value, or declare it a missing-value code (empty, NA and . are missing already)."
        case let .nonFiniteValue(path, line, column, value):
            return Self.cell(path, line, column, value) + " is not a finite number. "
                + "Use a finite value, or mark the cell missing (empty, NA, . or a missing-value code)."
        case let .decimalCommaValue(path, line, column, value):
            return Self.cell(path, line, column, value) + " is written with a decimal "
                + "comma, but the file is read with decimal points. Pass --decimal-comma."
        case let .variesWithinUnit(path, variable, id, firstLine, firstValue, line, value):
            return "\(variable) is used at level 2 but varies within unit '\(id.shownInMessage)' of '\(path)' ("
                + "\(firstValue.compactText) on \(Self.lineWord(path)) \(firstLine), \(value.compactText) on \(Self.lineWord(path)) "
                + "\(line)). Without a "
                + "level-2 file, a level-2 variable must be constant within every unit; use it in the level-1 "
                + "equation, or give a level-2 file."
        case let .decimalCommaInCommaSeparatedFile(path):
            return "'\(path)' is comma-separated, so its numbers cannot have decimal commas. Give the delimiter "
                + "(--delimiter ';', tab or '|'), or drop --decimal-comma."
        case let .duplicateLevel2ID(path, id, firstLine, secondLine):
            return "'\(path)' has two rows for ID '\(id.shownInMessage)' (\(Self.lineWord(path))s \(firstLine) and "
                + "\(secondLine)). "
                + "Each level-2 unit needs exactly one row; remove or merge the duplicate."
        case let .unmatchedLevel1IDs(path, level2Path, examples, idCount, rowCount):
            let listed = examples.map { "'\($0.id.shownInMessage)' (\(Self.lineWord(path)) \($0.line))" }
                .joined(separator: ", ")
            let more = idCount > examples.count ? ", and \(idCount - examples.count) more" : ""
            return "'\(path)' has \(rowCount) level-1 rows whose ID has no row in '\(level2Path)' "
                + "(\(idCount) ID\(idCount == 1 ? "" : "s")): \(listed)\(more). "
                + "Add these units to the level-2 file, or pass --drop-unmatched to exclude their rows."
        case let .invalidResponseValue(path, line, column, value, expected, fix):
            return Self.cell(path, line, column, value.compactText) + " \(expected). \(fix)"
        case let .readStatUnavailable(path, format):
            return "'\(path)' is \(format.nameWithArticle), which hlm reads with the ReadStat library, and this hlm was built "
                + "without it. Install ReadStat (Debian/Ubuntu: apt-get install libreadstat-dev; macOS: brew install "
                + "readstat), then build hlm with it (touch Package.swift; HLM_READSTAT=1 swift build -c release); or save the "
                + "data as CSV."
        case let .unreadableStatisticalFile(path, format, reason):
            return "Cannot read '\(path)' as \(format.nameWithArticle): \(reason). Check that the file is complete and that "
                + "its extension matches its format (.sav/.zsav SPSS, .dta Stata, .sas7bdat SAS, .xpt SAS transport)."
        case let .dateVariable(path, column, format):
            return "'\(path)', variable \(column) is a date or time (format \(format.shownInMessage)), which is not "
                + "used as a model variable: its number counts days or seconds from an arbitrary origin. Compute "
                + "a numeric variable from it (an age, a duration, a year) and use that."
        case let .negativeWeight(path, line, unitID, column, value):
            let place = line.map { "line \($0) of \(path)" } ?? "the unit with ID \(unitID) in \(path)"
            return "The design weight \(column) is \(value.compactText) on \(place); a weight must be positive "
                + "(rows and units with weight 0 are excluded and counted). Correct the weight or leave it empty to "
                + "exclude the case."
        case let .level2UnitInTwoLevel3Units(path, idColumn, id, level3IDColumn, first, second):
            return "Level-2 unit \(idColumn) '\(id.shownInMessage)' of '\(path)' is under two level-3 units: "
                + "\(level3IDColumn) '\(first.id.shownInMessage)' (line \(first.line)) and '\(second.id.shownInMessage)' "
                + "(line \(second.line)). Each level-2 unit belongs to one level-3 unit; correct the IDs, or give "
                + "level-2 IDs that are unique across level-3 units."
        case let .duplicateLevel3ID(path, id, firstLine, secondLine):
            return "'\(path)' has two rows for level-3 ID '\(id.shownInMessage)' (lines \(firstLine) and "
                + "\(secondLine)). Each level-3 unit needs exactly one row; remove or merge the duplicate."
        case let .unmatchedLevel3IDs(path, level3Path, examples, idCount, unitCount):
            let listed = examples.map { "'\($0.id.shownInMessage)' (line \($0.line))" }.joined(separator: ", ")
            let more = idCount > examples.count ? ", and \(idCount - examples.count) more" : ""
            return "'\(path)' has \(unitCount) level-2 units whose level-3 ID has no row in '\(level3Path)' "
                + "(\(idCount) ID\(idCount == 1 ? "" : "s")): \(listed)\(more). "
                + "Add these units to the level-3 file, or pass --drop-unmatched to exclude them."
        case let .variesWithinLevel3Unit(path, variable, id, firstLine, firstValue, line, value):
            return "\(variable) is used at level 3 but varies within level-3 unit '\(id.shownInMessage)' of '\(path)' ("
                + "\(firstValue.compactText) on line \(firstLine), \(value.compactText) on line \(line)). Without a "
                + "level-3 file, a level-3 variable must be constant within every level-3 unit; give a level-3 file."
        case let .noDataLeft(path, reasons):
            return "No data left to fit from '\(path)' after exclusions: \(reasons.joined(separator: "; ")). "
                + "Check the missing-value codes, the ID column and the variables used."
        }
    }

    /// `'PATH' line N`, where a message about one line of a text file starts (its structure or encoding).
    private static func place(_ path: String, _ line: Int) -> String { "'\(path)' line \(line)" }

    /// `'PATH' line N`, or `'PATH' case N` in a statistical file: where a message about a value or a row of a
    /// table (of either kind) starts.
    private static func rowPlace(_ path: String, _ line: Int) -> String { "'\(path)' \(lineWord(path)) \(line)" }

    /// How a row's place is named in `path`: "line" in a text file, "case" in a statistical file.
    private static func lineWord(_ path: String) -> String {
        StatisticalFileFormat(path: path) == nil ? "line" : "case"
    }

    /// `'PATH' line N, column NAME: 'VALUE'`, where a message about one cell starts.
    private static func cell(_ path: String, _ line: Int, _ column: String, _ value: String) -> String {
        rowPlace(path, line) + ", column \(column): '\(value.shownInMessage)'"
    }

    /// `'PATH' has no KIND 'NAME'. Available columns: A, B. `, each name shown as `shownInMessage` does.
    private static func noColumn(_ kind: String, _ name: String, in path: String, _ available: [String]) -> String {
        "'\(path)' has no \(kind) '\(name.shownInMessage)'. Available columns: "
            + available.map(\.shownInMessage).joined(separator: ", ") + ". "
    }
}
