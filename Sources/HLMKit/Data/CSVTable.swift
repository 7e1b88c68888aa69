/// A CSV file with a header row, held as bytes with the start of each data row indexed; columns are
/// converted on request.
///
/// Accepted format: comma-separated fields; fields may be quoted with `"` (a quote inside is written
/// `""`; commas and line breaks inside quotes are data); LF or CRLF line ends; an optional UTF-8 byte
/// order mark; an optional final line end. Spaces and tabs around unquoted fields are trimmed. Lines
/// that are empty or blank are skipped. Every data row must have as many fields as the header.
///
/// Reading scans the bytes once to validate the structure and index the rows; no `String` is created
/// per field. `numericColumn(_:missingCodes:)` parses numbers straight from the bytes.
public struct CSVTable: Sendable {
    /// Path of the file (or another description of the bytes' origin) used in messages.
    public var source: String
    /// The column names as written, trimmed.
    public var header: [String]

    let bytes: [UInt8]
    /// Byte offset where each data row starts.
    let rowStarts: [Int]
    /// 1-based line of each data row, or nil when row `r` is on line `r + 2` (no blank lines or
    /// line breaks inside quotes).
    let rowLines: [Int]?

    /// Number of data rows (the header is not counted).
    public var rowCount: Int { rowStarts.count }

    /// Reads and validates the CSV file at `path`.
    ///
    /// - Throws: `DataError` when the file is missing or unreadable, or malformed (see `init(bytes:source:)`).
    public static func read(path: String) throws -> CSVTable {
        let bytes: [UInt8]
        do throws(FileBytes.Failure) {
            bytes = try FileBytes.contents(atPath: path)
        } catch .notFound {
            throw DataError.fileNotFound(path: path)
        } catch {
            throw DataError.unreadableFile(path: path, reason: error.description)
        }
        return try CSVTable(bytes: bytes, source: path)
    }

    /// Parses CSV text given as UTF-8 bytes.
    ///
    /// - Parameters:
    ///   - bytes: The file's content.
    ///   - source: The file path, used in messages.
    /// - Throws: `DataError.emptyFile`, `.binaryFile`, `.noDataRows`, `.raggedRow`, `.blankColumnName`,
    ///   `.duplicateColumn`, `.unterminatedQuote` or `.textAfterClosingQuote`.
    public init(bytes: [UInt8], source: String) throws {
        if let nul = bytes.firstIndex(of: 0) {
            let line = 1 + bytes[..<nul].reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
            throw DataError.binaryFile(path: source, line: line)
        }
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        let start = bytes.starts(with: bom) ? bom.count : 0
        let scan = try bytes.withUnsafeBufferPointer { buffer in
            try Self.scan(buffer, from: start, source: source)
        }
        self.source = source
        self.header = scan.header
        self.bytes = bytes
        self.rowStarts = scan.rowStarts
        self.rowLines = scan.rowLines
    }

    /// The index of the column named `name`, compared ignoring case and surrounding spaces.
    public func columnIndex(_ name: String) -> Int? {
        let wanted = name.trimmed.uppercased()
        return header.firstIndex { $0.uppercased() == wanted }
    }

    /// The 1-based line of the file where data row `row` (0-based) starts; the header is line 1.
    public func line(ofRow row: Int) -> Int {
        rowLines?[row] ?? row + 2
    }

    /// The text of every cell in column `index`: quoted fields unescaped, unquoted fields trimmed.
    public func stringColumn(_ index: Int) -> [String] {
        bytes.withUnsafeBufferPointer { buffer in
            (0..<rowCount).map { row in
                Self.text(of: field(row: row, column: index, in: buffer), in: buffer)
            }
        }
    }

    /// The trimmed text of one cell.
    public func text(row: Int, column: Int) -> String {
        bytes.withUnsafeBufferPointer { buffer in
            Self.text(of: field(row: row, column: column, in: buffer), in: buffer).trimmed
        }
    }

    /// Column `index` as numbers (missing cells, as in `numericColumn`, as NaN) when every other cell is a
    /// finite decimal number; nil as soon as one is not. The fast path for numeric ID columns: no `String`
    /// per cell.
    public func numbersIfNumeric(_ index: Int, missingCodes: Set<String>) -> [Double]? {
        try? numericColumns([index], missingCodes: missingCodes)[0]
    }

