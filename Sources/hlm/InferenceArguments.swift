import ArgumentParser
import HLMKit

/// The inference options of `hlm fit`: the homogeneity test and hypothesis tests.
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

    func validate() throws {
        if let homvarMinDf, homvarMinDf < 1 { throw ValidationError("--homvar-min-df must be at least 1.") }
    }

    /// The options these arguments ask for, added to `base` (a command file's).
    func options(base: InferenceOptions) throws -> InferenceOptions {
        var options = base
        options.homogeneityTest = base.homogeneityTest || homvar || homvarMinDf != nil
        options.homogeneityMinimumDegreesOfFreedom = homvarMinDf ?? base.homogeneityMinimumDegreesOfFreedom
        options.hypothesisTests = base.hypothesisTests + (try test.map(FixedEffectHypothesis.parse))
        return options
    }
}
