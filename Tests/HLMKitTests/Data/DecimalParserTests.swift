import Testing
@testable import HLMKit

@Suite("Data: decimal parser")
struct DataDecimalParserTests {
    /// The fast path on a comma-separated field with a decimal point.
    static func plain(_ bytes: UnsafeBufferPointer<UInt8>) -> (value: Double, end: Int)? {
        DecimalParser.parsePlain(bytes, at: 0, delimiter: UInt8(ascii: ","), decimalMark: UInt8(ascii: "."))
    }

    /// Parses `text` with `DecimalParser` (via the String entry point, which shares the byte parser).
    private func parse(_ text: String) -> Double? {
        DecimalParser.parse(text)
    }

    @Test("Matches Double(String) bit for bit on typical and edge inputs", arguments: [
        "12.345", "-1.528", "1e-3", "5.876", "19.708", "0", "-0", "+3", "0.1", "0.3", "1.", ".5", "-.5",
        "1E5", "1e+5", "2.2250738585072014e-308", "4.9e-324", "1.7976931348623157e308", "9007199254740993",
        "123456789012345678901234567890", "0.000000000000000000000000000123", "3.14159265358979323846",
        "1e22", "1e23", "123456789e-30", "000123.4500", "1e-400", "0e999999",
    ])
    func knownInputs(text: String) throws {
        let expected = try #require(Double(text))
        let parsed = try #require(parse(text))
        #expect(parsed.bitPattern == expected.bitPattern, "\(text): \(parsed) vs \(expected)")
    }

    @Test("Matches Double(String) bit for bit on 20,000 random decimals")
    func randomInputs() throws {
        var generator = SeededGenerator(state: 2024)
        for _ in 0..<20_000 {
            let text = randomDecimal(using: &generator)
            let parsed = try #require(parse(text), "\(text)")
            #expect(parsed.bitPattern == Double(text)?.bitPattern, "\(text)")
        }
    }

    @Test("The CSV fast path agrees with the general parser bit for bit, or declines", arguments: [
        "12.345", "-1.528", "0", "-0", "+3", "1.", ".5", "-.5", "9007199254740992", "9007199254740993",
        "123456789012345678", "1234567890123456789", "0.000000000000000001", "000123.4500", "1e5", " 1", "1 ",
        "\"1\"", "abc", "", ".", "-", "1.2.3",
    ])
    func plainFastPath(text: String) {
        for terminator in ["", ",", "\n"] {
            let bytes = Array((text + terminator).utf8)
            let fast = bytes.withUnsafeBufferPointer(Self.plain)
            guard let fast else {
                #expect(!["12.345", "-1.528", "0", "+3", ".5"].contains(text), "\(text) should take the fast path")
                continue
            }
            #expect(fast.value.bitPattern == parse(text)?.bitPattern, "\(text)")
            #expect(fast.end == text.utf8.count)
        }
    }

    @Test("The CSV fast path agrees with Double(String) on 20,000 random plain decimals")
    func plainFastPathRandom() {
        var generator = SeededGenerator(state: 7)
        var accepted = 0
        for _ in 0..<20_000 {
            let digits = Int.random(in: 1...18, using: &generator)
            var text = String((0..<digits).map { _ in Character(String(Int.random(in: 0...9, using: &generator))) })
            text.insert(".", at: text.index(text.startIndex, offsetBy: Int.random(in: 0...digits, using: &generator)))
            if Bool.random(using: &generator) { text = "-" + text }
            let fast = Array(text.utf8).withUnsafeBufferPointer(Self.plain)
            if let fast {
                accepted += 1
                #expect(fast.value.bitPattern == Double(text)?.bitPattern, "\(text)")
            }
        }
        #expect(accepted > 10_000, "the fast path should take most plain decimals up to 2^53")
    }

