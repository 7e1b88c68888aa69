import HLMPlatform

/// The structure found by one pass over a CSV file: the header, where the data rows start and their lines.
struct CSVScan {
    var header: [String]
    var rowIndex: CSVRowIndex
    var rowLines: [Int]?
    /// Whether a NUL byte was seen (the caller finds the first one for its message).
    var sawNUL: Bool
    /// The columns parsed in the same pass (`CSVScanCells`).
    var prefetched: PrefetchedColumns?
}

/// What one segment's scan found: its rows from its first record start up to the first record start at or
/// after its end. Lines are relative to the line of `first` (line 0).
private struct SegmentScan {
    /// Where the segment's first record starts (blank lines skipped), or where its blank lines end.
    var first: Int
    /// The number of line ends between the segment's start and `first` (blank lines).
    var linesBefore = 0
    /// Where the scan stopped: the first record start at or after the segment's end, or the end of the bytes.
    var end: Int
    /// The relative line of `end`.
    var endLine = 0
    var rows = 0
    /// Indexed rows: their byte offsets and their row numbers within the segment.
    var positions: [Int] = []
    var indexRows: [Int] = []
    /// The relative line of each row, kept only once a row's line is not its row number.
    var lines: [Int]?
    var error: StructureError?
    var sawNUL = false
    /// The cells parsed in the same pass, when the scan parses any.
    var cells: SegmentCells?

    /// A malformed record, at a relative line.
    enum StructureError {
        case ragged(line: Int, fieldCount: Int)
        case unterminatedQuote(line: Int)
        case textAfterClosingQuote(line: Int)
    }
}

extension CSVTable {
    /// Validates the whole file and indexes its data rows, parsing the fields `cells` asks for on the way.
    ///
    /// The data rows are scanned in segments side by side: each segment from the first line start after its
    /// nominal start, which is a record start unless a quoted field with a line break spans it. A segment is
    /// kept only when it starts where the scan of the segment before it stopped, and otherwise scanned again
    /// from there, so the result is that of one scan from the top.
    static func scan(_ bytes: CSVBytes, from start: Int, source: String, delimiter: UInt8,
                     chunking: CSVChunking, cells plan: ((_ header: [String]) -> CSVScanCells?)? = nil) throws -> CSVScan {
        let buffer = bytes.buffer
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
        let sawNULInHeader = MappedFile.firstIndex(of: 0, in: buffer, from: 0, to: cursor.position) != nil
        let cells = plan?(header)

        let bounds = segmentBounds(buffer, from: cursor.position, pieces: chunking.pieces(buffer.count - cursor.position))
        // Each segment parses its cells straight into its place in the whole columns.
        let slots = cells.map { _ in CSVRowSlots(bytes, bounds: bounds) }
        var index = CSVRowIndex()
        var lines = [Int]()
        var irregular = false
        var sawNUL = sawNULInHeader
        var segmentCells = [SegmentCells?]()
        let outputs = try columnArrays(cells?.outputCount ?? 0, capacity: slots?.total ?? 0) { outputs in
            nonisolated(unsafe) let outputs = outputs
            func scanPiece(_ piece: Int, from start: Int) -> SegmentScan {
                let room = slots.map { slots in
                    SegmentCells(cells!, outputs: outputs, offset: slots.offsets[piece], capacity: slots.capacities[piece])
                }
                return scanSegment(bytes, from: start, to: bounds[piece + 1], fieldCount: header.count,
                                   delimiter: delimiter, indexBytes: chunking.indexBytes, plan: cells, cells: room)
            }
            let speculative = concurrentPieces(bounds.count - 1) { piece in scanPiece(piece, from: bounds[piece]) }
            var line = cursor.line  // the absolute line of the next segment's first record
            var expected = bounds[0]
            var segmentRows = [Int]()
            for (piece, guess) in speculative.enumerated() {
                let segment = piece == 0 || guess.first == expected ? guess : scanPiece(piece, from: expected)
                if piece == 0 { line += segment.linesBefore }
                sawNUL = sawNUL || segment.sawNUL
                switch segment.error {
                case let .ragged(relative, fieldCount)?:
                    throw DataError.raggedRow(path: source, line: line + relative, fieldCount: fieldCount,
                                              headerCount: header.count)
                case let .unterminatedQuote(relative)?:
                    throw DataError.unterminatedQuote(path: source, line: line + relative)
                case let .textAfterClosingQuote(relative)?:
                    throw DataError.textAfterClosingQuote(path: source, line: line + relative)
                case nil:
                    break
                }
                index.positions += segment.positions
                index.rows += segment.indexRows.map { $0 + index.rowCount }
                if !irregular, segment.lines != nil || (segment.rows > 0 && line != index.rowCount + 2) {
                    irregular = true
                    lines = (0..<index.rowCount).map { $0 + 2 }
                }
                if irregular {
                    lines += segment.lines.map { $0.map { line + $0 } } ?? (0..<segment.rows).map { line + $0 }
                }
                index.rowCount += segment.rows
                segmentCells.append(segment.cells)
                segmentRows.append(segment.rows)
                line += segment.endLine
                expected = segment.end
            }
            guard index.rowCount > 0 else { throw DataError.noDataRows(path: source) }
            return slots?.compact(outputs, rows: segmentRows) ?? 0
        }
        // A segment that ran out of room (which its line count rules out) leaves the columns to be read later.
        let parsed = segmentCells.allSatisfy { $0 != nil } ? segmentCells.map { $0! } : nil
        return CSVScan(header: header, rowIndex: index, rowLines: irregular ? lines : nil, sawNUL: sawNUL,
                       prefetched: cells.flatMap { plan in
                           parsed.map { PrefetchedColumns(plan, outputs: outputs, cells: $0) }
                       })
    }

