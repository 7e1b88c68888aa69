extension CSVTable {
    /// The values of column `index` as numbers, with missing cells as NaN.
    ///
    /// A cell is missing when, trimmed, it is empty, `NA`, `.` or one of `missingCodes` (each compared
    /// trimmed as text, and by value when the code is a number: the code `-99` matches `-99.0`). Other cells
    /// must be decimal numbers in the file's notation (see `DecimalParser`, and `format.decimalComma`); the
    /// result is bit-identical to `Double(String)`.
    ///
    /// - Throws: `DataError.nonNumericValue` or `.nonFiniteValue`, naming the file, line, column and value.
    func numericColumn(_ index: Int, missingCodes: Set<String>) throws -> [Double] {
        try numericColumns([index], missingCodes: missingCodes)[0]
    }

    /// The values of the columns `indices` as numbers (as `numericColumn` reads one), in one pass over the
    /// rows: each row's fields are walked once, left to right.
    ///
    /// - Throws: as `numericColumn`, for the first bad cell in file order.
    func numericColumns(_ indices: [Int], missingCodes: Set<String>) throws -> [[Double]] {
        try numericColumns(indices, missing: MissingValueCodes(missingCodes)).columns
    }

    /// `numericColumns(_:missingCodes:)`, with the number of cells each of `missing.userCodes` made missing.
    func numericColumns(_ indices: [Int], missing: MissingValueCodes) throws
        -> (columns: [[Double]], codeCounts: [Int]) {
        let visit = indices.indices.sorted { indices[$0] < indices[$1] }
        var columns = indices.map { _ in [Double]() }
        for slot in columns.indices { columns[slot].reserveCapacity(rowCount) }
        var counts = [Int](repeating: 0, count: missing.userCodes.count)
        try bytes.withUnsafeBufferPointer { buffer in
            for row in 0..<rowCount {
                var cursor = cursor(row: row, in: buffer)
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
                    let (value, code) = try number(&cursor, row: row, column: index, missing: missing, buffer: buffer)
                    if let code, code >= 0 { counts[code] += 1 }
                    columns[slot].append(value)
                }
            }
        }
        return (columns, counts)
    }

    /// Column `index` as exact integers (missing cells as NaN) when every other cell is a plain decimal
    /// (`DecimalParser.parsePlain`) with an integer value, so below 2^53 and exact; nil as soon as one is
    /// not. The fast path for numeric ID columns: no `String` per cell, and numbers that are equal only when
    /// their texts are the same integer.
    func integerIDs(_ index: Int, missing: MissingValueCodes) -> [Double]? {
        let decimalMark = format.decimalComma ? UInt8(ascii: ",") : UInt8(ascii: ".")
        return bytes.withUnsafeBufferPointer { buffer -> [Double]? in
            var ids = [Double]()
            ids.reserveCapacity(rowCount)
            for row in 0..<rowCount {
                var cursor = cursor(row: row, in: buffer)
                cursor.skipFields(index)
                if let value = cursor.nextPlainNumber(decimalMark: decimalMark) {
                    guard value == value.rounded(), missing.match(value: value) == nil else { return nil }
                    ids.append(value == 0 ? 0 : value)
                    continue
                }
                let range = cursor.nextField().field
                guard !range.isQuoted, missing.match(buffer, from: range.start, to: range.end) != nil else { return nil }
                ids.append(.nan)
            }
            return ids
        }
    }

    /// The cursor's next field as a number (NaN when missing, with the code that matched), the cursor moved
    /// past it.
    @inline(__always)
    private func number(_ cursor: inout CSVCursor, row: Int, column: Int, missing: MissingValueCodes,
                        buffer: UnsafeBufferPointer<UInt8>) throws -> (Double, code: Int?) {
        let decimalMark = format.decimalComma ? UInt8(ascii: ",") : UInt8(ascii: ".")
        if let value = cursor.nextPlainNumber(decimalMark: decimalMark) {
            if let code = missing.match(value: value) { return (.nan, code) }
            return (value, nil)
        }
        var range = cursor.nextField().field
        if range.isQuoted { Self.trim(&range, in: buffer) }
        let value: (Double, code: Int?)?
        if range.hasEscapedQuotes {
            value = Array(Self.text(of: range, in: buffer).utf8).withUnsafeBufferPointer { cell in
                Self.number(cell, from: 0, to: cell.count, missing: missing, decimalMark: decimalMark)
            }
        } else {
            value = Self.number(buffer, from: range.start, to: range.end, missing: missing, decimalMark: decimalMark)
        }
        guard let value else { throw valueError(Self.text(of: range, in: buffer), row: row, column: column) }
        return value
    }

    /// The cell `bytes[start ..< end]` as a number (NaN when missing, with the code that matched), or nil
    /// when it is neither a missing-value code nor a finite number.
    private static func number(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int,
                               missing: MissingValueCodes, decimalMark: UInt8) -> (Double, code: Int?)? {
        if let code = missing.match(bytes, from: start, to: end) { return (.nan, code) }
        guard let value = DecimalParser.parse(bytes, from: start, to: end, decimalMark: decimalMark),
              value.isFinite else { return nil }
        if let code = missing.match(value: value) { return (.nan, code) }
        return (value, nil)
    }

    private func valueError(_ text: String, row: Int, column: Int) -> DataError {
        // Double(String) reads `inf`, `infinity` and `nan` in any case, and overflows to infinity.
        if Double(text)?.isFinite == false {
            return .nonFiniteValue(path: source, line: line(ofRow: row), column: header[column], value: text)
        }
        if !format.decimalComma, format.delimiter != .comma,
           DecimalParser.parse(text.replacing(",", with: ".")) != nil {
            return .decimalCommaValue(path: source, line: line(ofRow: row), column: header[column], value: text)
        }
        return .nonNumericValue(path: source, line: line(ofRow: row), column: header[column], value: text)
    }

    private static func trim(_ range: inout FieldRange, in buffer: UnsafeBufferPointer<UInt8>) {
        while range.start < range.end, CSVCursor.isBlank(buffer[range.start]) { range.start += 1 }
        while range.end > range.start, CSVCursor.isBlank(buffer[range.end - 1]) { range.end -= 1 }
    }
}
