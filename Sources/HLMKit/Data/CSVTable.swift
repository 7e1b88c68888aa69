import HLMPlatform

/// A delimited text file with a header row, held as bytes with the start of each data row indexed; columns
/// are converted on request.
///
/// Accepted format: fields separated by `,` (or `;`, tab or `|`: given, or detected from the header row);
/// fields may be quoted with `"` (a quote inside is written `""`; delimiters and line breaks inside quotes
/// are data); LF, CRLF or CR-only line ends; an optional UTF-8 byte order mark; an optional final line end;
/// decimal points, or decimal commas in files that are not comma-separated. Spaces and tabs (when tab is
/// not the delimiter) around unquoted fields are trimmed. Lines that are empty or blank are skipped. Every
/// data row must have as many fields as the header. Columns without a name are allowed only when they are
/// empty in every row (spreadsheets' trailing delimiters). Header names and IDs read as text must be UTF-8.
///
/// Reading scans the bytes once to validate the structure and index the rows; no `String` is created
/// per field. `numericColumn(_:missingCodes:)` parses numbers straight from the bytes.
public struct CSVTable: Sendable {
    /// Path of the file (or another description of the bytes' origin) used in messages.
    public var source: String
    /// The column names as written, trimmed; empty for an unnamed column (which is empty in every row).
    public var header: [String]
    /// The delimiter and decimal mark the file is read with.
    var format: CSVFormat

    let bytes: [UInt8]
    /// Byte offset where each data row starts.
    let rowStarts: [Int]
    /// 1-based line of each data row, or nil when row `r` is on line `r + 2` (no blank lines or
    /// line breaks inside quotes).
    let rowLines: [Int]?

    /// Number of data rows (the header is not counted).
    public var rowCount: Int { rowStarts.count }

    /// The names of the named columns, for messages that list the columns.
    var namedColumns: [String] { header.filter { !$0.isEmpty } }

    /// Reads and validates the delimited text file at `path`.
    ///
    /// - Throws: `DataError` when the file is missing or unreadable, or malformed (see
    ///   `init(bytes:source:options:)`).
    public static func read(path: String, options: CSVReadOptions = CSVReadOptions()) throws -> CSVTable {
        let bytes: [UInt8]
        do throws(FileBytes.Failure) {
            bytes = try FileBytes.contents(atPath: path)
        } catch .notFound {
            throw DataError.fileNotFound(path: path)
        } catch let .binary(line) {
            throw DataError.binaryFile(path: path, line: line)
        } catch {
            throw DataError.unreadableFile(path: path, reason: error.description)
        }
        return try CSVTable(bytes: bytes, source: path, options: options)
    }

    /// Parses delimited text given as UTF-8 bytes.
    ///
    /// - Parameters:
    ///   - bytes: The file's content.
    ///   - source: The file path, used in messages.
    ///   - options: The delimiter and decimal mark, each detected when nil.
    /// - Throws: `DataError.emptyFile`, `.binaryFile`, `.invalidUTF8` (in the header),
    ///   `.noDataRows`, `.raggedRow`, `.blankColumnName`, `.duplicateColumn`, `.unterminatedQuote`,
    ///   `.textAfterClosingQuote` or `.decimalCommaInCommaSeparatedFile`.
    public init(bytes: [UInt8], source: String, options: CSVReadOptions = CSVReadOptions()) throws {
        if let nul = bytes.firstIndex(of: 0) {
            throw DataError.binaryFile(path: source, line: FileBytes.line(ofOffset: nul, in: bytes))
        }
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        let start = bytes.starts(with: bom) ? bom.count : 0
        let bytes = Self.withLineFeeds(bytes, from: start)
        let delimiter = bytes.withUnsafeBufferPointer { Self.detectDelimiter($0, from: start) }
        var format = CSVFormat(delimiter: options.delimiter ?? delimiter, decimalComma: false,
                               delimiterDetected: options.delimiter == nil, decimalCommaDetected: false)
        let scan = try bytes.withUnsafeBufferPointer { buffer in
            try Self.scan(buffer, from: start, source: source, delimiter: format.delimiter.byte)
        }
        self.source = source
        self.header = scan.header
        self.bytes = bytes
        self.rowStarts = scan.rowStarts
        self.rowLines = scan.rowLines
        self.format = format
        try checkUnnamedColumnsEmpty()
        if let decimalComma = options.decimalComma {
            if decimalComma, format.delimiter == .comma {
                throw DataError.decimalCommaInCommaSeparatedFile(path: source)
            }
            format.decimalComma = decimalComma
        } else if format.delimiter != .comma {
            format.decimalComma = detectDecimalComma()
            format.decimalCommaDetected = true
        }
        self.format = format
    }

    /// The 1-based line of the file where data row `row` (0-based) starts; the header is line 1.
    func line(ofRow row: Int) -> Int {
        rowLines?[row] ?? row + 2
    }

    /// The text of every cell in column `index`: quoted fields unescaped, unquoted fields trimmed.
    ///
    /// - Throws: `DataError.invalidUTF8` for a cell that is not valid UTF-8 (a Latin-1 export), which would
    ///   otherwise read as U+FFFD and make different texts equal.
    func stringColumn(_ index: Int) throws -> [String] {
        try bytes.withUnsafeBufferPointer { buffer in
            try (0..<rowCount).map { row in
                let range = field(row: row, column: index, in: buffer)
                if let offset = UTF8Validation.firstInvalidByte(in: buffer, from: range.start, to: range.end) {
                    throw DataError.invalidUTF8(path: source, line: line(ofRow: row), byteOffset: offset)
                }
                return Self.text(of: range, in: buffer)
            }
        }
    }

    /// The trimmed text of one cell.
    func text(row: Int, column: Int) -> String {
        bytes.withUnsafeBufferPointer { buffer in
            Self.text(of: field(row: row, column: column, in: buffer), in: buffer).trimmed
        }
    }

    /// A cursor at the start of data row `row`.
    func cursor(row: Int, in buffer: UnsafeBufferPointer<UInt8>) -> CSVCursor {
        CSVCursor(bytes: buffer, position: rowStarts[row], line: line(ofRow: row), delimiter: format.delimiter.byte)
    }

    func field(row: Int, column: Int, in buffer: UnsafeBufferPointer<UInt8>) -> FieldRange {
        var cursor = cursor(row: row, in: buffer)
        cursor.skipFields(column)
        return cursor.nextField().field
    }

    static func text(of range: FieldRange, in buffer: UnsafeBufferPointer<UInt8>) -> String {
        let text = String(decoding: UnsafeBufferPointer(rebasing: buffer[range.start..<range.end]), as: UTF8.self)
        return range.hasEscapedQuotes ? text.replacing("\"\"", with: "\"") : text
    }
}
