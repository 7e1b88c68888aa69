/// `--help` text and usage lines laid out as swift-argument-parser lays them out (which `hlm` used before,
/// see `Subcommand`): an 80-column screen, labels in a 26-column first column.
enum HelpText {
    /// The width text is wrapped to.
    static let screenWidth = 80
    /// The column where an argument's help starts.
    static let labelColumnWidth = 26

    /// The whole help of a command: OVERVIEW (abstract and discussion), USAGE, the ARGUMENTS section, the titled
    /// option sections in order of first appearance, OPTIONS (ending with `--version` and `--help`), and the
    /// SUBCOMMANDS section for the root command.
    static func render<Values>(commandPath: String, abstract: String, discussion: String,
                               arguments: [ArgumentDeclaration<Values>], initial: Values,
                               subcommands: [(name: String, abstract: String)] = []) -> String {
        var overview = abstract
        if !discussion.isEmpty { overview += "\n\n" + discussion }
        var titles: [String?] = [nil]
        for argument in arguments where argument.kind != .positional && !titles.contains(argument.title) {
            titles.insert(argument.title, at: titles.count - 1)
        }
        let sections: [(title: String, elements: [(label: String, help: String)])] =
            [("ARGUMENTS", arguments.filter { $0.kind == .positional }.map { ("<\($0.valueName)>", $0.help) })]
            + titles.map { title in
                (title?.uppercased() ?? "OPTIONS",
                 arguments.filter { $0.kind != .positional && $0.title == title }
                    .map { ($0.label, helpText($0, initial)) }
                    + (title == nil ? [("--version", "Show the version."), ("-h, --help", "Show help information.")]
                                    : []))
            }
            + [("SUBCOMMANDS", subcommands.map { ($0.name, $0.abstract) })]
        let rendered = sections.filter { !$0.elements.isEmpty }.map { section in
            "\(section.title):\n" + section.elements.map(element).joined()
        }
        return wrapped("OVERVIEW: " + overview) + "\n\n"
            + "USAGE: \(usage(commandPath: commandPath, arguments: arguments, hasSubcommands: !subcommands.isEmpty))"
            + "\n\n"
            + rendered.joined(separator: "\n")
            + (subcommands.isEmpty ? "" : "\n  See '\(commandPath) help <subcommand>' for detailed help.")
            + "\n"
    }

    /// The usage line: every argument when there are at most 12, else `[<options>]` and the positional and
    /// required ones (or `<options>` alone when those are none or more than 12).
    static func usage<Values>(commandPath: String, arguments: [ArgumentDeclaration<Values>],
                              hasSubcommands: Bool = false) -> String {
        if hasSubcommands { return "\(commandPath) <subcommand>" }
        guard arguments.count > 12 else {
            return ([commandPath] + arguments.map(synopsis)).joined(separator: " ")
        }
        let kept = arguments.filter { $0.kind == .positional || $0.isRequired }
        guard !kept.isEmpty, kept.count <= 12 else { return "\(commandPath) <options>" }
        return ([commandPath, "[<options>]"] + kept.map(synopsis)).joined(separator: " ")
    }

    /// How the usage line writes one argument: `--id <id>`, `[--seed <seed>]`, `[<files> ...]`, ...
    private static func synopsis<Values>(_ argument: ArgumentDeclaration<Values>) -> String {
        let written = argument.label + (argument.repeats ? " ..." : "")
        return argument.isRequired ? written : "[\(written)]"
    }

    /// An argument's help followed by its values and default, as "(values: a, b; default: a)".
    private static func helpText<Values>(_ argument: ArgumentDeclaration<Values>, _ initial: Values) -> String {
        let values = argument.allValueStrings.joined(separator: ", ")
        let notes = [values.isEmpty ? nil : "values: " + values,
                     argument.defaultDescription(initial).map { "default: \($0)" }].compactMap { $0 }
        return notes.isEmpty ? argument.help : argument.help + " (\(notes.joined(separator: "; ")))"
    }

    /// One entry of a section: the label indented by 2, the help from column 26 (on the next line when the
    /// label reaches it), wrapped.
    private static func element(_ entry: (label: String, help: String)) -> String {
        let label = "  " + entry.label
        let help = wrapped(entry.help, indent: labelColumnWidth)
        return label + (label.count < labelColumnWidth ? String(help.dropFirst(label.count)) : "\n" + help) + "\n"
    }

    /// `text` broken at spaces into lines of at most `screenWidth` columns, each (but an empty one) indented by
    /// `indent`: swift-argument-parser's `wrapped(to:wrappingIndent:)`, which looks at `screenWidth - indent`
    /// characters at a time and keeps every line break among them.
    static func wrapped(_ text: String, indent: Int = 0) -> String {
        let columns = screenWidth - indent
        var lines: [Substring] = []
        var start = text.startIndex
        while true {
            let chunk = text[start...].prefix(columns)
            if let lastBreak = chunk.lastIndex(of: "\n") {
                lines += text[start..<lastBreak].split(separator: "\n", omittingEmptySubsequences: false)
                start = text.index(after: lastBreak)
            } else if chunk.endIndex == text.endIndex {
                lines.append(text[start...])
                break
            } else if let lastSpace = chunk.lastIndex(of: " ") {
                lines.append(text[start..<lastSpace])
                start = text.index(after: lastSpace)
            } else if let nextSpace = text[start...].firstIndex(of: " ") {
                lines.append(text[start..<nextSpace])
                start = text.index(after: nextSpace)
            } else {
                lines.append(text[start...])
                break
            }
        }
        let margin = String(repeating: " ", count: indent)
        return lines.map { $0.isEmpty ? "" : margin + $0 }.joined(separator: "\n")
    }
}
