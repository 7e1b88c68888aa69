/// Reads equations and term lists from one line of text, throwing `SpecificationError.located`
/// with the column of the first problem.
struct EquationScanner {
    private let characters: [Character]
    private var index: Int
    private let text: String
    private let source: EquationSource

    /// Scans `text` from the 0-based character offset `start` (a command file's value after `keyword:`).
    init(_ text: String, source: EquationSource, start: Int = 0) {
        self.text = text
        self.characters = Array(text)
        self.index = start
        self.source = source
    }

    /// Reads `LEFT = terms` to the end of the text.
    mutating func equation(_ syntax: TermSyntax) throws -> WrittenEquation {
        skipSpace()
        let leftColumn = column
        guard let left = name() else {
            throw failure(current == "=" ? .emptyLeftSide : .expectedName)
        }
        return try rightSide(of: left, leftColumn: leftColumn, syntax)
    }

    /// Reads a level-3 equation `COEF1/COEF2 = terms` (HLM3's notation); its left side is `COEF1/COEF2`.
    mutating func level3Equation(_ syntax: TermSyntax) throws -> WrittenEquation {
        skipSpace()
        let leftColumn = column
        guard let coefficient = name() else {
            throw failure(current == "=" ? .emptyLeftSide : .expectedName)
        }
        skipSpace()
        guard consume("/") else {
            throw failure(.unexpectedCharacter(current.map(String.init) ?? "end", expected: "`/` after \(coefficient)"))
        }
        skipSpace()
        guard let predictor = name() else { throw failure(.expectedName) }
        return try rightSide(of: "\(coefficient)/\(predictor)", leftColumn: leftColumn, syntax)
    }

    /// Reads `= terms` after the left side `left`.
    private mutating func rightSide(of left: String, leftColumn: Int, _ syntax: TermSyntax) throws -> WrittenEquation {
        skipSpace()
        guard consume("=") else { throw failure(.expectedEquals(after: left)) }
        skipSpace()
        if current == nil || current == syntax.terminator { throw failure(.emptyRightSide) }
        var seen: Set<String> = []
        return WrittenEquation(left: left, leftColumn: leftColumn, terms: try terms(syntax, seen: &seen))
    }

    /// Reads `term SEP term ...` to the end of the text; `seen` holds names already written
    /// (so a list spread over several options can reject repeats).
    mutating func terms(_ syntax: TermSyntax, seen: inout Set<String>) throws -> [WrittenTerm] {
        var result: [WrittenTerm] = []
        repeat {
            skipSpace()
            let term = try self.term(syntax)
            guard seen.insert(term.name).inserted else {
                throw failure(.duplicateTerm(term.name), at: term.column)
            }
            result.append(term)
            skipSpace()
        } while consume(syntax.separator)
        if let terminator = syntax.terminator, consume(terminator) { skipSpace() }
        if let found = current {
            let end = syntax.terminator.map { " or `\($0)`" } ?? ""
            throw failure(.unexpectedCharacter(String(found),
                                               expected: "`\(syntax.separator)`\(end) or the end of the line"))
        }
        return result
    }

    private mutating func term(_ syntax: TermSyntax) throws -> WrittenTerm {
        let start = column
        guard let word = name() else { throw failure(.expectedName) }
        let afterWord = index
        skipSpace()
        if syntax.allowsFunctions, consume("(") {
            let function = word.lowercased()
            let centering: Centering
            switch function {
            case "group": centering = .group
            case "grand": centering = .grand
            default: throw failure(.unknownFunction(function), at: start)
            }
            skipSpace()
            let innerColumn = column
            guard let inner = name() else { throw failure(.expectedName) }
            skipSpace()
            guard consume(")") else { throw failure(.unclosedFunction(function)) }
            return try centered(inner, centering, column: innerColumn)
        }
        index = afterWord
        if syntax.allowsCenteringCodes, consume(",") {
            let codeColumn = column
            let code = read { $0.isNumber || $0.isLetter }
            let codes: [String: Centering] = ["0": .uncentered, "1": .group, "2": .grand]
            guard let centering = codes[code] else {
                throw failure(.unknownCenteringCode(code), at: codeColumn)
            }
            return try centered(word, centering, column: start)
        }
        return WrittenTerm(name: word, centering: .uncentered, column: start)
    }

    private func centered(_ name: String, _ centering: Centering, column: Int) throws -> WrittenTerm {
        if centering != .uncentered, ReservedWord.all.contains(name) {
            throw failure(.centeredKeyword(name), at: column)
        }
        return WrittenTerm(name: name, centering: centering, column: column)
    }

    /// Moves past the next `character` (to the end when there is none).
    mutating func skip(past character: Character) {
        while let c = current {
            index += 1
            if c == character { return }
        }
    }

    /// The location of `column` in this text.
    func location(_ column: Int) -> EquationLocation {
        EquationLocation(source: source, text: text, column: column)
    }

    /// An error for `problem` at `column` (default: the current position).
    func failure(_ problem: EquationProblem, at column: Int? = nil) -> SpecificationError {
        .located(problem, location(column ?? self.column))
    }

    private var column: Int { index + 1 }
    private var current: Character? { index < characters.count ? characters[index] : nil }

    private mutating func skipSpace() {
        while let c = current, c.isWhitespace { index += 1 }
    }

    private mutating func consume(_ c: Character) -> Bool {
        guard current == c else { return false }
        index += 1
        return true
    }

    /// Reads a name: a letter or `_`, then letters, digits, `_` and `.`; returns it upper-cased,
    /// or nil when there is none.
    private mutating func name() -> String? {
        guard let first = current, first.isLetter || first == "_" else { return nil }
        return read { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }.uppercased()
    }

    /// Reads the characters that satisfy `accepts` (possibly none).
    private mutating func read(while accepts: (Character) -> Bool) -> String {
        let start = index
        while let c = current, accepts(c) { index += 1 }
        return String(characters[start..<index])
    }
}
