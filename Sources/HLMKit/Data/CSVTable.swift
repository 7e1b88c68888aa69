import HLMPlatform

/// A delimited text file with a header row, held as bytes (the file mapped in place) with a sparse index of
/// its data rows; columns are converted on request.
///
/// Accepted format: fields separated by `,` (or `;`, tab or `|`: given, or detected from the header row);
/// fields may be quoted with `"` (a quote inside is written `""`; delimiters and line breaks inside quotes
/// are data); LF, CRLF or CR-only line ends; an optional UTF-8 byte order mark; an optional final line end;
/// decimal points, or decimal commas in files that are not comma-separated. Spaces and tabs (when tab is
/// not the delimiter) around unquoted fields are trimmed. Lines that are empty or blank are skipped. Every
/// data row must have as many fields as the header. Columns without a name are allowed only when they are
/// empty in every row (spreadsheets' trailing delimiters). Header names and IDs read as text must be UTF-8.
///
/// Reading scans the bytes once, in segments on all cores, to validate the structure and index the rows; no
/// `String` is created per field. The columns `CSVReadOptions.prefetch` names are parsed in that same pass
/// (`CSVPrefetch`); `numericColumns(_:missing:)` returns them as parsed, and parses any other column straight
/// from the bytes, in chunks of rows on all cores. Results and messages do not depend on the segments or
/// chunks (`CSVChunking`), nor on the prefetch.
public struct CSVTable: Sendable {
    /// Path of the file (or another description of the bytes' origin) used in messages.
    public var source: String
    /// The column names as written, trimmed; empty for an unnamed column (which is empty in every row).
    public var header: [String]
    /// The delimiter and decimal mark the file is read with.
    var format: CSVFormat

    let bytes: CSVBytes
    /// Where the data rows start: every few kilobytes' first row.
    let rowIndex: CSVRowIndex
    /// 1-based line of each data row, or nil when row `r` is on line `r + 2` (no blank lines or
    /// line breaks inside quotes).
    let rowLines: [Int]?
    /// The sizes of the parallel passes' pieces.
    let chunking: CSVChunking
    /// The columns of `CSVReadOptions.prefetch` parsed while the file was scanned.
    let prefetched: PrefetchedColumns?

    /// Number of data rows (the header is not counted).
    public var rowCount: Int { rowIndex.rowCount }

    /// The names of the named columns, for messages that list the columns.
    var namedColumns: [String] { header.filter { !$0.isEmpty } }

    /// Reads and validates the delimited text file at `path`: a regular file is mapped in place, anything
    /// else (a pipe, a device) read whole.
    ///
    /// - Throws: `DataError` when the file is missing or unreadable, or malformed (see
    ///   `init(bytes:source:options:)`).
    public static func read(path: String, options: CSVReadOptions = CSVReadOptions()) throws -> CSVTable {
        if let mapping = MappedFile.map(path: path) {
            return try CSVTable(storage: CSVBytes(mapping: mapping), source: path, options: options)
        }
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
        try self.init(storage: CSVBytes(bytes), source: source, options: options)
    }

