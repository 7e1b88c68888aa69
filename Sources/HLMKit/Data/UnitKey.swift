/// A unit ID as compared in a join: an integer (the fast path, exact below 2^53), an exact decimal when
/// every ID in both files is a number, else the trimmed text.
enum UnitKey: Hashable, Comparable {
    case integer(Double)
    case number(ExactDecimal)
    case text(String)

    static func < (lhs: UnitKey, rhs: UnitKey) -> Bool {
        switch (lhs, rhs) {
        case let (.integer(left), .integer(right)): return left < right
        case let (.number(left), .number(right)): return left < right
        case let (.text(left), .text(right)): return left < right
        default: return lhs.rank < rhs.rank  // never mixed in one join
        }
    }

    private var rank: Int {
        switch self {
        case .integer: return 0
        case .number: return 1
        case .text: return 2
        }
    }

    /// The ID as reported in `MultilevelData.grouping`: numbers in plain notation without a decimal point
    /// when they are integers (`"01"` and `"1.0"` both become `"1"`), text as is.
    var label: String {
        switch self {
        case let .integer(value): return String(Int64(value))
        case let .number(value): return value.text
        case let .text(text): return text
        }
    }
}
