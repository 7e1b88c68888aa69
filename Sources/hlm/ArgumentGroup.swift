/// Arguments declared together and stored in one value: a command's own (`Subcommand`), or an option group that
/// commands share (`EstimationArguments`, `InferenceArguments`, ...), included with `group(_:)`.
protocol ArgumentGroup {
    /// The values before any argument is read: each option's default.
    init()

    /// The arguments, in the order `--help` lists them.
    static var arguments: [ArgumentDeclaration<Self>] { get }

    /// Checks the values read together (ranges, combinations), after every argument is read.
    ///
    /// - Throws: `UsageError` saying what is wrong.
    func validate() throws
}

extension ArgumentGroup {
    func validate() throws {}

    /// The arguments of the group `Group`, which this one keeps at `path`.
    static func group<Group: ArgumentGroup>(_ path: WritableKeyPath<Self, Group>) -> [ArgumentDeclaration<Self>] {
        Group.arguments.map { $0.lifted(into: path) }
    }
}

/// A usage error: printed with the command's usage and exit status 64 (`ErrorCategory.usage`).
struct UsageError: Error {
    /// What is wrong, as one sentence.
    let message: String
    /// The argument's label and help (`Help:  --id <id>  The ID column ...`), for errors about one argument.
    var argumentHelp: String? = nil

    init(_ message: String, argumentHelp: String? = nil) {
        self.message = message
        self.argumentHelp = argumentHelp
    }
}

/// Ends the command with `status` once its message was printed (`reportingErrors`).
struct ExitStatus: Error {
    /// The process's exit status.
    let status: Int32
}
