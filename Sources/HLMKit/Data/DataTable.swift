/// A level-1 or level-2 file as the join reads it: named columns, read on request as numbers (missing as NaN)
/// or as ID texts. `CSVTable` (delimited text) and `StatisticalTable` (SPSS, Stata and SAS files) are the two
/// kinds; `readDataTable(path:options:)` picks one by the file's extension.
protocol DataTable {
    /// Path of the file, used in messages.
    var source: String { get }
    /// The column names in file order; empty for an unnamed column (of a text file).
    var header: [String] { get }
    /// The names of the named columns, for messages that list the columns.
    var namedColumns: [String] { get }
    /// Number of data rows (cases).
    var rowCount: Int { get }
    /// How the file was read, for the report's "Data format" line; nil for a plain comma-separated file.
    var formatDescription: String? { get }

    /// The 1-based place of data row `row` (0-based) in messages: the line of a text file, the case number of
    /// a statistical file.
    func line(ofRow row: Int) -> Int
    /// `line(ofRow:)` of each of `rows`.
    func lines(ofRows rows: RowNumbers) -> RowNumbers
    /// The trimmed text of one cell, for messages.
    func text(row: Int, column: Int) -> String
    /// The text of every cell in column `index` (untrimmed), for IDs compared as text.
    func stringColumn(_ index: Int) throws -> [String]
    /// Column `index` as exact integers (missing as NaN) when every value is one, else nil: the fast path for
    /// numeric IDs.
    func integerIDs(_ index: Int, missing: MissingValueCodes) -> [Double]?
    /// The columns `indices` as numbers with missing values as NaN, and the number of cells each of
    /// `missing.userCodes` made missing.
    func numericColumns(_ indices: [Int], missing: MissingValueCodes) throws -> (columns: [[Double]], codeCounts: [Int])
    /// `numericColumns(_:missing:)` and `integerIDs(_:missing:)` of column `idColumn` together: what a join
    /// reads from a file (a text file reads them in one pass).
    func numericColumns(_ indices: [Int], integerIDs idColumn: Int, missing: MissingValueCodes) throws
        -> (columns: [[Double]], codeCounts: [Int], integerIDs: [Double]?)
}

extension DataTable {
    func lines(ofRows rows: RowNumbers) -> RowNumbers {
        RowNumbers(rows.map(line(ofRow:)))
    }

    func numericColumns(_ indices: [Int], integerIDs idColumn: Int, missing: MissingValueCodes) throws
        -> (columns: [[Double]], codeCounts: [Int], integerIDs: [Double]?) {
        let read = try numericColumns(indices, missing: missing)
        return (read.columns, read.codeCounts, integerIDs(idColumn, missing: missing))
    }

    /// The index of the column named `name`, compared ignoring case and surrounding spaces.
    func columnIndex(_ name: String) -> Int? {
        let wanted = name.trimmed.uppercased()
        guard !wanted.isEmpty else { return nil }
        return header.firstIndex { $0.uppercased() == wanted }
    }
}

/// Reads the data file at `path`: an SPSS (`.sav`, `.zsav`), Stata (`.dta`) or SAS (`.sas7bdat`, `.xpt`) file
/// by its extension (any case), else delimited text read with `options`. The one place a file's kind is chosen.
///
/// - Throws: `DataError` for a file that is missing, unreadable or malformed, or a statistical file when hlm
///   was built without ReadStat.
func readDataTable(path: String, options: CSVReadOptions) throws -> any DataTable {
    if let format = StatisticalFileFormat(path: path) {
        return try StatisticalTable.read(path: path, format: format)
    }
    return try CSVTable.read(path: path, options: options)
}
