/// The structure found by one pass over a CSV file: the header and where each data row starts.
struct CSVScan {
    var header: [String]
    var rowStarts: [Int]
    var rowLines: [Int]?
}

extension CSVTable {
    /// Validates the whole file and indexes its data rows.
    static func scan(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int, source: String,
                     delimiter: UInt8) throws -> CSVScan {
        var cursor = CSVCursor(bytes: buffer, position: start, line: 1, delimiter: delimiter)
        cursor.skipBlankLines()
        guard !cursor.isAtEnd else { throw DataError.emptyFile(path: source) }
        let headerLine = cursor.line
        var header = [String]()
        var invalidUTF8: Int?
        try readRecord(&cursor, source: source) { field in
            invalidUTF8 = invalidUTF8 ?? UTF8Validation.firstInvalidByte(in: buffer, from: field.start, to: field.end)
            header.append(text(of: field, in: buffer).trimmed)
        }
        if let invalidUTF8 { throw DataError.invalidUTF8(path: source, line: headerLine, byteOffset: invalidUTF8) }
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
            case .delimiter:
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
        for (index, name) in header.enumerated() where !name.isEmpty {
            if let first = seen[name.uppercased()] {
                throw DataError.duplicateColumn(path: source, name: name, firstPosition: first + 1,
                                                secondPosition: index + 1)
            }
            seen[name.uppercased()] = index
        }
    }
}

extension CSVTable {
    /// Checks that every column without a name is empty in every row (the trailing delimiters a spreadsheet
    /// leaves, `...,size,,`), so that it can be ignored.
    ///
    /// - Throws: `DataError.blankColumnName` for an unnamed column holding data, with the first such line.
    func checkUnnamedColumnsEmpty() throws {
        let unnamed = header.indices.filter { header[$0].isEmpty }
        guard !unnamed.isEmpty else { return }
        try bytes.withUnsafeBufferPointer { buffer in
            for row in 0..<rowCount {
                for column in unnamed {
                    let range = field(row: row, column: column, in: buffer)
                    if range.end > range.start {
                        throw DataError.blankColumnName(path: source, position: column + 1, line: line(ofRow: row),
                                                        value: Self.text(of: range, in: buffer))
                    }
                }
            }
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
