/// Recognising how a file is written: its line ends, its delimiter and its decimal mark.
extension CSVTable {
    /// Whether the file has CR-only line ends (old Mac and some SPSS exports), which are read as LF: its first
    /// line end, from `start`, is a CR not followed by LF.
    static func hasCROnlyLineEnds(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Bool {
        guard let end = bytes[start...].firstIndex(where: { $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") })
        else { return false }
        return bytes[end] == UInt8(ascii: "\r") && (end + 1 == bytes.count || bytes[end + 1] != UInt8(ascii: "\n"))
    }

    /// The delimiter of the header row that starts at `start` (blank lines before it skipped): the most
    /// frequent of `,` `;` tab `|` outside quotes, `,` on a tie or when there is none. Only the header is
    /// read, so detection costs nothing per data row.
    static func detectDelimiter(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> CSVFormat.Delimiter {
        var counts = [CSVFormat.Delimiter: Int]()
        var inQuotes = false
        var sawText = false
        for byte in bytes[start...] {
            if byte == UInt8(ascii: "\"") {
                inQuotes.toggle()
            } else if !inQuotes, byte == UInt8(ascii: "\n") {
                if sawText { break }
            } else if !inQuotes, let delimiter = CSVFormat.Delimiter.allCases.first(where: { $0.byte == byte }) {
                counts[delimiter, default: 0] += 1
            }
            sawText = sawText || !(byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") || CSVCursor.isBlank(byte))
        }
        // allCases lists `,` first, so it wins a tie.
        return CSVFormat.Delimiter.allCases.max { counts[$0, default: 0] < counts[$1, default: 0] } ?? .comma
    }

    /// Whether the data rows write decimals with a comma: the first unquoted cell (in file order) that is a
    /// number with a decimal separator decides, `2,5` for a comma and `2.5` for a point; no such cell means
    /// a point. Only asked for files that are not comma-separated.
    func detectDecimalComma() -> Bool {
        let buffer = bytes.buffer
        var cursor = cursor(row: 0)
        for _ in 0..<rowCount {
            cursor.skipBlankLines()
            for _ in header.indices {
                let range = cursor.nextField().field
                guard !range.isQuoted else { continue }
                if let mark = Self.decimalSeparator(in: buffer, from: range.start, to: range.end) {
                    return mark == UInt8(ascii: ",")
                }
            }
        }
        return false
    }

    /// The separator of a cell written `[+-]? digits [.,] digits`, or nil for any other cell.
    private static func decimalSeparator(in bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> UInt8? {
        var index = start
        if index < end, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") { index += 1 }
        let isDigit = { (byte: UInt8) in byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        let integerStart = index
        while index < end, isDigit(bytes[index]) { index += 1 }
        guard index > integerStart, index + 1 < end,
              bytes[index] == UInt8(ascii: ",") || bytes[index] == UInt8(ascii: ".") else { return nil }
        let separator = bytes[index]
        guard bytes[(index + 1)..<end].allSatisfy(isDigit) else { return nil }
        return separator
    }
}

extension CSVTable: DataTable {
    var formatDescription: String? { format.description }
}
