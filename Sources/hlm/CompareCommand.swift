import HLMKit

/// `hlm compare A.json B.json`: the likelihood-ratio test of two saved fits.
struct CompareCommand: Subcommand {
    static let name = "compare"
    static let abstract =
        "Likelihood-ratio test of two models saved with `hlm fit --json` (same data and method)."
    static let discussion = """
        The two fits must share the data (checked by the fingerprints saved in the JSON, not by file names) and \
        the method, and differ in their number of parameters; REML fits are compared only when their fixed parts \
        are the same as fitted (predictors and centering); refit with --method fml to compare different fixed \
        parts. A negative chi-square is refused; a fit that did not converge is named in a warning.
        """

    var first = ""
    var second = ""

    static var arguments: [ArgumentDeclaration<Self>] {
        [
            .positional("first", \.first, help: "The first fit's JSON."),
            .positional("second", \.second, help: "The second fit's JSON."),
        ]
    }

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
