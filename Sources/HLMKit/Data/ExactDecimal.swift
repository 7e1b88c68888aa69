/// A decimal number held exactly as its digits, so that IDs are equal only when they are the same number
/// (`01` = `1` = `1.0` = `1e0`), however many digits they have: going through `Double` would merge IDs above
/// 2^53 (`9007199254740993` and `9007199254740992`).
struct ExactDecimal: Hashable, Comparable {
    /// Whether the number is below zero (never true for zero).
    let negative: Bool
    /// The significant digits (0-9), without leading or trailing zeros; empty for zero.
    let digits: [UInt8]
    /// The value is 0.`digits` x 10^`exponent`.
    let exponent: Int

    /// Reads `[+-]? digits* ('.' digits*)? ([eE] [+-]? digits+)?` with at least one mantissa digit; nil for
    /// any other text, and for exponents beyond +-10^6.
    init?(_ text: String) {
        var bytes = Array(text.utf8)[...]
        var negative = false
        if let sign = bytes.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
            negative = sign == UInt8(ascii: "-")
            bytes = bytes.dropFirst()
        }
        let isDigit = { (byte: UInt8) in byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        let integer = bytes.prefix(while: isDigit)
        bytes = bytes.dropFirst(integer.count)
        var fraction = ArraySlice<UInt8>()
        if bytes.first == UInt8(ascii: ".") {
            fraction = bytes.dropFirst().prefix(while: isDigit)
            bytes = bytes.dropFirst(1 + fraction.count)
        }
        guard !integer.isEmpty || !fraction.isEmpty else { return nil }
        var written = 0
        if let mark = bytes.first, mark == UInt8(ascii: "e") || mark == UInt8(ascii: "E") {
            guard let value = Int(String(decoding: bytes.dropFirst(), as: UTF8.self)), abs(value) <= 1_000_000
            else { return nil }
            written = value
            bytes = []
        }
        guard bytes.isEmpty else { return nil }
        var all = (integer + fraction).map { $0 - UInt8(ascii: "0") }[...]
        var exponent = integer.count + written
        while all.first == 0 {
            all = all.dropFirst()
            exponent -= 1
        }
        while all.last == 0 { all = all.dropLast() }
        self.digits = Array(all)
        self.negative = negative && !all.isEmpty
        self.exponent = all.isEmpty ? 0 : exponent
    }

    static func < (lhs: ExactDecimal, rhs: ExactDecimal) -> Bool {
        if lhs.negative != rhs.negative { return lhs.negative }
        return lhs.negative ? rhs.magnitudeBelow(lhs) : lhs.magnitudeBelow(rhs)
    }

    /// Whether |self| < |other|.
    private func magnitudeBelow(_ other: ExactDecimal) -> Bool {
        if digits.isEmpty || other.digits.isEmpty { return digits.isEmpty && !other.digits.isEmpty }
        if exponent != other.exponent { return exponent < other.exponent }
        return digits.lexicographicallyPrecedes(other.digits)
    }

    /// The number in plain notation (`12`, `-0.05`, `123.4`), or in scientific notation (`1.5e40`) when that
    /// would need more than 30 zeros.
    var text: String {
        let shown = String(decoding: digits.map { $0 + UInt8(ascii: "0") }, as: UTF8.self)
        let sign = negative ? "-" : ""
        guard !digits.isEmpty else { return "0" }
        if exponent >= digits.count, exponent - digits.count <= 30 {
            return sign + shown + String(repeating: "0", count: exponent - digits.count)
        }
        if exponent <= 0, -exponent <= 30 {
            return sign + "0." + String(repeating: "0", count: -exponent) + shown
        }
        if exponent > 0, exponent < digits.count {
            return sign + shown.prefix(exponent) + "." + shown.dropFirst(exponent)
        }
        let mantissa = digits.count == 1 ? shown : shown.prefix(1) + "." + shown.dropFirst()
        return sign + mantissa + "e\(exponent - 1)"
    }
}