    /// The segments' starts: `start`, then the first line start after each of `pieces - 1` equally spaced
    /// offsets, then the end of the bytes.
    private static func segmentBounds(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int, pieces: Int) -> [Int] {
        var bounds = [start]
        for piece in 1..<max(1, pieces) {
            let nominal = max(bounds[bounds.count - 1], start + (buffer.count - start) * piece / pieces)
            let newline = MappedFile.firstIndex(of: UInt8(ascii: "\n"), in: buffer, from: nominal, to: buffer.count)
            bounds.append(newline.map { $0 + 1 } ?? buffer.count)
        }
        return bounds + [buffer.count]
    }

    /// Scans the records that start in `start ..< end` (the first at or after `start`, blank lines skipped),
    /// and the last of them to its end; stops at the first malformed record. Checks the bytes it covers for
    /// NUL and lets their pages go behind it. Parses the fields `plan` asks for into `cells` (the scan's
    /// `cells` is nil when a row found no room there).
    private static func scanSegment(_ bytes: CSVBytes, from start: Int, to end: Int, fieldCount: Int,
                                    delimiter: UInt8, indexBytes: Int, plan: CSVScanCells?,
                                    cells: SegmentCells?) -> SegmentScan {
        let buffer = bytes.buffer
        var cursor = CSVCursor(bytes: buffer, position: start, line: 0, delimiter: delimiter)
        cursor.skipBlankLines()
        let linesBefore = cursor.line
        var scan = SegmentScan(first: cursor.position, linesBefore: linesBefore, end: cursor.position)
        var cells = cells
        let plainRow = CSVPlainRow(fieldCount: fieldCount, delimiter: delimiter, cells: plan)
        let values = UnsafeMutablePointer<Double>.allocate(capacity: plainRow.idSlot + 1)
        defer { values.deallocate() }
        var nextIndexed = cursor.position
        var checked = start
        func check(upTo position: Int) {
            scan.sawNUL = scan.sawNUL || MappedFile.firstIndex(of: 0, in: buffer, from: checked, to: position) != nil
            bytes.release(from: checked, to: position)
            checked = position
        }
        while !cursor.isAtEnd, cursor.position < end {
            let rowStart = cursor.position
            let line = cursor.line - linesBefore
            if rowStart >= nextIndexed {
                scan.positions.append(rowStart)
                scan.indexRows.append(scan.rows)
                nextIndexed = rowStart + indexBytes
                if rowStart - checked >= 1 << 20 { check(upTo: rowStart) }
            }
            if scan.lines == nil, line != scan.rows { scan.lines = Array(0..<scan.rows) }
            scan.lines?.append(line)
            if cells?.hasRoom == false { cells = nil }
            if let (rowEnd, newline) = plainRow.read(buffer, at: rowStart, idsAreIntegers: cells?.idsAreIntegers ?? false,
                                                     into: values) {
                cells?.append(values, idSlot: plainRow.idSlot, hasID: plan?.idColumn != nil)
                cursor.position = rowEnd
                if newline { cursor.line += 1 }
                scan.rows += 1
                cursor.skipBlankLines()
                continue
            }
            var fields = 0
            var failure: SegmentScan.StructureError?
            recordLoop: while true {
                let terminator = if let plan, cells != nil { plan.read(&cursor, column: fields, into: &cells!) }
                    else { cursor.nextField().terminator }
                fields += 1
                switch terminator {
                case .delimiter: continue
                case .endOfRecord: break recordLoop
                case .unterminatedQuote: failure = .unterminatedQuote(line: cursor.line - linesBefore)
                case .textAfterClosingQuote: failure = .textAfterClosingQuote(line: cursor.line - linesBefore)
                }
                break
            }
            if failure == nil, fields != fieldCount { failure = .ragged(line: line, fieldCount: fields) }
            if let failure {
                scan.error = failure
                break
            }
            scan.rows += 1
            cells?.rows += 1
            cursor.skipBlankLines()
        }
        check(upTo: cursor.position)
        scan.cells = cells
        scan.end = cursor.position
        scan.endLine = cursor.line - linesBefore
        return scan
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
        let unnamed = header.map(\.isEmpty)
        guard unnamed.contains(true) else { return }
        let buffer = bytes.buffer
        try forEachRow(in: 0..<rowIndex.count) { row, cursor in
            for column in header.indices {
                let range = cursor.nextField().field
                if unnamed[column], range.end > range.start {
                    throw DataError.blankColumnName(path: source, position: column + 1, line: line(ofRow: row),
                                                    value: Self.text(of: range, in: buffer))
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
