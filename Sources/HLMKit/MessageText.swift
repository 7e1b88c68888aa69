extension String {
    /// The longest piece of input a message quotes whole; longer text is cut (see `shownInMessage`).
    static let messageQuoteLimit = 80

    /// The text as a message quotes it: characters that do not show (a byte order mark, a zero-width space,
    /// control and format characters, unusual spaces, U+FFFD) written as `\u{FEFF}`, and text longer than 80
    /// characters cut there, with its full length stated (`abc… (52,428,800 characters)`).
    var shownInMessage: String {
        guard count > Self.messageQuoteLimit else { return withInvisiblesEscaped }
        return String(prefix(Self.messageQuoteLimit)).withInvisiblesEscaped + "… (\(count.formatted) characters)"
    }

    /// The text with the characters that do not show written as `\u{FEFF}` (see `shownInMessage`), whole.
    var withInvisiblesEscaped: String {
        unicodeScalars.map { $0.isInvisible ? "\\u{\(String($0.value, radix: 16, uppercase: true))}" : String($0) }
            .joined()
    }
}

private extension Int {
    /// The number with thousands separators: 52,428,800.
    var formatted: String {
        let digits = String(self)
        return digits.enumerated().map { index, digit in
            index > 0 && (digits.count - index) % 3 == 0 ? ",\(digit)" : "\(digit)"
        }.joined()
    }
}

extension Unicode.Scalar {
    /// Whether the scalar prints as nothing, or as something easily taken for something else: controls
    /// other than tab (line ends too, as a quoted value is one line), format characters (BOM,
    /// zero-width space and joiners, direction marks), separators other than the plain space, private-use
    /// and unassigned code points, and U+FFFD (what undecodable bytes became).
    var isInvisible: Bool {
        if isASCII { return (value < 0x20 && value != 0x09) || value == 0x7F }
        switch properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .spaceSeparator, .privateUse, .unassigned,
             .surrogate:
            return true
        default:
            return value == 0xFFFD
        }
    }
}
