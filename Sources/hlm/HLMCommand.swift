import HLMKit
import HLMPlatform

/// `hlm`: two-level hierarchical linear models, as HLM2 fits them.
@main
enum HLMCommand {
    /// The release this build is, printed by `hlm --version`; the README's `.package(url:from:)` line names it.
    static let version = "0.1.0"

    static let abstract = "Two-level hierarchical linear models (HLM2), with heterogeneous level-1 variance."

    static let discussion = """
        Exit status: 0 success (warnings are printed), 64 usage error, 65 data or model error, \
        70 numerical failure.
        """

    /// The commands, in the order `hlm --help` lists them.
    static var subcommands: [any Subcommand.Type] {
        [FitCommand.self, ExampleCommand.self, SimulateCommand.self, CompareCommand.self]
    }

    static func main() {
        ProcessExit.exit(run(Array(CommandLine.arguments.dropFirst())))
    }

    /// Runs `hlm arguments...`: a command, `help [COMMAND]`, `--help` or `--version`.
    ///
    /// - Returns: the exit status.
    static func run(_ arguments: [String]) -> Int32 {
        let command = arguments.first.flatMap { name in subcommands.first { $0.name == name } }
        if let command { return command.main(Array(arguments.dropFirst())) }
        if arguments.first == "help" {
            let named = arguments.dropFirst().first.flatMap { name in subcommands.first { $0.name == name } }
            return show(named?.helpText ?? helpText)
        }
        let options = arguments.prefix { $0 != "--" }
        if arguments.isEmpty || options.contains("-h") || options.contains("--help") { return show(helpText) }
        if options.contains("--version") { return show(version + "\n") }
        let first = arguments[0]
        let message = first.hasPrefix("-") && first.count > 1 && first != "--"
            ? "Unknown option '\(first.prefix { $0 != "=" })'" : "Unexpected argument '\(first)'"
        return fail(UsageError(message), usage: "hlm <subcommand>", commandPath: "hlm")
    }

    /// `hlm --help`.
    static var helpText: String {
        HelpText.render(commandPath: "hlm", abstract: abstract, discussion: discussion,
                        arguments: [ArgumentDeclaration<Empty>](), initial: Empty(),
                        subcommands: subcommands.map { ($0.name, $0.abstract) })
    }

    /// Writes `text` to standard output.
    ///
    /// - Returns: 0, or the data error's status when standard output cannot be written (the error printed).
    static func show(_ text: String) -> Int32 {
        do {
            try StandardOutput.write(text)
            return 0
        } catch let error as HLMError {
            writeToStandardError("error: \(error.description)\n")
            return error.category.exitStatus
        } catch {
            writeToStandardError("error: \(error)\n")
            return ErrorCategory.data.exitStatus
        }
    }

    /// Prints `error` with the command's usage line, as swift-argument-parser did.
    ///
    /// - Returns: 64, the usage error's status.
    static func fail(_ error: UsageError, usage: String, commandPath: String) -> Int32 {
        writeToStandardError("Error: \(error.message)\n" + (error.argumentHelp.map { "Help:  \($0)\n" } ?? "")
                             + "Usage: \(usage)\n  See '\(commandPath) --help' for more information.\n")
        return ErrorCategory.usage.exitStatus
    }

    /// The values of a command without arguments (the root command).
    struct Empty {}
}
