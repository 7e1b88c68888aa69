import ArgumentParser
import HLMKit

/// `hlm compare A.json B.json`: the likelihood-ratio test of two saved fits.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Likelihood-ratio test of two models saved with `hlm fit --json` (same data and method).",
        discussion: """
        REML fits are compared only when their fixed effects are the same; refit with --method fml to compare \
        different fixed parts.
        """
    )

    @Argument(help: "The first fit's JSON.")
    var first: String

    @Argument(help: "The second fit's JSON.")
    var second: String

    func run() throws {
        try reportingErrors {
            let comparison = try ModelComparison.compare(firstPath: first, secondPath: second)
            try StandardOutput.write(TextReport.render(comparison))
        }
    }
}
