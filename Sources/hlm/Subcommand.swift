/// A command of `hlm` (`fit`, `example`, ...): its name and help, its arguments, and what it does.
///
/// `hlm` reads its arguments with this small table-driven parser (`ArgumentDeclaration`, `ArgumentParsing`,
/// `HelpText`) instead of the well-kept swift-argument-parser, because of what that costs at every start.
/// Measured with callgrind on the static release build (docs/SPEED.md, "Start-up: argument parsing"): with
/// swift-argument-parser `hlm example hsb-heterogeneous-sigma2` took 78.3 M instructions and `hlm --version`
/// 6.0 M, with this parser 62.4 M and 0.14 M. Nearly all of the difference was the first-time cost of its
/// reflection (Mirror over every option group, three passes, each generic option type's metadata instantiated
/// from its mangled name, the static binary's protocol-conformance records scanned), paid by a process that
/// runs 5-20 ms. The contract is unchanged: the flags, defaults, help layout and usage errors (exit status 64)
/// are swift-argument-parser's (the help texts are snapshots of its output, `ArgumentParsingTests`).
protocol Subcommand: ArgumentGroup {
    /// The name after `hlm`.
    static var name: String { get }
    /// One line for `hlm --help` and the top of the command's help.
    static var abstract: String { get }
    /// The rest of the command's help (examples, syntax), wrapped to 80 columns.
    static var discussion: String { get }

    /// Does the command's work.
    func run() throws
}

extension Subcommand {
    /// The command's `--help` text.
    static var helpText: String {
        HelpText.render(commandPath: "hlm \(name)", abstract: abstract, discussion: discussion, arguments: arguments,
                        initial: Self())
    }

    /// Runs the command with `arguments` (those after its name): its help or the version when asked for,
    /// else parses, validates and runs it, printing a usage error with the usage line.
    ///
    /// - Returns: the exit status: 0, 64 for a usage error, or the status an error in `run()` chose.
    static func main(_ arguments: [String]) -> Int32 {
        let options = arguments.prefix { $0 != "--" }
        if options.contains("-h") || options.contains("--help") { return HLMCommand.show(helpText) }
        if options.contains("--version") { return HLMCommand.show(HLMCommand.version + "\n") }
        do {
            var command = Self()
            try ArgumentParsing.parse(arguments, declarations: Self.arguments, into: &command)
            try command.validate()
            try command.run()
            return 0
        } catch let error as UsageError {
            return HLMCommand.fail(error, usage: HelpText.usage(commandPath: "hlm \(name)", arguments: Self.arguments),
                                   commandPath: "hlm \(name)")
        } catch let exit as ExitStatus {
            return exit.status
        } catch {
            writeToStandardError("Error: \(error)\n")
            return 1
        }
    }
}
