/// The structure found by one pass over a CSV file: the header and where each data row starts.
struct CSVScan {
    var header: [String]
    var rowStarts: [Int]
    var rowLines: [Int]?
}

extension CSVTable {
    /// Validates the whole file and indexes its data rows.
    static func scan(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int, source: String) throws -> CSVScan {
        var cursor = CSVCursor(bytes: buffer, position: start, line: 1)
        cursor.skipBlankLines()
        guard !cursor.isAtEnd else { throw DataError.emptyFile(path: source) }
        let headerLine = cursor.line
        var header = [String]()
        try readRecord(&cursor, source: source) { header.append(text(of: $0, in: buffer).trimmed) }
        try checkHeader(header, source: source, line: headerLine)

        var rowStarts = [Int]()
        var rowLines: [Int]?
        while true {
            cursor.skipBlankLines()
            if cursor.isAtEnd { break }
            let rowLine = cursor.line
            if rowLines == nil, rowLine != rowStarts.count + 2 {
                rowLines = rowStarts.indices.map { $0 + 2 }
            }
            rowStarts.append(cursor.position)
            rowLines?.append(rowLine)
            var fieldCount = 0
            try readRecord(&cursor, source: source) { _ in fieldCount += 1 }
            guard fieldCount == header.count else {
                throw DataError.raggedRow(path: source, line: rowLine, fieldCount: fieldCount, headerCount: header.count)
            }
        }
        guard !rowStarts.isEmpty else { throw DataError.noDataRows(path: source) }
        return CSVScan(header: header, rowStarts: rowStarts, rowLines: rowLines)
    }

    /// Reads the fields of one record, handing each to `body`.
    private static func readRecord(_ cursor: inout CSVCursor, source: String,
                                   _ body: (FieldRange) -> Void) throws {
        while true {
            let (field, terminator) = cursor.nextField()
            switch terminator {
            case .comma:
                body(field)
            case .endOfRecord:
                body(field)
                return
            case .unterminatedQuote:
                throw DataError.unterminatedQuote(path: source, line: cursor.line)
            case .textAfterClosingQuote:
                throw DataError.textAfterClosingQuote(path: source, line: cursor.line)
            }
        }
    }

    private static func checkHeader(_ header: [String], source: String, line: Int) throws {
        var seen = [String: Int]()
        for (index, name) in header.enumerated() {
            guard !name.isEmpty else { throw DataError.blankColumnName(path: source, position: index + 1) }
            if let first = seen[name.uppercased()] {
                throw DataError.duplicateColumn(path: source, name: name, firstPosition: first + 1,
                                                secondPosition: index + 1)
            }
            seen[name.uppercased()] = index
        }
    }
}

extension String {
    /// The string without leading and trailing white space (spaces, tabs, line breaks, Unicode spaces).
    var trimmed: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.isWhiteSpace }),
              let last = scalars.lastIndex(where: { !$0.isWhiteSpace }) else { return "" }
        if first == scalars.startIndex, scalars.index(after: last) == scalars.endIndex { return self }
        return String(scalars[first...last])
    }
}

private extension Unicode.Scalar {
    var isWhiteSpace: Bool {
        isASCII ? value == 32 || (9...13).contains(value) : properties.isWhitespace
    }
}
