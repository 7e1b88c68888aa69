import ArgumentParser
import HLMKit

/// `hlm compare A.json B.json`: the likelihood-ratio test of two saved fits.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Likelihood-ratio test of two models saved with `hlm fit --json` (same data and method).",
        discussion: """
        The two fits must share the data (checked by the fingerprints saved in the JSON, not by file names) and \
        the method, and differ in their number of parameters; REML fits are compared only when their fixed parts \
        are the same as fitted (predictors and centering); refit with --method fml to compare different fixed \
        parts. A negative chi-square is refused; a fit that did not converge is named in a warning.
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
            for warning in comparison.warnings {
                writeToStandardError("warning: \(warning)\n")
            }
        }
    }
}
