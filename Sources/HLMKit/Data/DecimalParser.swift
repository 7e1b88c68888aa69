/// Parses decimal numbers straight from UTF-8 bytes, without creating a `String`.
///
/// Grammar: `[+-]? digits* ('.' digits*)? ([eE] [+-]? digits+)?` with at least one mantissa digit.
/// Results are bit-identical to `Double(String)` (a correctly rounded conversion): values whose
/// significand has at most 19 digits with value <= 2^53 and whose decimal exponent is within +-22 are
/// computed as one exactly-rounded multiplication or division of two exact doubles (Clinger's fast
/// path); any other valid input falls back to `Double(String)`. Hexadecimal, `inf` and `nan` are not
/// accepted (they return nil); an out-of-range value such as `1e999` returns infinity.
enum DecimalParser {
    // 10^0 ... 10^22 are exactly representable as doubles.
    static let powersOfTen: [Double] = (0...22).map { exponent in
        (0..<exponent).reduce(1.0) { value, _ in value * 10 }
    }
    private static let maxExactInteger: UInt64 = 1 << 53

    /// Parses `bytes[start ..< end]`, or returns nil when it is not a decimal number.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Double? {
        var index = start
        var negative = false
        if index < end, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
            negative = bytes[index] == UInt8(ascii: "-")
            index += 1
        }
        var significand: UInt64 = 0
        var digitCount = 0       // significant digits kept in `significand`
        var exponent = 0         // decimal exponent applied to `significand`
        var truncated = false    // a non-zero digit did not fit in `significand`
        var sawDigit = false
        var inFraction = false
        while index < end {
            let byte = bytes[index]
            if byte == UInt8(ascii: "."), !inFraction {
                inFraction = true
            } else if byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                sawDigit = true
                let digit = UInt64(byte - UInt8(ascii: "0"))
                if digitCount < 19, significand != 0 || digit != 0 {
                    significand = significand * 10 + digit
                    digitCount += 1
                    if inFraction { exponent -= 1 }
                } else if significand == 0 && digit == 0 {
                    if inFraction { exponent -= 1 }
                } else {
                    truncated = truncated || digit != 0
                    if !inFraction { exponent += 1 }
                }
            } else {
                break
            }
            index += 1
        }
        guard sawDigit else { return nil }
        if index < end, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            guard let written = parseExponent(bytes, from: index + 1, to: end) else { return nil }
            exponent += written
        } else if index != end {
            return nil
        }
        if significand == 0 && !truncated {
            return negative ? -0.0 : 0.0
        }
        if !truncated, significand <= maxExactInteger, abs(exponent) <= 22 {
            let magnitude = exponent < 0
                ? Double(significand) / powersOfTen[-exponent]
                : Double(significand) * powersOfTen[exponent]
            return negative ? -magnitude : magnitude
        }
        return Double(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self))
    }

    /// The fast path of CSV reading: a plain decimal `[+-]? digits (mark digits)?` (at least one and at most 18
    /// digits; `mark` is `decimalMark`, '.' or ',') starting at `start` and ended by `delimiter`, '\n' or the
    /// end of `bytes`, in one pass. Returns the value (bit-identical to `parse`: the significand is exact and
    /// so is 10^k, k <= 18) and the index of the terminator; nil for anything else (exponents, blanks, quotes,
    /// text), which the general path reads.
    @inline(__always)
    static func parsePlain(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, delimiter: UInt8,
                           decimalMark: UInt8) -> (value: Double, end: Int)? {
        guard let (value, end) = parsePlainNumber(bytes, at: start, decimalMark: decimalMark),
              end == bytes.count || bytes[end] == delimiter || bytes[end] == UInt8(ascii: "\n")
        else { return nil }
        return (value, end)
    }

    /// `parsePlain` without its check of the byte after the number (`CSVPlainRow`'s loop checks it itself):
    /// the value and the index of the first byte that is not part of it. A number of at most eight digits
    /// (`-1.234567`, `12.345678`, an ID) is read with one conversion of eight bytes (`shortNumber`), a longer
    /// one in one loop per part (`longNumber`); both give the same value.
    @inline(__always)
    static func parsePlainNumber(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int,
                                 decimalMark: UInt8) -> (value: Double, end: Int)? {
        if bytes.count &- start >= 11, let short = shortNumber(bytes, at: start, decimalMark: decimalMark) {
            return short.count > 0 ? (short.value, short.end) : nil
        }
        return longNumber(bytes, at: start, decimalMark: decimalMark)
    }

    /// `[+-]? digits (mark digits)?` with at most eight digits, from the eleven bytes at `start`, without a branch
    /// per part: the eight bytes after the sign with the lane of the first non-digit dropped when it is the
    /// decimal mark (the lanes below it from those bytes, the lanes above from the eight bytes one further on)
    /// hold the number's digits in order, converted at once (`eightDigits`); the value is the digits' integer
    /// divided by 10^(fraction digits), both exact, so the quotient is the correctly rounded value `longNumber`
    /// gives. Nil when more than eight digits follow (a longer number); a `count` of 0 when there is no digit.
    @inline(__always)
    private static func shortNumber(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int,
                                    decimalMark: UInt8) -> (value: Double, end: Int, count: Int)? {
        let first = bytes[start]
        let negative = first == UInt8(ascii: "-")
        let index = start &+ (negative || first == UInt8(ascii: "+") ? 1 : 0)
        let base = UnsafeRawPointer(bytes.baseAddress! + index)
        let word = UInt64(littleEndian: base.loadUnaligned(as: UInt64.self))
        let markLane = firstNonDigit(word)
        let hasMark = markLane < 8 && bytes[index &+ markLane] == decimalMark
        let next = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: 1, as: UInt64.self))
        let low = hasMark ? ~(UInt64.max << UInt64(markLane &* 8)) : UInt64.max
        let (value, count) = eightDigits((word & low) | (next & ~low))
        let width = count &+ (hasMark ? 1 : 0)
        if count == 8 {
            // Eight digits: the number's end only when the byte after them is neither a digit nor (without a
            // mark among them) the mark.
            let after = bytes[index &+ width]
            guard after &- UInt8(ascii: "0") >= 10, hasMark || after != decimalMark else { return nil }
        }
        let magnitude = Double(value) / powerOfTen(hasMark ? count &- markLane : 0)
        return (negative ? -magnitude : magnitude, index &+ width, count)
    }

    /// Whether `value` is an integer: the same as `value == value.rounded()` (infinity is, NaN is not), without
    /// a call to the C library's `round` (or `trunc`) per ID; every double of magnitude 2^52 or more is one.
    @inline(__always)
    static func isInteger(_ value: Double) -> Bool {
        value.magnitude < 0x1p52 ? Double(Int64(value)) == value : value == value
    }

    /// `parsePlainNumber` for any number of digits, in one loop per part.
    private static func longNumber(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int,
                                   decimalMark: UInt8) -> (value: Double, end: Int)? {
        var index = start
        var negative = false
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
            negative = bytes[index] == UInt8(ascii: "-")
            index &+= 1
        }
        var significand: UInt64 = 0
        var digits = plainDigits(bytes, at: &index, into: &significand)
        var fractionDigits = 0
        if index < bytes.count, bytes[index] == decimalMark {
            index &+= 1
            fractionDigits = plainDigits(bytes, at: &index, into: &significand)
            digits &+= fractionDigits
        }
        guard digits > 0, digits <= 18, significand <= maxExactInteger else { return nil }
        let magnitude = fractionDigits == 0 ? Double(significand) : Double(significand) / powerOfTen(fractionDigits)
        return (negative ? -magnitude : magnitude, index)
    }

    /// Appends the decimal digits at `index` to `significand` (wrapping; the caller bounds their number),
    /// moving `index` past them; returns how many there were. Eight bytes are taken at a time while eight
    /// remain (`eightDigits`): the same integer as one digit at a time, with no branch per digit.
    @inline(__always)
    private static func plainDigits(_ bytes: UnsafeBufferPointer<UInt8>, at index: inout Int,
                                    into significand: inout UInt64) -> Int {
        let start = index
        while bytes.count &- index >= 8 {
            let word = UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self)
            let (value, count) = eightDigits(UInt64(littleEndian: word))
            significand = significand &* integerPowerOfTen(count) &+ value
            index &+= count
            guard count == 8 else { return index &- start }
        }
        while index < bytes.count {
            let digit = bytes[index] &- UInt8(ascii: "0")
            guard digit < 10 else { break }
            significand = significand &* 10 &+ UInt64(digit)
            index &+= 1
        }
        return index &- start
    }

    /// 10^n (0 <= n <= 8) as an integer. A switch, which the compiler turns into a constant table, where a
    /// static array would cost a call (its lazy initialisation check) per use in the fast path.
    @inline(__always)
    private static func integerPowerOfTen(_ n: Int) -> UInt64 {
        switch n {
        case 0: 1
        case 1: 10
        case 2: 100
        case 3: 1_000
        case 4: 10_000
        case 5: 100_000
        case 6: 1_000_000
        case 7: 10_000_000
        default: 100_000_000
        }
    }

    /// 10^n (0 <= n <= 18) as a double, exact (`powersOfTen[n]`), for the fast path (see `integerPowerOfTen`).
    @inline(__always)
    private static func powerOfTen(_ n: Int) -> Double {
        switch n {
        case 0: 1
        case 1: 1e1
        case 2: 1e2
        case 3: 1e3
        case 4: 1e4
        case 5: 1e5
        case 6: 1e6
        case 7: 1e7
        case 8: 1e8
        case 9: 1e9
        case 10: 1e10
        case 11: 1e11
        case 12: 1e12
        case 13: 1e13
        case 14: 1e14
        case 15: 1e15
        case 16: 1e16
        case 17: 1e17
        default: 1e18
        }
    }

    /// The leading decimal digits of the eight bytes of `word` (the first byte in the low bits) as an integer,
    /// and how many there are (0 ... 8), without a branch per byte (SWAR: each byte a lane of the word).
    @inline(__always)
    static func eightDigits(_ word: UInt64) -> (value: UInt64, count: Int) {
        let lanes = 0x0101_0101_0101_0101 as UInt64
        let digits = word &- 0x30 &* lanes
        let count = firstNonDigit(word)
        guard count > 0 else { return (0, 0) }
        // The digits moved to the top lanes, zeros (leading zeros of the number) below them; then pairs,
        // quadruples and the eight lanes combined, the first byte the most significant digit.
        var value = digits << UInt64((8 &- count) &* 8)
        value = (value &* 10 &+ (value >> 8)) & 0x00FF_00FF_00FF_00FF
        value = (value &* 100 &+ (value >> 16)) & 0x0000_FFFF_0000_FFFF
        value = (value &* 10000 &+ (value >> 32)) & 0xFFFF_FFFF
        return (value, count)
    }

    /// The lane (0 ... 7) of the first byte of `word` (the first byte in the low bits) that is not a decimal
    /// digit, 8 when all are.
    @inline(__always)
    private static func firstNonDigit(_ word: UInt64) -> Int {
        let lanes = 0x0101_0101_0101_0101 as UInt64
        let digits = word &- 0x30 &* lanes
        // A lane is not a digit when its byte minus '0' is above 9: its high bit is set after adding 0x76, or
        // before (a byte below '0'). Lanes below the first such lane are digits, which borrow and carry
        // nothing into the lanes above them, so the lowest flagged lane is the first non-digit.
        let flags = ((digits &+ 0x76 &* lanes) | digits) & (0x80 &* lanes)
        return flags.trailingZeroBitCount >> 3
    }

    /// Parses `[+-]? digits+` running to `end`; large exponents saturate (the fallback handles them).
    private static func parseExponent(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int? {
        var index = start
        var negative = false
        if index < end, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
            negative = bytes[index] == UInt8(ascii: "-")
            index += 1
        }
        guard index < end else { return nil }
        var value = 0
        while index < end {
            let byte = bytes[index]
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = min(value * 10 + Int(byte - UInt8(ascii: "0")), 1_000_000)
            index += 1
        }
        return negative ? -value : value
    }
}

extension DecimalParser {
    /// Parses `bytes[start ..< end]` written with the decimal mark `decimalMark` ('.' or ','), or returns nil
    /// when it is not a decimal number in that notation (with a decimal comma, a '.' makes it not a number).
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, decimalMark: UInt8) -> Double? {
        guard decimalMark != UInt8(ascii: ".") else { return parse(bytes, from: start, to: end) }
        var copy = Array(bytes[start..<end])
        guard !copy.contains(UInt8(ascii: ".")) else { return nil }
        for index in copy.indices where copy[index] == decimalMark { copy[index] = UInt8(ascii: ".") }
        return copy.withUnsafeBufferPointer { parse($0, from: 0, to: $0.count) }
    }

    /// Parses a whole string as a decimal number (see `parse(_:from:to:)`).
    static func parse(_ text: String) -> Double? {
        var text = text
        return text.withUTF8 { parse($0, from: 0, to: $0.count) }
    }
}
