import HLMPlatform

/// An SPSS, Stata or SAS data file read with ReadStat: the header at once, the values of a variable when the
/// join first asks for it (a survey file may have a thousand variables, of which a model uses a few).
///
/// Values keep the CSV reader's meaning: a missing value (system-missing, SPSS user-missing, Stata and SAS
/// extended missing .a-.z, or a `--missing` code) is NaN; value labels are not read, so a labelled numeric
/// variable gives its codes; a text variable reads as a CSV cell would (an ID, or numbers written as text);
/// a variable with a date or time format is refused as a model variable. Messages place a value by its case
/// number (`line(ofRow:)`).
struct StatisticalTable: DataTable {
    let source: String
    let format: StatisticalFileFormat
    let variables: [StatisticalVariable]
    let rowCount: Int
    private let parser: any StatisticalFileParser.Type
    /// The columns read so far, by variable index: shared by copies, filled as the join asks.
    private let cache = ColumnCache()

    var header: [String] { variables.map(\.name) }
    var namedColumns: [String] { header }
    var formatDescription: String? { format.name + " (value labels not used: numbers as coded)" }

    /// Reads the header of the `format` file at `path` with `parser` (this build's ReadStat, or nil).
    ///
    /// - Throws: `DataError.readStatUnavailable` without a parser; `.fileNotFound`, `.unreadableFile`,
    ///   `.unreadableStatisticalFile`, `.duplicateColumn` or `.noDataRows`.
    static func read(path: String, format: StatisticalFileFormat,
                     parser: (any StatisticalFileParser.Type)? = installedStatisticalFileParser) throws -> StatisticalTable {
        guard let parser else { throw DataError.readStatUnavailable(path: path, format: format) }
        switch FileSystem.kind(atPath: path) {
        case nil: throw DataError.fileNotFound(path: path)
        case .directory?: throw DataError.unreadableFile(path: path, reason: "it is a directory")
        default: break
        }
        let header = try parser.header(path: path, format: format)
        var seen = [String: Int]()
        for (position, variable) in header.variables.enumerated() {
            if let first = seen.updateValue(position, forKey: variable.name.uppercased()) {
                throw DataError.duplicateColumn(path: path, name: variable.name, firstPosition: first + 1,
                                                secondPosition: position + 1)
            }
        }
        guard header.rowCount > 0 else { throw DataError.noDataRows(path: path) }
        return StatisticalTable(source: path, format: format, variables: header.variables, rowCount: header.rowCount,
                                parser: parser)
    }

    func line(ofRow row: Int) -> Int { row + 1 }

    func text(row: Int, column: Int) -> String {
        (try? stringColumn(column)[row].trimmed) ?? ""
    }

    func stringColumn(_ index: Int) throws -> [String] {
        switch try columns([index])[0] {
        case let .texts(texts): return texts
        case let .numbers(numbers): return numbers.map { $0.isNaN ? "" : Self.text(of: $0) }
        }
    }

    func integerIDs(_ index: Int, missing: MissingValueCodes) -> [Double]? {
        guard case let .numbers(numbers)? = try? columns([index])[0] else { return nil }
        var ids = [Double]()
        ids.reserveCapacity(numbers.count)
        for value in numbers {
            if value.isNaN || missing.match(value: value) != nil {
                ids.append(.nan)
            } else {
                guard value == value.rounded(), abs(value) < 0x1p53 else { return nil }
                ids.append(value == 0 ? 0 : value)
            }
        }
        return ids
    }

    func numericColumns(_ indices: [Int], missing: MissingValueCodes) throws
        -> (columns: [[Double]], codeCounts: [Int]) {
        var counts = [Int](repeating: 0, count: missing.userCodes.count)
        let read = try columns(indices)
        let numbers = try zip(indices, read).map { index, column in
            let variable = variables[index]
            switch column {
            case let .numbers(values):
                if format.isDateOrTime(variable.format) {
                    throw DataError.dateVariable(path: source, column: variable.name, format: variable.format)
                }
                return try values.enumerated().map { row, value -> Double in
                    if let code = missing.match(value: value) {
                        counts[code] += 1
                        return .nan
                    }
                    guard value.isNaN || value.isFinite else {
                        throw DataError.nonFiniteValue(path: source, line: row + 1, column: variable.name,
                                                       value: "\(value)")
                    }
                    return value
                }
            case let .texts(texts):
                return try texts.enumerated().map { row, text in
                    try number(text, row: row, column: variable.name, missing: missing, counts: &counts)
                }
            }
        }
        return (numbers, counts)
    }

    /// A text cell as a number, as a CSV cell is read: NaN for a missing-value code (counted), else a decimal
    /// number with a point.
    private func number(_ text: String, row: Int, column: String, missing: MissingValueCodes,
                        counts: inout [Int]) throws -> Double {
        let cell = Array(text.trimmed.utf8)
        let code = cell.withUnsafeBufferPointer { missing.match($0, from: 0, to: $0.count) }
            ?? DecimalParser.parse(text.trimmed).flatMap(missing.match(value:))
        if let code {
            if code >= 0 { counts[code] += 1 }
            return .nan
        }
        guard let value = DecimalParser.parse(text.trimmed), value.isFinite else {
            throw DataError.nonNumericValue(path: source, line: row + 1, column: column, value: text)
        }
        return value
    }

    /// The variables `indices`, read from the file once each (those not read yet, in one pass).
    private func columns(_ indices: [Int]) throws -> [StatisticalColumn] {
        var unread = [Int]()
        for index in indices where cache.columns[index] == nil && !unread.contains(index) { unread.append(index) }
        if !unread.isEmpty {
            let read = try parser.columns(unread, path: source, format: format,
                                          header: StatisticalFileHeader(variables: variables, rowCount: rowCount))
            for (index, column) in zip(unread, read) { cache.columns[index] = column }
        }
        return indices.map { cache.columns[$0]! }
    }

    /// A number as an ID's text: an integer without a decimal point, else the shortest text that reads back.
    private static func text(of value: Double) -> String {
        value == value.rounded() && abs(value) < 0x1p53 ? String(Int64(value)) : "\(value)"
    }
}

/// The columns of a `StatisticalTable` read so far (a class, so that reading a column does not need a mutable
/// table).
private final class ColumnCache {
    var columns: [Int: StatisticalColumn] = [:]
}
