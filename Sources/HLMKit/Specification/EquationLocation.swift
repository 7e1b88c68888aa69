/// Where an equation's text came from.
enum EquationSource: Sendable, Equatable {
    /// A command-line option such as `--model` or `--sigma2`.
    case option(String)
    /// A line of an HLM command file; the text is the whole line.
    case commandFile(path: String, line: Int)
}

/// A position in an equation's text: the source, the text and the 1-based column.
struct EquationLocation: Sendable, Equatable {
    /// Where the text came from.
    var source: EquationSource
    /// The equation (or command-file line) as written.
    var text: String
    /// 1-based column of the offending character (one past the end for "missing" problems).
    var column: Int

    /// The text on one line and a caret under `column` on the next, each indented by two spaces.
    /// Tabs before the column are kept and invisible characters escaped (`\u{200B}`), so the caret lines up.
    var caretDisplay: String {
        let before = String(text.prefix(column - 1)).withInvisiblesEscaped
        let padding = String(before.map { $0 == "\t" ? "\t" : " " })
        return "  \(text.withInvisiblesEscaped)\n  \(padding)^"
    }

    /// "in --model \"TEXT\"" or "line N of PATH".
    var origin: String {
        switch source {
        case let .option(name): return "in \(name) \"\(text.withInvisiblesEscaped)\""
        case let .commandFile(path, line): return "line \(line) of \(path)"
        }
    }
}
