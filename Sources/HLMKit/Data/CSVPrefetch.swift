/// The columns a reader of a CSV file will ask for, so that `CSVTable` parses them in the pass that scans the
/// file (one pass over the bytes instead of a scan and then a parse): the model's variables and the ID column,
/// with the missing-value codes the join will use.
///
/// Only a hint: the table is the same with or without it, asking for other columns (or with other codes)
/// reads them from the bytes as before, and a prefetched column with a cell that is not a number is read
/// again when asked for, so that its message is the one of a plain read.
struct CSVPrefetch: Sendable, Equatable {
    /// Upper-cased column names; names the file does not have are ignored.
    var names: Set<String>
    /// The ID column's name, read as integer IDs (`CSVTable.integerIDs(_:missing:)`).
    var idColumn: String?
    /// The cells that mean "missing", besides empty, `NA` and `.` (as `MissingValueCodes` takes them).
    var missingCodes: Set<String>
}

/// What the scan parses in each field of a row: the plan made from a `CSVPrefetch` and the header.
struct CSVScanCells {
    /// How the scan treats one column.
    enum Kind {
        /// Not parsed (the field is only walked).
        case skip
        /// Parsed as a number into the given slot.
        case number(Int)
        /// Parsed as an integer ID.
        case id
    }

    /// The kind of each column of the header.
    let kinds: [Kind]
    /// The header columns of the number slots, in slot order.
    let numberColumns: [Int]
    /// The ID column, when it is parsed.
    let idColumn: Int?
    let missing: MissingValueCodes
    let decimalMark: UInt8

    /// The plan for `prefetch` on a file with `header` (trimmed names); nil when it parses nothing.
    init?(_ prefetch: CSVPrefetch, header: [String], decimalMark: UInt8) {
        let upper = header.map { $0.uppercased() }
        let id = prefetch.idColumn.map { $0.trimmed.uppercased() }
        var kinds = [Kind](repeating: .skip, count: header.count)
        var numberColumns = [Int]()
        var idColumn: Int?
        for (column, name) in upper.enumerated() where !name.isEmpty {
            if name == id {
                kinds[column] = .id
                idColumn = column
            } else if prefetch.names.contains(name) {
                kinds[column] = .number(numberColumns.count)
                numberColumns.append(column)
            }
        }
        guard idColumn != nil || !numberColumns.isEmpty else { return nil }
        self.kinds = kinds
        self.numberColumns = numberColumns
        self.idColumn = idColumn
        missing = MissingValueCodes(prefetch.missingCodes)
        self.decimalMark = decimalMark
    }

    /// The number of outputs a scan writes: the number slots, then the IDs when the ID column is parsed.
    var outputCount: Int { numberColumns.count + (idColumn == nil ? 0 : 1) }

    /// Reads the cursor's next field, of column `column`, into the current row of `cells` (a field past the
    /// header's columns is only walked), and returns what ended it.
    @inline(__always)
    func read(_ cursor: inout CSVCursor, column: Int, into cells: inout SegmentCells) -> CSVCursor.Terminator {
        guard column < kinds.count else { return cursor.nextField().terminator }
        switch kinds[column] {
        case .skip:
            return cursor.nextField().terminator
        case let .number(slot):
            let cell = CSVTable.readNumber(&cursor, missing: missing, decimalMark: decimalMark)
            if let (value, code) = cell.number {
                cells.write(value, slot: slot)
                if let code, code >= 0 { cells.codeCounts[slot][code] += 1 }
            } else {
                cells.write(.nan, slot: slot)
                cells.hasBadCell[slot] = true
            }
            return cell.terminator
        case .id:
            guard cells.idsAreIntegers else { return cursor.nextField().terminator }
            let cell = CSVTable.readIntegerID(&cursor, missing: missing, decimalMark: decimalMark)
            cells.write(cell.id ?? .nan, slot: numberColumns.count)
            cells.idsAreIntegers = cell.id != nil
            return cell.terminator
        }
    }
}

