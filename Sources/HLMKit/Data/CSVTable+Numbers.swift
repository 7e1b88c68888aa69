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
        let read = try readColumns(indices, idColumn: nil, missing: missing)
        return (read.columns, read.codeCounts)
    }

    /// `numericColumns(_:missing:)` and `integerIDs(_:missing:)` of the column `idColumn` in one pass over the
    /// rows.
    func numericColumns(_ indices: [Int], integerIDs idColumn: Int, missing: MissingValueCodes) throws
        -> (columns: [[Double]], codeCounts: [Int], integerIDs: [Double]?) {
        guard !indices.contains(idColumn) else {
            let read = try numericColumns(indices, missing: missing)
            return (read.columns, read.codeCounts, integerIDs(idColumn, missing: missing))
        }
        return try readColumns(indices, idColumn: idColumn, missing: missing)
    }

    /// Column `index` as exact integers (missing cells as NaN) when every other cell is a plain decimal
    /// (`DecimalParser.parsePlain`) with an integer value, so below 2^53 and exact; nil as soon as one is
    /// not. The fast path for numeric ID columns: no `String` per cell, and numbers that are equal only when
    /// their texts are the same integer.
    func integerIDs(_ index: Int, missing: MissingValueCodes) -> [Double]? {
        (try? readColumns([], idColumn: index, missing: missing))?.integerIDs
    }

    /// The columns `indices` as numbers and, when `idColumn` is given (and not among `indices`), that column
    /// as integer IDs (nil when a cell is not one): one pass over the rows, by chunks of rows on all cores,
    /// each row's fields walked once, left to right, and each chunk writing its own rows of the columns.
    ///
    /// - Throws: as `numericColumn`, for the first bad cell in file order (the first chunk's with one).
    private func readColumns(_ indices: [Int], idColumn: Int?, missing: MissingValueCodes) throws
        -> (columns: [[Double]], codeCounts: [Int], integerIDs: [Double]?) {
        if let read = prefetched?.read(indices, idColumn: idColumn, missing: missing) { return read }
        let plan = ColumnPlan(indices, idColumn: idColumn, fieldCount: header.count)
        let chunks = rowChunks()
        var results = [ChunkRead]()
        var columns = try Self.columnArrays(indices.count + (idColumn == nil ? 0 : 1), rows: rowCount) { outputs in
            results = concurrentPieces(chunks.count) { chunk in
                readChunk(chunks[chunk], plan: plan, missing: missing, into: outputs)
            }
            if let error = results.lazy.compactMap(\.error).first { throw error }
        }
        let ids = idColumn == nil ? nil : columns.removeLast()
        let counts = results.reduce(into: [Int](repeating: 0, count: missing.userCodes.count)) { sum, chunk in
            for code in sum.indices { sum[code] += chunk.codeCounts[code] }
        }
        return (columns, counts, results.allSatisfy(\.idsAreIntegers) ? ids : nil)
    }

    /// Reads the rows of the indexed rows `entries` into their places of `outputs` (the columns of `plan`, then
    /// the IDs), stopping at the first bad cell; lets the pages of a mapped file go behind it.
    private func readChunk(_ entries: Range<Int>, plan: ColumnPlan, missing: MissingValueCodes,
                           into outputs: [UnsafeMutableBufferPointer<Double>]) -> ChunkRead {
        let buffer = bytes.buffer
        let decimalMark = format.decimalMark
        var read = ChunkRead(codeCounts: [Int](repeating: 0, count: missing.userCodes.count))
        var released = entries.isEmpty ? 0 : rowIndex.positions[entries.lowerBound]
        do {
            try forEachRow(in: entries) { row, cursor in
                for step in plan.steps {
                    cursor.skipFields(step.skip)
                    guard step.slot >= 0 else {
                        if read.idsAreIntegers {
                            let id = Self.readIntegerID(&cursor, missing: missing, decimalMark: decimalMark).id
                            outputs[outputs.count - 1][row] = id ?? .nan
                            read.idsAreIntegers = id != nil
                        } else {
                            cursor.skipFields(1)
                        }
                        continue
                    }
                    let (value, code) = try number(&cursor, row: row, column: step.column, missing: missing,
                                                   buffer: buffer)
                    if let code, code >= 0 { read.codeCounts[code] += 1 }
                    outputs[step.slot][row] = value
                }
                cursor.skipFields(plan.tail)
                for copy in plan.copies { outputs[copy.to][row] = outputs[copy.from][row] }
                if cursor.position - released >= 1 << 20 {
                    bytes.release(from: released, to: cursor.position)
                    released = cursor.position
                }
            }
        } catch {
            read.error = error
        }
        return read
    }

    /// The cursor's next field as an integer ID (NaN for a missing cell), or nil when it is neither, with
    /// what ended the field; the cursor moved past it.
    @inline(__always)
    static func readIntegerID(_ cursor: inout CSVCursor, missing: MissingValueCodes, decimalMark: UInt8)
        -> (id: Double?, terminator: CSVCursor.Terminator) {
        if let (number, terminator) = cursor.nextPlainNumber(decimalMark: decimalMark) {
            guard DecimalParser.isInteger(number), missing.match(value: number) == nil else { return (nil, terminator) }
            return (number == 0 ? 0 : number, terminator)
        }
        let (range, terminator) = cursor.nextField()
        guard !range.isQuoted, missing.match(cursor.bytes, from: range.start, to: range.end) != nil else {
            return (nil, terminator)
        }
        return (.nan, terminator)
    }

    /// `count` new columns of `rows` values, filled by `fill` through their buffers (it must write every row).
    static func columnArrays(_ count: Int, rows: Int,
                             _ fill: ([UnsafeMutableBufferPointer<Double>]) throws -> Void) rethrows -> [[Double]] {
        try columnArrays(count, capacity: rows) { buffers in
            try fill(buffers)
            return rows
        }
    }

    /// `count` new columns with room for `capacity` values, filled by `fill` through their buffers: it returns
    /// how many leading values of each it wrote.
    static func columnArrays(_ count: Int, capacity: Int,
                             _ fill: ([UnsafeMutableBufferPointer<Double>]) throws -> Int) rethrows -> [[Double]] {
        var buffers = [UnsafeMutableBufferPointer<Double>]()
        var columns = [[Double]]()
        var rows = 0
        func build() throws {
            guard buffers.count < count else {
                rows = try fill(buffers)
                return
            }
            let column = try [Double](unsafeUninitializedCapacity: capacity) { buffer, initialized in
                buffers.append(buffer)
                try build()
                initialized = rows
            }
            columns.append(column)
        }
        try build()
        return columns.reversed()
    }

    /// The cursor's next field as a number (NaN when missing, with the code that matched), the cursor moved
    /// past it.
    @inline(__always)
    private func number(_ cursor: inout CSVCursor, row: Int, column: Int, missing: MissingValueCodes,
                        buffer: UnsafeBufferPointer<UInt8>) throws -> (Double, code: Int?) {
        let cell = Self.readNumber(&cursor, missing: missing, decimalMark: format.decimalMark)
        guard let number = cell.number else {
            throw valueError(Self.text(of: cell.field!, in: buffer), row: row, column: column)
        }
        return number
    }

    /// The cursor's next field as a number (NaN when missing, with the code that matched), or nil when it is
    /// neither a missing-value code nor a finite number; with the field (blanks trimmed; nil when it was a
    /// plain number) and what ended it. The cursor is moved past the field.
    @inline(__always)
    static func readNumber(_ cursor: inout CSVCursor, missing: MissingValueCodes, decimalMark: UInt8)
        -> (number: (value: Double, code: Int?)?, field: FieldRange?, terminator: CSVCursor.Terminator) {
        if let (value, terminator) = cursor.nextPlainNumber(decimalMark: decimalMark) {
            guard let code = missing.match(value: value) else { return ((value, nil), nil, terminator) }
            return ((.nan, code), nil, terminator)
        }
        var (range, terminator) = cursor.nextField()
        let buffer = cursor.bytes
        if range.isQuoted { trim(&range, in: buffer) }
        let number: (Double, code: Int?)?
        if range.hasEscapedQuotes {
            number = Array(text(of: range, in: buffer).utf8).withUnsafeBufferPointer { cell in
                Self.number(cell, from: 0, to: cell.count, missing: missing, decimalMark: decimalMark)
            }
        } else {
            number = Self.number(buffer, from: range.start, to: range.end, missing: missing, decimalMark: decimalMark)
        }
        return (number, range, terminator)
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

/// The order in which one row's fields are read: each wanted column after skipping the fields before it, in
/// file order; a column asked for twice is read once and copied.
private struct ColumnPlan {
    /// One field to read: `skip` fields after the previous one, into output `slot` (-1: the ID column).
    struct Step {
        var skip: Int
        var column: Int
        var slot: Int
    }

    var steps: [Step] = []
    /// Outputs that repeat another's column.
    var copies: [(from: Int, to: Int)] = []
    /// The fields left in the row after the last step.
    var tail: Int

    init(_ indices: [Int], idColumn: Int?, fieldCount: Int) {
        var wanted = indices.enumerated().map { (column: $0.element, slot: $0.offset) }
        if let idColumn { wanted.append((idColumn, -1)) }
        var next = 0
        for (column, slot) in wanted.sorted(by: { ($0.column, $0.slot) < ($1.column, $1.slot) }) {
            if let last = steps.last, last.column == column {
                copies.append((last.slot, slot))
                continue
            }
            steps.append(Step(skip: column - next, column: column, slot: slot))
            next = column + 1
        }
        tail = fieldCount - next
    }
}

/// What one chunk of rows gave: the cells each user code made missing, its first bad cell, and whether its ID
/// cells were all integers.
private struct ChunkRead {
    var codeCounts: [Int]
    var error: (any Error)?
    var idsAreIntegers = true
}