    /// The values of column `index` as numbers, with missing cells as NaN.
    ///
    /// A cell is missing when, trimmed, it is empty, `NA`, `.` or one of `missingCodes` (each compared
    /// trimmed, as text: the code `-99` does not match `-99.0`). Other cells must be decimal numbers
    /// (see `DecimalParser`); the result is bit-identical to `Double(String)`.
    ///
    /// - Throws: `DataError.nonNumericValue` or `.nonFiniteValue`, naming the file, line, column and value.
    public func numericColumn(_ index: Int, missingCodes: Set<String>) throws -> [Double] {
        try numericColumns([index], missingCodes: missingCodes)[0]
    }

    /// The values of the columns `indices` as numbers (as `numericColumn` reads one), in one pass over the
    /// rows: each row's fields are walked once, left to right.
    ///
    /// - Throws: as `numericColumn`, for the first bad cell in file order.
    public func numericColumns(_ indices: [Int], missingCodes: Set<String>) throws -> [[Double]] {
        let missing = MissingValueCodes(missingCodes)
        let visit = indices.indices.sorted { indices[$0] < indices[$1] }
        var columns = indices.map { _ in [Double]() }
        for slot in columns.indices { columns[slot].reserveCapacity(rowCount) }
        try bytes.withUnsafeBufferPointer { buffer in
            for row in 0..<rowCount {
                var cursor = CSVCursor(bytes: buffer, position: rowStarts[row], line: line(ofRow: row))
                var next = 0
                var last: (index: Int, slot: Int)?
                for slot in visit {
                    let index = indices[slot]
                    if let last, last.index == index {  // the same column asked for twice
                        columns[slot].append(columns[last.slot][row])
                        continue
                    }
                    cursor.skipFields(index - next)
                    next = index + 1
                    last = (index, slot)
                    columns[slot].append(try number(&cursor, row: row, column: index, missing: missing, buffer: buffer))
                }
            }
        }
        return columns
    }

    /// The cursor's next field as a number (NaN when missing), the cursor moved past it.
    @inline(__always)
    private func number(_ cursor: inout CSVCursor, row: Int, column: Int, missing: MissingValueCodes,
                        buffer: UnsafeBufferPointer<UInt8>) throws -> Double {
        if !missing.mayMatchNumbers, let value = cursor.nextPlainNumber() { return value }
        var range = cursor.nextField().field
        if range.isQuoted { Self.trim(&range, in: buffer) }
        return try number(in: range, row: row, column: column, missing: missing, buffer: buffer)
    }

    private func number(in range: FieldRange, row: Int, column: Int, missing: MissingValueCodes,
                        buffer: UnsafeBufferPointer<UInt8>) throws -> Double {
        if range.hasEscapedQuotes {
            let text = Self.text(of: range, in: buffer)
            guard missing.contains(text) else { throw valueError(text, row: row, column: column) }
            return .nan
        }
        if missing.contains(buffer, from: range.start, to: range.end) { return .nan }
        if let value = DecimalParser.parse(buffer, from: range.start, to: range.end), value.isFinite {
            return value
        }
        throw valueError(Self.text(of: range, in: buffer), row: row, column: column)
    }

    private func valueError(_ text: String, row: Int, column: Int) -> DataError {
        // Double(String) reads `inf`, `infinity` and `nan` in any case, and overflows to infinity.
        if Double(text)?.isFinite == false {
            return .nonFiniteValue(path: source, line: line(ofRow: row), column: header[column], value: text)
        }
        return .nonNumericValue(path: source, line: line(ofRow: row), column: header[column], value: text)
    }

    private func field(row: Int, column: Int, in buffer: UnsafeBufferPointer<UInt8>) -> FieldRange {
        var cursor = CSVCursor(bytes: buffer, position: rowStarts[row], line: line(ofRow: row))
        cursor.skipFields(column)
        return cursor.nextField().field
    }

    private static func trim(_ range: inout FieldRange, in buffer: UnsafeBufferPointer<UInt8>) {
        while range.start < range.end, CSVCursor.isBlank(buffer[range.start]) { range.start += 1 }
        while range.end > range.start, CSVCursor.isBlank(buffer[range.end - 1]) { range.end -= 1 }
    }

    static func text(of range: FieldRange, in buffer: UnsafeBufferPointer<UInt8>) -> String {
        let text = String(decoding: UnsafeBufferPointer(rebasing: buffer[range.start..<range.end]), as: UTF8.self)
        return range.hasEscapedQuotes ? text.replacing("\"\"", with: "\"") : text
    }
}
