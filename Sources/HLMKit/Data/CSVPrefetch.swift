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

    /// Reads the cursor's next field, of column `column`, into `cells` (a field past the header's columns
    /// is only walked), and returns what ended it.
    @inline(__always)
    func read(_ cursor: inout CSVCursor, column: Int, into cells: inout SegmentCells) -> CSVCursor.Terminator {
        guard column < kinds.count else { return cursor.nextField().terminator }
        switch kinds[column] {
        case .skip:
            return cursor.nextField().terminator
        case let .number(slot):
            let cell = CSVTable.readNumber(&cursor, missing: missing, decimalMark: decimalMark)
            if let (value, code) = cell.number {
                cells.columns[slot].append(value)
                if let code, code >= 0 { cells.codeCounts[slot][code] += 1 }
            } else {
                cells.columns[slot].append(.nan)
                cells.hasBadCell[slot] = true
            }
            return cell.terminator
        case .id:
            guard cells.idsAreIntegers else { return cursor.nextField().terminator }
            let cell = CSVTable.readIntegerID(&cursor, missing: missing, decimalMark: decimalMark)
            cells.ids.append(cell.id ?? .nan)
            cells.idsAreIntegers = cell.id != nil
            return cell.terminator
        }
    }
}

/// The cells one segment's scan parsed, row by row (`CSVScanCells`).
struct SegmentCells {
    /// One array per number slot.
    var columns: [[Double]] = []
    /// The cells each user code made missing, per slot.
    var codeCounts: [[Int]] = []
    /// Whether a slot has a cell that is neither a number nor a missing-value code.
    var hasBadCell: [Bool] = []
    /// The integer IDs, while every ID cell is one.
    var ids: [Double] = []
    var idsAreIntegers = true

    /// No cells.
    init() {}

    /// Appends one row read by `CSVPlainRow`: the number slots' `values`, then the ID at `idSlot` (kept only
    /// while the IDs are integers).
    @inline(__always)
    mutating func append(_ values: UnsafeMutablePointer<Double>, idSlot: Int, hasID: Bool) {
        for slot in columns.indices { columns[slot].append(values[slot]) }
        if hasID, idsAreIntegers { ids.append(values[idSlot]) }
    }

    /// Room for `capacity` rows of the cells of `plan`.
    init(_ plan: CSVScanCells, capacity: Int) {
        columns = plan.numberColumns.map { _ in
            var column = [Double]()
            column.reserveCapacity(capacity)
            return column
        }
        codeCounts = plan.numberColumns.map { _ in [Int](repeating: 0, count: plan.missing.userCodes.count) }
        hasBadCell = plan.numberColumns.map { _ in false }
        if plan.idColumn != nil { ids.reserveCapacity(capacity) }
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

    /// The whole columns of `plan` from the segments' `cells` (in order, with `rowCounts` rows each), each
    /// segment copied to its place on all cores and let go behind.
    init(_ plan: CSVScanCells, cells: consuming [SegmentCells], rowCounts: [Int]) {
        userCodes = plan.missing.userCodes
        idColumn = plan.idColumn
        let offsets = rowCounts.reduce(into: [0]) { $0.append($0[$0.count - 1] + $1) }
        let idsAreIntegers = plan.idColumn != nil && cells.allSatisfy(\.idsAreIntegers)
        let count = plan.numberColumns.count + (idsAreIntegers ? 1 : 0)
        let hasBadCell = plan.numberColumns.indices.map { slot in cells.contains { $0.hasBadCell[slot] } }
        let codeCounts = plan.numberColumns.indices.map { slot in
            cells.reduce(into: [Int](repeating: 0, count: userCodes.count)) { sum, segment in
                for code in sum.indices { sum[code] += segment.codeCounts[slot][code] }
            }
        }
        var whole = CSVTable.columnArrays(count, rows: offsets[offsets.count - 1]) { outputs in
            // Each segment's arrays are let go as soon as they are copied, so that the columns are not held twice.
            cells.withUnsafeMutableBufferPointer { segments in
                nonisolated(unsafe) let segments = segments
                _ = concurrentPieces(segments.count) { piece in
                    for slot in segments[piece].columns.indices {
                        Self.copy(segments[piece].columns[slot], to: outputs[slot], at: offsets[piece])
                    }
                    if idsAreIntegers { Self.copy(segments[piece].ids, to: outputs[count - 1], at: offsets[piece]) }
                    segments[piece] = SegmentCells()
                }
            }
        }
        if idsAreIntegers { integerIDs = whole.removeLast() }
        for (slot, column) in plan.numberColumns.enumerated() where !hasBadCell[slot] {
            columns[column] = whole[slot]
            self.codeCounts[column] = codeCounts[slot]
        }
    }

    private static func copy(_ values: [Double], to output: UnsafeMutableBufferPointer<Double>, at offset: Int) {
        values.withUnsafeBufferPointer { source in
            guard let base = source.baseAddress, !source.isEmpty else { return }
            (output.baseAddress! + offset).update(from: base, count: source.count)
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
