/// How a delimited text file separates its fields and writes decimals, and whether that was given or detected.
public struct CSVFormat: Sendable, Equatable {
    /// The byte between fields.
    public enum Delimiter: String, Sendable, CaseIterable {
        /// `,` (the default).
        case comma = ","
        /// `;` (spreadsheets in locales with a decimal comma).
        case semicolon = ";"
        /// A tab character (written `tab` on the command line).
        case tab = "tab"
        /// `|`.
        case pipe = "|"

        /// The delimiter's byte.
        var byte: UInt8 {
            switch self {
            case .comma: return UInt8(ascii: ",")
            case .semicolon: return UInt8(ascii: ";")
            case .tab: return UInt8(ascii: "\t")
            case .pipe: return UInt8(ascii: "|")
            }
        }

        /// "comma", "semicolon", "tab", "pipe (|)" for the report.
        var name: String {
            switch self {
            case .comma: return "comma"
            case .semicolon: return "semicolon"
            case .tab: return "tab"
            case .pipe: return "pipe (|)"
            }
        }
    }

    /// The field delimiter.
    var delimiter: Delimiter
    /// Whether decimals are written with a comma (`2,5`), as in `;`-separated files of many locales.
    var decimalComma: Bool
    /// The byte between a number's integer and fractional digits: ',' or '.'.
    var decimalMark: UInt8 { decimalComma ? UInt8(ascii: ",") : UInt8(ascii: ".") }
    /// Whether `delimiter` was detected from the header rather than given.
    var delimiterDetected: Bool
    /// Whether `decimalComma` was detected from the data rather than given.
    var decimalCommaDetected: Bool

    /// Comma-separated with decimal points, as given: the format of every file unless told otherwise.
    static let standard = CSVFormat(delimiter: .comma, decimalComma: false, delimiterDetected: false,
                                           decimalCommaDetected: false)

    /// The format in words for the report, e.g. "semicolon-separated (detected), decimal comma (detected)";
    /// nil for comma-separated files with decimal points, which is what every report assumes.
    var description: String? {
        guard delimiter != .comma || decimalComma else { return nil }
        let detected = { (flag: Bool) in flag ? " (detected)" : "" }
        return "\(delimiter.name)-separated\(detected(delimiterDetected)), "
            + (decimalComma ? "decimal comma" : "decimal point") + detected(decimalCommaDetected)
    }
}
