import ArgumentParser
import HLMKit

/// How the fixed effects' df are computed besides HLM's.
enum DegreesOfFreedomMethod: String, CaseInsensitiveArgument, CaseIterable {
    /// HLM's approximate df only.
    case hlm
    /// Also Satterthwaite df (lmerTest's method).
    case satterthwaite
}

/// The inference options of `hlm fit` and `hlm example`: the homogeneity test, hypothesis tests, df and
/// residual files.
struct InferenceArguments: ParsableArguments {
    @Flag(name: .long, help: "Test homogeneity of the level-1 variance across units (HLM's homvar).")
    var homvar = false

    @Option(name: .long, help: ArgumentHelp(
        "Residual df a unit's own OLS fit needs to enter the homogeneity test (default 10).", valueName: "DF"))
    var homvarMinDf: Int?

    @Option(name: .long, parsing: .unconditionalSingleValue, help: ArgumentHelp(
        "A Wald test on the fixed effects, rows separated by ';', e.g. \"INTRCPT1/SECTOR = 0; SES/SECTOR = 0\" "
            + "(repeat for more tests).", valueName: "HYPOTHESIS"))
    var test: [String] = []

    @Option(name: .long, help: ArgumentHelp(
        "hlm (default: HLM's approximate df) or satterthwaite (adds a table with Satterthwaite df, as lmerTest).",
        valueName: "METHOD"))
    var df: DegreesOfFreedomMethod = .hlm

    @Option(name: .long, help: ArgumentHelp("Write the level-1 residual file (CSV) to PATH.", valueName: "PATH"))
    var residuals1: String?

    @Option(name: .long, help: ArgumentHelp("Write the level-2 residual file (CSV) to PATH.", valueName: "PATH"))
    var residuals2: String?

    @Option(name: .long, help: ArgumentHelp("Write the level-3 residual file (CSV) to PATH (three-level models).",
                                            valueName: "PATH"))
    var residuals3: String?

    func validate() throws {
        if let homvarMinDf, homvarMinDf < 1 { throw ValidationError("--homvar-min-df must be at least 1.") }
    }
}
