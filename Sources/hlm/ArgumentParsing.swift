import HLMKit

/// Reads a command's arguments into its values by its declarations, with the usage errors (and their wording)
/// of swift-argument-parser, which `hlm` used before (see `Subcommand`).
enum ArgumentParsing {
    /// Stores each of `arguments` in `values` by the matching declaration: `--name VALUE`, `--name=VALUE`,
    /// `--name` for a flag, and positional values in declaration order (after `--`, every argument is one).
    ///
    /// - Throws: `UsageError` for a missing or invalid value, a value given to a flag or an unexpected positional
    ///   argument (the first, left to right), else a missing required argument, else an unknown option.
    static func parse<Values>(_ arguments: [String], declarations: [ArgumentDeclaration<Values>],
                              into values: inout Values) throws {
        let positionals = declarations.filter { $0.kind == .positional }
        var nextPositional = 0
        var given = Set<String>()
        var index = arguments.startIndex
        var terminated = false
        var unknown: String?
        while index < arguments.endIndex {
            let argument = arguments[index]
            index += 1
            if !terminated && argument == "--" {
                terminated = true
            } else if !terminated && Self.isOptionName(argument) {
                let (name, inline) = split(argument)
                guard argument.hasPrefix("--"),
                      let declaration = declarations.first(where: { $0.kind != .positional && $0.name == name })
                else {
                    unknown = unknown ?? argument
                    continue
                }
                var text = inline
                if declaration.kind == .flag, let inline {
                    throw UsageError("The option '--\(name)' does not take any value, but '\(inline)' was specified.")
                }
                if declaration.kind != .flag && text == nil && index < arguments.endIndex
                    && (declaration.kind == .unconditionalOption || !Self.isOptionName(arguments[index])) {
                    text = arguments[index]
                    index += 1
                }
                if declaration.kind != .flag && text?.isEmpty ?? true {
                    throw UsageError("Missing value for '\(declaration.label)'", argumentHelp: help(declaration))
                }
                try assign(text ?? "", by: declaration, to: &values)
                given.insert(declaration.name)
            } else {
                guard nextPositional < positionals.count else { throw UsageError("Unexpected argument '\(argument)'") }
                let declaration = positionals[nextPositional]
                try assign(argument, by: declaration, to: &values)
                given.insert(declaration.name)
                if !declaration.repeats { nextPositional += 1 }
            }
        }
        if let missing = declarations.first(where: { $0.isRequired && !given.contains($0.name) }) {
            throw UsageError("Missing expected argument '\(missing.label)'", argumentHelp: help(missing))
        }
        if let unknown { throw UsageError(unknownOption(unknown, declarations: declarations)) }
    }

    /// Stores `text` by `declaration`.
    ///
    /// - Throws: `UsageError` when `text` is not one of its values, listing them when they are a fixed list.
    private static func assign<Values>(_ text: String, by declaration: ArgumentDeclaration<Values>,
                                       to values: inout Values) throws {
        guard !declaration.assign(&values, text) else { return }
        var message = "The value '\(text)' is invalid for '\(declaration.label)'"
        let choices = declaration.allValueStrings.map { "'\($0)'" }
        if let last = choices.last {
            let others = choices.dropLast().joined(separator: ", ")
            message += ". Please provide one of "
                + (others.isEmpty ? last : others + (choices.count == 2 ? " and " : " or ") + last) + "."
        }
        throw UsageError(message, argumentHelp: help(declaration))
    }

    /// An option's name (without the dashes) and its value after `=`, if written so.
    /// Whether the text names an option (`--name`, `-x`) rather than being a value; `-` alone is a value (standard
    /// output or input), as in swift-argument-parser.
    private static func isOptionName(_ argument: String) -> Bool {
        argument.hasPrefix("-") && argument.count > 1
    }

    private static func split(_ argument: String) -> (name: String, inline: String?) {
        let body = argument.drop { $0 == "-" }
        guard let equals = body.firstIndex(of: "=") else { return (String(body), nil) }
        return (String(body[..<equals]), String(body[body.index(after: equals)...]))
    }

    /// The `Help:` line's text for an error about `declaration`.
    private static func help<Values>(_ declaration: ArgumentDeclaration<Values>) -> String {
        "\(declaration.label)  \(declaration.help)"
    }

    /// "Unknown option '--x'", with the closest of `declarations`' option names when it is at most two edits away.
    static func unknownOption<Values>(_ argument: String, declarations: [ArgumentDeclaration<Values>]) -> String {
        let option = argument.prefix { $0 != "=" }
        guard option.hasPrefix("--") else { return "Unknown option '\(option)'" }
        let names = declarations.filter { $0.kind != .positional }.map { "--\($0.name)" }
        let closest = names.map { ($0, EditDistance.levenshtein($0, String(option))) }.filter { $0.1 <= 2 }
            .min { $0.1 < $1.1 }
        return "Unknown option '\(option)'" + (closest.map { ". Did you mean '\($0.0)'?" } ?? "")
    }
}
