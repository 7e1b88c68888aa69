import Testing
@testable import HLMKit

@Suite("Data: decimal parser")
struct DataDecimalParserTests {
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
