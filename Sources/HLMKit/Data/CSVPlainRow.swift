/// The scan's fast path for one row whose fields are all plain: unquoted, without blanks or carriage returns,
/// and, where a column is parsed (`CSVScanCells`), a plain decimal (`DecimalParser.parsePlain`) that is not a
/// missing-value code; the line end LF or CRLF. Such a row is read in one tight loop over the bytes, with no
/// call per field; any other row (quotes, blanks, missing cells, a wrong number of fields) is left to the general path
/// (`CSVCursor`), which gives the same values and finds the errors.
struct CSVPlainRow {
    /// Per column: `skip`, `id`, or the number slot (>= 0).
    private let kinds: [Int]
    private let delimiter: UInt8
    private let decimalMark: UInt8
    private let missing: MissingValueCodes?
    /// Whether a user code is a number (then every parsed value is compared with the codes).
    private let hasNumberCodes: Bool
    /// The largest byte that needs a decision in a field (see `CSVCursor.nextField()`).
    private let decisionLimit: UInt8
    /// Where the ID goes among the values: after the number slots.
    let idSlot: Int

    private static let skip = -1
    private static let id = -2

    /// The fast path for rows of `fieldCount` fields separated by `delimiter`, parsing what `cells` asks for.
    init(fieldCount: Int, delimiter: UInt8, cells: CSVScanCells?) {
        kinds = (0..<fieldCount).map { column in
            switch cells?.kinds[column] {
            case let .number(slot)?: return slot
            case .id?: return Self.id
            case .skip?, nil: return Self.skip
            }
        }
        self.delimiter = delimiter
        decimalMark = cells?.decimalMark ?? UInt8(ascii: ".")
        missing = cells?.missing
        hasNumberCodes = cells?.missing.hasNumberCodes ?? false
        decisionLimit = max(delimiter, UInt8(ascii: "\""))
        idSlot = cells?.numberColumns.count ?? 0
    }

    /// Reads the row at `start` into `values` (the number slots, then the ID at `idSlot` when
    /// `idsAreIntegers`), when it is plain; returns the position after its line end (and whether there was
    /// one, rather than the end of the bytes), or nil, having written nothing that counts, when it is not.
    @inline(__always)
    func read(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, idsAreIntegers: Bool,
              into values: UnsafeMutablePointer<Double>) -> (end: Int, newline: Bool)? {
        let newline = UInt8(ascii: "\n")
        var position = start
        let last = kinds.count - 1
        for column in 0...last {
            let kind = kinds[column]
            if kind == Self.skip || (kind == Self.id && !idsAreIntegers) {
                while true {
                    position = firstDecision(bytes, from: position)
                    guard position < bytes.count else { break }
                    let byte = bytes[position]
                    if byte == delimiter || byte == newline || (byte == UInt8(ascii: "\r") && column == last) { break }
                    if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\r") || CSVCursor.isBlank(byte) {
                        return nil
                    }
                    position += 1
                }
            } else {
                guard let (value, end) = DecimalParser.parsePlainNumber(bytes, at: position, decimalMark: decimalMark),
                      !hasNumberCodes || missing?.match(value: value) == nil else { return nil }
                if kind == Self.id {
                    guard DecimalParser.isInteger(value) else { return nil }
                    values[idSlot] = value == 0 ? 0 : value
                } else {
                    values[kind] = value
                }
                position = end
            }
            guard position < bytes.count else { return column == last ? (position, false) : nil }
            if column == last {
                if bytes[position] == newline { return (position + 1, true) }
                // A CRLF line end: the general path trims the CR off the last field, so the row reads the same.
                let crlf = bytes[position] == UInt8(ascii: "\r") && position + 1 < bytes.count
                    && bytes[position + 1] == newline
                return crlf ? (position + 2, true) : nil
            }
            guard bytes[position] == delimiter else { return nil }
            position += 1
        }
        return nil
    }

    /// The first position at or after `start` whose byte needs a decision (at most `decisionLimit`), or the
    /// end of the bytes; eight bytes at a time while eight remain (SWAR: each byte a lane of the word).
    @inline(__always)
    private func firstDecision(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        let lanes = 0x0101_0101_0101_0101 as UInt64
        // A lane below `decisionLimit + 1` (at most 0x7D, below 0x80) borrows its high bit in `word - limit`,
        // and a byte of 0x80 or more has its own high bit set (cleared by `~word`); lanes below the first such
        // lane borrow nothing, so the lowest flagged lane is the first byte that needs a decision.
        let limit = UInt64(decisionLimit &+ 1) &* lanes
        var position = start
        while bytes.count &- position >= 8 {
            let word = UInt64(littleEndian: UnsafeRawPointer(bytes.baseAddress! + position).loadUnaligned(as: UInt64.self))
            let flags = (word &- limit) & ~word & (0x80 &* lanes)
            if flags != 0 { return position &+ flags.trailingZeroBitCount >> 3 }
            position &+= 8
        }
        while position < bytes.count, bytes[position] > decisionLimit { position &+= 1 }
        return position
    }
}