    @Test("Short numbers inside a row (one conversion of eight bytes) agree with Double(String) and end where it does")
    func shortNumbersInRows() {
        var generator = SeededGenerator(state: 18)
        // What follows the number, and what of it continues the number when the number has a mark / has none:
        // a delimiter and more fields, a line end, another mark, a digit, a letter, the end of the bytes.
        let tails: [(text: String, withMark: String, withoutMark: String)] = [
            (",12,-3.5\n", "", ""), ("\n", "", ""), (".5,1\n", "", ".5"), ("e3,1234567890", "", ""), ("x", "", ""),
            ("", "", ""), (",1", "", ""), ("5,1234567890", "5", "5"), (".,1234567890", "", "."),
        ]
        var checked = 0
        for _ in 0..<50_000 {
            let digits = Int.random(in: 0...11, using: &generator)
            var text = String((0..<digits).map { _ in Character(String(Int.random(in: 0...9, using: &generator))) })
            if Int.random(in: 0..<4, using: &generator) > 0 {
                text.insert(".", at: text.index(text.startIndex, offsetBy: Int.random(in: 0...digits, using: &generator)))
            }
            text = ["", "-", "+"][Int.random(in: 0..<3, using: &generator)] + text
            let tail = tails[Int.random(in: 0..<tails.count, using: &generator)]
            let number = text + (text.contains(".") ? tail.withMark : tail.withoutMark)
            let row = Array((text + tail.text).utf8)
            let parsed = row.withUnsafeBufferPointer {
                DecimalParser.parsePlainNumber($0, at: 0, decimalMark: UInt8(ascii: "."))
            }
            guard let expected = Double(number) else {
                #expect(parsed == nil, "\(text + tail.text)")
                continue
            }
            checked += 1
            #expect(parsed?.value.bitPattern == expected.bitPattern, "\(text + tail.text)")
            #expect(parsed?.end == number.utf8.count, "\(text + tail.text)")
        }
        #expect(checked > 40_000)
    }

    @Test("Short numbers with a decimal comma agree with the general parser")
    func shortNumbersDecimalComma() {
        for text in ["-1,234567", "12,5", ",5", "7,", "0,000001", "-0,000000", "1234567"] {
            let row = Array((text + ";1;2;3;4;5\n").utf8)
            let parsed = row.withUnsafeBufferPointer { DecimalParser.parsePlainNumber($0, at: 0, decimalMark: UInt8(ascii: ",")) }
            let expected = Double(text.replacing(",", with: "."))
            #expect(parsed?.value.bitPattern == expected?.bitPattern, "\(text)")
            #expect(parsed?.end == text.utf8.count, "\(text)")
        }
    }

    @Test("isInteger agrees with rounding on plain values", arguments: [
        0.0, -0.0, 1, -1, 0.5, -0.5, 1e-7, 9_999_999, 9_007_199_254_740_992, -9_007_199_254_740_992, 4_503_599_627_370_495.5,
        -4_503_599_627_370_495.5, 4_503_599_627_370_496, 1e300, .infinity, -.infinity, .nan,
    ])
    func integerCheck(value: Double) {
        #expect(DecimalParser.isInteger(value) == (value == value.rounded()))
    }

    @Test("Rejects text that is not a decimal number", arguments: [
        "", "-", ".", "e5", "1e", "1e+", "abc", "1,5", "1.2.3", "0x10", "inf", "nan", "1 2", "--1", "1e5.0",
    ])
    func rejects(text: String) {
        #expect(parse(text) == nil)
    }

    @Test func overflowIsInfinite() {
        #expect(parse("1e999") == .infinity)
        #expect(parse("-1e999") == -.infinity)
    }

    private func randomDecimal(using generator: inout SeededGenerator) -> String {
        func digits(_ count: Int) -> String {
            String((0..<count).map { _ in Character(String(Int.random(in: 0...9, using: &generator))) })
        }
        var text = Bool.random(using: &generator) ? "-" : ""
        text += digits(Int.random(in: 1...20, using: &generator))
        if Bool.random(using: &generator) { text += "." + digits(Int.random(in: 0...20, using: &generator)) }
        if Int.random(in: 0..<3, using: &generator) == 0 { text += "e\(Int.random(in: -330...310, using: &generator))" }
        return text
    }
}
