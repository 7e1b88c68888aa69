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
struct InferenceArguments: ArgumentGroup {
    var homvar = false
    var homvarMinDf: Int?
    var test: [String] = []
    var df: DegreesOfFreedomMethod = .hlm
    var residuals1: String?
    var residuals2: String?
    var residuals3: String?

    static var arguments: [ArgumentDeclaration<Self>] {
        let arguments: [ArgumentDeclaration<Self>] = [
            .flag("homvar", \.homvar, help: "Test homogeneity of the level-1 variance across units (HLM's homvar)."),
            .option("homvar-min-df", \.homvarMinDf, valueName: "DF", help:
                "Residual df a unit's own OLS fit needs to enter the homogeneity test (default 10)."),
            .repeated("test", \.test, valueName: "HYPOTHESIS", unconditional: true, help:
                "A Wald test on the fixed effects, rows separated by ';', e.g. \"INTRCPT1/SECTOR = 0; SES/SECTOR = 0\" "
                    + "(repeat for more tests)."),
            .option("df", \.df, valueName: "METHOD", help:
                "hlm (default: HLM's approximate df) or satterthwaite (adds a table with Satterthwaite df, as lmerTest)."),
            .option("residuals1", \.residuals1, valueName: "PATH", help: "Write the level-1 residual file (CSV) to PATH."),
            .option("residuals2", \.residuals2, valueName: "PATH", help: "Write the level-2 residual file (CSV) to PATH."),
            .option("residuals3", \.residuals3, valueName: "PATH", help:
                "Write the level-3 residual file (CSV) to PATH (three-level models)."),
        ]
        return arguments.map { $0.titled("Inference") }
    }

    func validate() throws {
        if let homvarMinDf, homvarMinDf < 1 { throw UsageError("--homvar-min-df must be at least 1.") }
    }
}