    /// Parses the delimited text in `storage` (see `init(bytes:source:options:)`), in pieces of the sizes
    /// `chunking` gives (the result does not depend on them).
    init(storage: CSVBytes, source: String, options: CSVReadOptions = CSVReadOptions(),
         chunking: CSVChunking = .standard) throws {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        let start = storage.buffer.starts(with: bom) ? bom.count : 0
        let bytes = Self.hasCROnlyLineEnds(storage.buffer, from: start)
            ? CSVBytes(storage.buffer.lazy.map { $0 == UInt8(ascii: "\r") ? UInt8(ascii: "\n") : $0 }) : storage
        let delimiter = Self.detectDelimiter(bytes.buffer, from: start)
        var format = CSVFormat(delimiter: options.delimiter ?? delimiter, decimalComma: false,
                               delimiterDetected: options.delimiter == nil, decimalCommaDetected: false)
        // The columns asked for are parsed in the scan when the decimal mark is known before it: given, or a
        // point in a comma-separated file (other files detect it from the data after the scan).
        let decimalMark = options.decimalComma.map { $0 ? UInt8(ascii: ",") : UInt8(ascii: ".") }
            ?? (format.delimiter == .comma ? UInt8(ascii: ".") : nil)
        let cells = options.prefetch.flatMap { prefetch in
            decimalMark.map { mark in { header in CSVScanCells(prefetch, header: header, decimalMark: mark) } }
        }
        let scan: CSVScan
        do {
            scan = try Self.scan(bytes, from: start, source: source, delimiter: format.delimiter.byte,
                                 chunking: chunking, cells: cells)
        } catch {
            // A NUL byte anywhere makes the file binary, whatever else is wrong with it.
            try Self.checkNoNUL(bytes.buffer, source: source)
            throw error
        }
        if scan.sawNUL { try Self.checkNoNUL(bytes.buffer, source: source) }
        self.source = source
        self.header = scan.header
        self.bytes = bytes
        self.rowIndex = scan.rowIndex
        self.rowLines = scan.rowLines
        self.chunking = chunking
        self.format = format
        prefetched = scan.prefetched
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

    /// Throws `DataError.binaryFile` with the line of the first NUL byte of `buffer`, if there is one.
    private static func checkNoNUL(_ buffer: UnsafeBufferPointer<UInt8>, source: String) throws {
        guard let nul = MappedFile.firstIndex(of: 0, in: buffer, from: 0, to: buffer.count) else { return }
        var line = 1, position = 0
        while let newline = MappedFile.firstIndex(of: UInt8(ascii: "\n"), in: buffer, from: position, to: nul) {
            line += 1
            position = newline + 1
        }
        throw DataError.binaryFile(path: source, line: line)
    }

    /// The 1-based line of the file where data row `row` (0-based) starts; the header is line 1.
    func line(ofRow row: Int) -> Int {
        rowLines?[row] ?? row + 2
    }

    /// `line(ofRow:)` of each of `rows`, without a call per row when the lines are regular (and without an
    /// array when `rows` are consecutive too).
    func lines(ofRows rows: RowNumbers) -> RowNumbers {
        guard let rowLines else { return rows.shifted(by: 2) }
        return RowNumbers(rows.map { rowLines[$0] })
    }

    /// The text of every cell in column `index`: quoted fields unescaped, unquoted fields trimmed.
    ///
    /// - Throws: `DataError.invalidUTF8` for a cell that is not valid UTF-8 (a Latin-1 export), which would
    ///   otherwise read as U+FFFD and make different texts equal.
    func stringColumn(_ index: Int) throws -> [String] {
        var texts = [String]()
        texts.reserveCapacity(rowCount)
        let buffer = bytes.buffer
        try forEachRow(in: 0..<rowIndex.count) { row, cursor in
            cursor.skipFields(index)
            let range = cursor.nextField().field
            cursor.skipFields(header.count - index - 1)
            if let offset = UTF8Validation.firstInvalidByte(in: buffer, from: range.start, to: range.end) {
                throw DataError.invalidUTF8(path: source, line: line(ofRow: row), byteOffset: offset)
            }
            texts.append(Self.text(of: range, in: buffer))
        }
        return texts
    }

    /// The trimmed text of one cell.
    func text(row: Int, column: Int) -> String {
        Self.text(of: field(row: row, column: column), in: bytes.buffer).trimmed
    }

    func field(row: Int, column: Int) -> FieldRange {
        var cursor = cursor(row: row)
        cursor.skipFields(column)
        return cursor.nextField().field
    }

    static func text(of range: FieldRange, in buffer: UnsafeBufferPointer<UInt8>) -> String {
        let text = String(decoding: UnsafeBufferPointer(rebasing: buffer[range.start..<range.end]), as: UTF8.self)
        return range.hasEscapedQuotes ? text.replacing("\"\"", with: "\"") : text
    }
}