/// The cells one segment's scan parses (`CSVScanCells`), written row by row straight into the segment's place
/// in the whole columns: its first row at `CSVRowSlots.offsets[piece]`, at most `capacity` rows.
struct SegmentCells {
    /// Where the segment's first row goes in each output: the number slots, then the IDs.
    private let outputs: [UnsafeMutablePointer<Double>]
    /// The rows the segment has room for.
    let capacity: Int
    /// The rows written (the current row's index).
    var rows = 0
    /// The cells each user code made missing, per slot.
    var codeCounts: [[Int]]
    /// Whether a slot has a cell that is neither a number nor a missing-value code.
    var hasBadCell: [Bool]
    /// Whether every ID cell so far is an integer (the IDs are written only while they are).
    var idsAreIntegers = true

    /// Cells of `plan` written into `outputs` (`plan.outputCount` columns) from row `offset` on, for at most
    /// `capacity` rows.
    init(_ plan: CSVScanCells, outputs: [UnsafeMutableBufferPointer<Double>], offset: Int, capacity: Int) {
        self.outputs = outputs.map { $0.baseAddress! + offset }
        self.capacity = capacity
        codeCounts = plan.numberColumns.map { _ in [Int](repeating: 0, count: plan.missing.userCodes.count) }
        hasBadCell = plan.numberColumns.map { _ in false }
    }

    /// Whether there is room for another row.
    var hasRoom: Bool { rows < capacity }

    /// Writes the current row's value of output `slot`.
    @inline(__always)
    func write(_ value: Double, slot: Int) {
        outputs[slot][rows] = value
    }

    /// Writes one row read by `CSVPlainRow`: the number slots' `values`, then the ID at `idSlot` (kept only
    /// while the IDs are integers); the next row becomes current.
    @inline(__always)
    mutating func append(_ values: UnsafeMutablePointer<Double>, idSlot: Int, hasID: Bool) {
        for slot in 0..<idSlot { outputs[slot][rows] = values[slot] }
        if hasID, idsAreIntegers { outputs[idSlot][rows] = values[idSlot] }
        rows += 1
    }
}

/// Where each segment's rows go in the whole columns the scan fills: segment k from row `offsets[k]`, with
/// room for `capacities[k]` rows, an upper bound on the rows that start in it (its line ends, plus one for a
/// last line without one). The bounds are exact for a file without blank lines or line breaks in quotes;
/// otherwise the segments' rows are moved together after the scan (`compact`).
struct CSVRowSlots {
    var capacities: [Int]
    var offsets: [Int]

    /// The slots of the segments starting at `bounds` (then the end of the bytes), counted on all cores.
    init(_ bytes: CSVBytes, bounds: [Int]) {
        let buffer = bytes.buffer
        capacities = concurrentPieces(bounds.count - 1) { piece in
            let start = bounds[piece], end = bounds[piece + 1]
            let newlines = Self.countNewlines(buffer, from: start, to: end)
            // The pages are read again by the scan; dropping them keeps the file's text out of memory.
            bytes.release(from: start, to: end)
            return newlines + (end > start && buffer[end - 1] != UInt8(ascii: "\n") ? 1 : 0)
        }
        offsets = capacities.reduce(into: [0]) { $0.append($0[$0.count - 1] + $1) }
    }

    /// The room in all segments.
    var total: Int { offsets[offsets.count - 1] }

    /// Moves the `rows[k]` rows of each segment k of `outputs` to follow the rows before it, in order; returns
    /// the number of rows.
    func compact(_ outputs: [UnsafeMutableBufferPointer<Double>], rows: [Int]) -> Int {
        var next = 0
        for (piece, count) in rows.enumerated() {
            if next != offsets[piece], count > 0 {
                for output in outputs {
                    // The rows move down (next < offsets[piece]), over memory that may overlap.
                    UnsafeMutableRawPointer(output.baseAddress! + next)
                        .copyMemory(from: output.baseAddress! + offsets[piece], byteCount: count * MemoryLayout<Double>.stride)
                }
            }
            next += count
        }
        return next
    }

