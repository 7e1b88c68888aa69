/// A command of `hlm` (`fit`, `example`, ...): its name and help, its arguments, and what it does.
///
/// `hlm` reads its arguments with this small table-driven parser (`ArgumentDeclaration`, `ArgumentParsing`,
/// `HelpText`) instead of swift-argument-parser, which hlm-studio still uses. Measured (callgrind, static
/// release build): swift-argument-parser took 16.8 M of the 78 M instructions of `hlm example
/// hsb-heterogeneous-sigma2` and 5.5 M of the 6 M of `hlm --version`, nearly all of it the first-time cost of its
/// reflection (Mirror over every option group, three passes, instantiating each generic option type's metadata
/// from its mangled name, scanning the static binary's protocol-conformance records), paid on every start of a
/// process that runs 5-20 ms (docs/SPEED.md). The declarations here are the same contract: the flags, defaults,
/// help layout and usage errors (exit status 64) are swift-argument-parser's.
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
