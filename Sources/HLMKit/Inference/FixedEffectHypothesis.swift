/// A linear hypothesis C gamma = c on the fixed effects, one row per contrast, as written on the command line
/// (`--test "INTRCPT1/SECTOR = 0; SES/SECTOR = 0"`) or in a command file (`gammaK:` lines).
public struct FixedEffectHypothesis: Sendable, Equatable {
    /// weight * (the fixed effect COEFFICIENT/PREDICTOR).
    struct Term: Sendable, Equatable {
        /// The weight (1 when none is written).
        var weight: Double
        /// `COEFFICIENT/PREDICTOR`, upper-cased, e.g. `SES/SECTOR`.
        var name: String

        /// Creates a term; the name is upper-cased.
        init(weight: Double, name: String) {
            self.weight = weight
            self.name = name.uppercased()
        }
    }

    /// One row of C with its right-hand side.
    enum Row: Sendable, Equatable {
        /// sum of the terms = value.
        case named(terms: [Term], value: Double)
        /// One weight per fixed effect, in the fixed-effects table's order, = 0 (HLM's `gammaK:` lines).
        case weights([Double])
    }

    /// The hypothesis as written, for the report.
    public var text: String
    /// The rows of C.
    var rows: [Row]

    /// Parses rows separated by `;`, each `[weight[*]]COEFFICIENT/PREDICTOR [+|- ...] [= value]`
    /// (value 0 when `=` is omitted), e.g. `INTRCPT1/SECTOR - SES/SECTOR = 0; 2*SES/MEANSES = 1`.
    ///
    /// Numbers are read whole (`1e-9`, `2.5E+3`); a value after `=` must be one finite number, so `= 1 2` and
    /// `= inf` are refused.
    ///
    /// - Throws: `InferenceError.invalidHypothesis` for an empty row, a missing name or a number that is not a
    ///   finite number.
    public static func parse(_ text: String) throws -> FixedEffectHypothesis {
        let rows = try text.split(separator: ";").map { try parseRow(String($0), in: text) }
        guard !rows.isEmpty else { throw InferenceError.invalidHypothesis(text: text, reason: "it has no rows") }
        return FixedEffectHypothesis(text: text, rows: rows)
    }

    private static func parseRow(_ row: String, in text: String) throws -> Row {
        let sides = row.split(separator: "=", omittingEmptySubsequences: false)
        guard sides.count <= 2 else { throw InferenceError.invalidHypothesis(text: text, reason: "a row has two '='") }
        var value = 0.0
        if sides.count == 2 {
            let written = String(sides[1]).trimmed
            guard let number = Double(written), number.isFinite else {
                throw InferenceError.invalidHypothesis(text: text,
                                                       reason: "'\(written)' after '=' is not a finite number")
            }
            value = number
        }
        var scanner = TermScanner(characters: Array(sides[0]))
        var terms: [Term] = []
        while let term = try scanner.next(in: text) { terms.append(term) }
        guard !terms.isEmpty else { throw InferenceError.invalidHypothesis(text: text, reason: "a row is empty") }
        return .named(terms: terms, value: value)
    }

    /// Reads `[+|-] [number [*]] NAME` terms one after another.
    private struct TermScanner {
        let characters: [Character]
        var index = 0

        mutating func next(in text: String) throws -> Term? {
            skipSpaces()
            guard index < characters.count else { return nil }
            var sign = 1.0
            while index < characters.count, characters[index] == "+" || characters[index] == "-" {
                if characters[index] == "-" { sign = -sign }
                index += 1
                skipSpaces()
            }
            var weight = 1.0
            if index < characters.count, Self.isDigit(characters[index]) || characters[index] == "." {
                let number = readNumber()
                guard let parsed = Double(number), parsed.isFinite else {
                    throw InferenceError.invalidHypothesis(text: text, reason: "'\(number)' is not a finite number")
                }
                weight = parsed
                skipSpaces()
                if index < characters.count, characters[index] == "*" { index += 1 }
                skipSpaces()
            }
            let name = read { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." || $0 == "/" }
            guard !name.isEmpty else {
                let found = index < characters.count ? "'\(characters[index])'" : "the end of the row"
                throw InferenceError.invalidHypothesis(text: text, reason: "expected COEFFICIENT/PREDICTOR, found \(found)")
            }
            return Term(weight: sign * weight, name: name)
        }

        /// Digits and a decimal point, then an exponent (`e`, an optional sign, digits) if one follows:
        /// `1e-9` is one number, and the `e` of `2e*X` is left for the name.
        private mutating func readNumber() -> String {
            let start = index
            _ = read { Self.isDigit($0) || $0 == "." }
            if index < characters.count, characters[index] == "e" || characters[index] == "E" {
                var end = index + 1
                if end < characters.count, characters[end] == "+" || characters[end] == "-" { end += 1 }
                if end < characters.count, Self.isDigit(characters[end]) {
                    index = end
                    _ = read(while: Self.isDigit)
                }
            }
            return String(characters[start..<index])
        }

        private static func isDigit(_ character: Character) -> Bool { ("0"..."9").contains(character) }

        private mutating func skipSpaces() {
            while index < characters.count, characters[index].isWhitespace { index += 1 }
        }

        private mutating func read(while accepts: (Character) -> Bool) -> String {
            let start = index
            while index < characters.count, accepts(characters[index]) { index += 1 }
            return String(characters[start..<index])
        }
    }
}