    /// The number of '\n' bytes in `buffer[start ..< end]`, 16 bytes at a time.
    static func countNewlines(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int {
        guard end > start, let base = buffer.baseAddress else { return 0 }
        let raw = UnsafeRawPointer(base)
        let newline = SIMD16<UInt8>(repeating: UInt8(ascii: "\n"))
        let one = SIMD16<UInt8>(repeating: 1), zero = SIMD16<UInt8>()
        var count = 0
        var position = start
        // Each lane counts at most 255 matches before the lanes are summed.
        while end - position >= 16 {
            let blocks = min(255, (end - position) / 16)
            var lanes = zero
            for block in 0..<blocks {
                let bytes = raw.loadUnaligned(fromByteOffset: position + block * 16, as: SIMD16<UInt8>.self)
                lanes &+= zero.replacing(with: one, where: bytes .== newline)
            }
            count += Int(SIMD16<UInt16>(truncatingIfNeeded: lanes).wrappedSum())
            position += blocks * 16
        }
        while position < end {
            if buffer[position] == UInt8(ascii: "\n") { count += 1 }
            position += 1
        }
        return count
    }
}

/// The columns a table parsed while scanning, whole, ready for the readers that ask for them
/// (`CSVTable.numericColumns(_:integerIDs:missing:)`): each as one array, shared with the reader.
struct PrefetchedColumns: Sendable {
    /// The user's missing-value codes they were read with (`MissingValueCodes.userCodes`).
    var userCodes: [String]
    /// The number columns by header index, without those that have a cell that is not a number.
    var columns: [Int: [Double]] = [:]
    /// The cells each user code made missing, by header index.
    var codeCounts: [Int: [Int]] = [:]
    /// The ID column's header index, when it was parsed.
    var idColumn: Int?
    /// The IDs as integers, or nil when a cell is not one.
    var integerIDs: [Double]?

    /// The whole columns of `plan` (`outputs`, in its output order) as the segments' `cells` (in order) wrote
    /// them.
    init(_ plan: CSVScanCells, outputs: consuming [[Double]], cells: [SegmentCells]) {
        userCodes = plan.missing.userCodes
        idColumn = plan.idColumn
        if plan.idColumn != nil {
            let ids = outputs.removeLast()
            if cells.allSatisfy(\.idsAreIntegers) { integerIDs = ids }
        }
        for (slot, column) in plan.numberColumns.enumerated() where !cells.contains(where: { $0.hasBadCell[slot] }) {
            columns[column] = outputs[slot]
            codeCounts[column] = cells.reduce(into: [Int](repeating: 0, count: userCodes.count)) { sum, segment in
                for code in sum.indices { sum[code] += segment.codeCounts[slot][code] }
            }
        }
    }

    /// The columns `indices` and the ID column `idColumn` as `CSVTable.readColumns` gives them, when they
    /// were all parsed with the codes `missing`; nil otherwise.
    func read(_ indices: [Int], idColumn: Int?, missing: MissingValueCodes)
        -> (columns: [[Double]], codeCounts: [Int], integerIDs: [Double]?)? {
        guard missing.userCodes == userCodes, idColumn == nil || idColumn == self.idColumn else { return nil }
        var read = [[Double]]()
        for index in indices {
            guard let column = columns[index] else { return nil }
            read.append(column)
        }
        let counts = Set(indices).reduce(into: [Int](repeating: 0, count: userCodes.count)) { sum, index in
            for code in sum.indices { sum[code] += codeCounts[index]![code] }
        }
        return (read, counts, idColumn == nil ? nil : integerIDs)
    }
}
