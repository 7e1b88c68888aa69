import ArgumentParser
import HLMKit

/// `hlm`: two-level hierarchical linear models, as HLM2 fits them.
@main
struct HLMCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hlm",
        abstract: "Two-level hierarchical linear models (HLM2), with heterogeneous level-1 variance.",
        discussion: """
        Exit status: 0 success (warnings are printed), 64 usage error, 65 data or model error, \
        70 numerical failure.
        """,
        version: version,
        subcommands: [FitCommand.self, ExampleCommand.self, SimulateCommand.self, CompareCommand.self]
    )

    /// The release this build is, printed by `hlm --version`; the README's `.package(url:from:)` line names it.
    static let version = "0.1.0"
}
