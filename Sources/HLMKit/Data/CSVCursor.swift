/// Where one field's text lies in the file's bytes.
///
/// For an unquoted field, `start ..< end` is the text with surrounding spaces and tabs trimmed. For a
/// quoted field it is the text between the quotes, with doubled quotes still doubled
/// (`hasEscapedQuotes` says whether there are any).
struct FieldRange {
    var start: Int
    var end: Int
    var isQuoted: Bool
    var hasEscapedQuotes: Bool
}

/// A forward-only reader of CSV fields over a byte buffer (RFC 4180, plus LF line ends, trimming of
/// unquoted fields and blank-line skipping), with any one-byte delimiter (`,` `;` tab `|`). It never
/// allocates; malformed input is reported through `Terminator` so that callers that already validated the
/// file need not handle errors.
struct CSVCursor {
    /// What ended a field.
    enum Terminator {
        case delimiter
        case endOfRecord
        case unterminatedQuote
        case textAfterClosingQuote
    }

    let bytes: UnsafeBufferPointer<UInt8>
    /// Byte offset of the next unread byte.
    var position: Int
    /// 1-based line number of `position` (counts LF bytes consumed).
    var line: Int
    /// The byte between fields.
    let delimiter: UInt8
    /// The largest byte that needs a decision in a field: the delimiter or, below it, '"' (tab, LF, CR,
    /// space and '"' are all at most 0x22).
    private let decisionLimit: UInt8

    private static let quote = UInt8(ascii: "\"")
    private static let newline = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")

    /// A cursor at `position` (on `line`) of `bytes`, whose fields are separated by `delimiter`.
    init(bytes: UnsafeBufferPointer<UInt8>, position: Int, line: Int, delimiter: UInt8) {
        self.bytes = bytes
        self.position = position
        self.line = line
        self.delimiter = delimiter
        decisionLimit = max(delimiter, Self.quote)
    }

    var isAtEnd: Bool { position >= bytes.count }

    /// Whether `byte` is a space or a tab.
    static func isBlank(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
    }

    /// Whether `byte` is blank around a field: a space, or a tab unless tab is the delimiter.
    private func isPadding(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || (byte == UInt8(ascii: "\t") && delimiter != UInt8(ascii: "\t"))
    }

    /// Skips lines that are empty or hold only spaces, tabs and carriage returns.
    mutating func skipBlankLines() {
        var probe = position
        while probe < bytes.count {
            let byte = bytes[probe]
            if byte == Self.newline {
                position = probe + 1
                line += 1
            } else if !(Self.isBlank(byte) || byte == Self.carriageReturn) {
                return
            }
            probe += 1
        }
        position = probe
    }

    /// Reads the next field and what ended it; after `.endOfRecord` the cursor is at the next line.
    ///
    /// A plain field (no quote, blank or carriage return in it: numbers, IDs) is read in one tight loop;
    /// anything else goes through the general rules of `generalField()`, with the same result.
    @inline(__always)
    mutating func nextField() -> (field: FieldRange, terminator: Terminator) {
        var probe = position
        // Every byte that needs a decision ('\t', '\n', '\r', ' ', '"', the delimiter) is at most
        // `decisionLimit`: 0x2C for ',', so that digits, '.', '-' and letters, above it, take one comparison.
        while probe < bytes.count {
            let byte = bytes[probe]
            if byte <= decisionLimit {
                if byte == delimiter || byte == Self.newline { break }
                if byte == Self.quote || byte == Self.carriageReturn || Self.isBlank(byte) { return generalField() }
            }
            probe += 1
        }
        let field = FieldRange(start: position, end: probe, isQuoted: false, hasEscapedQuotes: false)
        position = probe
        return (field, consumeTerminator())
    }

    /// The next field as a number when it is a plain decimal (`DecimalParser.parsePlain`) written with
    /// `decimalMark`, moving past it, with what ended it (a delimiter or the end of the record); nil, without
    /// moving, for any other field.
    @inline(__always)
    mutating func nextPlainNumber(decimalMark: UInt8) -> (value: Double, terminator: Terminator)? {
        guard let (value, end) = DecimalParser.parsePlain(bytes, at: position, delimiter: delimiter,
                                                          decimalMark: decimalMark) else { return nil }
        position = end
        return (value, consumeTerminator())
    }

    /// `nextField()` for any field: blanks around it trimmed, quoted fields with their escapes and errors.
    private mutating func generalField() -> (field: FieldRange, terminator: Terminator) {
        while position < bytes.count, isPadding(bytes[position]) { position += 1 }
        if position < bytes.count, bytes[position] == Self.quote {
            return nextQuotedField()
        }
        let start = position
        while position < bytes.count {
            let byte = bytes[position]
            if byte == delimiter || byte == Self.newline { break }
            position += 1
        }
        var end = position
        while end > start, isPadding(bytes[end - 1]) || bytes[end - 1] == Self.carriageReturn { end -= 1 }
        let field = FieldRange(start: start, end: end, isQuoted: false, hasEscapedQuotes: false)
        return (field, consumeTerminator())
    }

    private mutating func nextQuotedField() -> (field: FieldRange, terminator: Terminator) {
        let openingLine = line
        let start = position + 1
        position = start
        var hasEscapedQuotes = false
        while position < bytes.count {
            let byte = bytes[position]
            if byte == Self.newline {
                line += 1
            } else if byte == Self.quote {
                if position + 1 < bytes.count, bytes[position + 1] == Self.quote {
                    hasEscapedQuotes = true
                    position += 1
                } else {
                    break
                }
            }
            position += 1
        }
        guard position < bytes.count else {
            line = openingLine
            return (FieldRange(start: start, end: position, isQuoted: true, hasEscapedQuotes: hasEscapedQuotes),
                    .unterminatedQuote)
        }
        let field = FieldRange(start: start, end: position, isQuoted: true, hasEscapedQuotes: hasEscapedQuotes)
        position += 1
        while position < bytes.count, isPadding(bytes[position]) || bytes[position] == Self.carriageReturn {
            position += 1
        }
        if position < bytes.count, bytes[position] != delimiter, bytes[position] != Self.newline {
            return (field, .textAfterClosingQuote)
        }
        return (field, consumeTerminator())
    }

    /// Consumes the delimiter or newline at `position` (or nothing at the end of the buffer).
    private mutating func consumeTerminator() -> Terminator {
        guard position < bytes.count else { return .endOfRecord }
        let byte = bytes[position]
        position += 1
        if byte == delimiter { return .delimiter }
        line += 1
        return .endOfRecord
    }

    /// Skips `count` fields of the current record (the file is known to be well formed).
    mutating func skipFields(_ count: Int) {
        for _ in 0..<count { _ = nextField() }
    }
}
