/// The run settings a caller gives — the command line's flags, or a library user's choices — before they are
/// merged with a command file's and the defaults by `resolved(for:commandFile:defaultTitle:)`.
///
/// Every setting is optional: nil (or false, or empty) means "not given here", so that the command file's value,
/// and failing that the default, applies.
public struct AnalysisSettings: Sendable, Equatable {
    /// `--method`: REML or full ML.
    public var method: EstimationMethod?
    /// `--max-iterations`: the iteration limit of each fit.
    public var maxIterations: Int?
    /// `--tolerance`: the deviance change that ends the iterations.
    public var tolerance: Double?
    /// `--title`: the report's title.
    public var title: String?
    /// `--output`: where the text report goes.
    public var outputPath: String?
    /// `--residuals1`: the level-1 residual file.
    public var level1ResidualPath: String?
    /// `--residuals2`: the level-2 residual file.
    public var level2ResidualPath: String?
    /// `--homvar`: test homogeneity of the level-1 variance.
    public var homogeneityTest = false
    /// `--homvar-min-df`: the residual df a unit needs to enter the homogeneity test (asking for it asks for
    /// the test).
    public var homogeneityMinimumDegreesOfFreedom: Int?
    /// `--test`: Wald tests on the fixed effects, as `FixedEffectHypothesis.parse(_:)` reads them.
    public var hypotheses: [String] = []
    /// `--df satterthwaite`: add Satterthwaite df for the fixed effects.
    public var satterthwaite = false

    /// Settings giving the method, iteration limit or tolerance (nil for "not given"); with nothing given, a run
    /// on them uses the command file's settings and the defaults.
    public init(method: EstimationMethod? = nil, maxIterations: Int? = nil, tolerance: Double? = nil) {
        self.method = method
        self.maxIterations = maxIterations
        self.tolerance = tolerance
    }
}

extension AnalysisSettings {
    /// The settings of a run once merged: the options of each stage, the title and the files to write.
    public struct Resolved: Sendable {
        /// Method, iteration limit and tolerance.
        public var estimation: EstimationOptions
        /// What Inference computes besides what HLM always prints.
        public var inference: InferenceOptions
        /// The report's title.
        public var title: String
        /// Where the text report goes; nil for standard output.
        public var outputPath: String?
        /// The level-1 residual file, if one is written.
        public var level1ResidualPath: String?
        /// The level-2 residual file, if one is written.
        public var level2ResidualPath: String?
        /// The command file's `fulloutput:y`.
        public var fullOutput: Bool

        /// The residual files' paths, those not written left out.
        package var residualPaths: [String] { [level1ResidualPath, level2ResidualPath].compactMap { $0 } }
    }

    /// Merges these settings with `commandFile`'s and the defaults, for a fit of `specification`: a setting
    /// given here wins over the command file's, which wins over the default.
    ///
    /// The defaults: the method is REML for homogeneous sigma^2 (as HLM2) and full ML when sigma^2 is modelled
    /// (as the HLM manual's heterogeneous-sigma^2 example, whose parameter counts include the fixed effects);
    /// 200 iterations; tolerance 1e-8 (the command file's `stopval:` is HLM's relative criterion, a different
    /// one, and is not used); the title `defaultTitle`; no homogeneity test (10 df when asked for). Tests are
    /// the command file's `gammaK:` tests (named `gammaK (command file line L)`) followed by `hypotheses`; the
    /// residual tables are built when a residual file is written.
    ///
    /// - Throws: `InferenceError.invalidHypothesis` for a hypothesis that does not parse.
    public func resolved(for specification: ModelSpecification, commandFile: CommandFile? = nil,
                         defaultTitle: String = "HLM2 analysis") throws -> Resolved {
        let level1Residuals = level1ResidualPath ?? commandFile?.level1ResidualFile
        let level2Residuals = level2ResidualPath ?? commandFile?.level2ResidualFile
        let fileTests = (commandFile?.hypothesisTests ?? []).map { test in
            FixedEffectHypothesis(text: "gamma\(test.number) (command file line \(test.line))",
                                  rows: test.rows.map { .weights($0) })
        }
        let inference = InferenceOptions(
            homogeneityTest: commandFile?.homogeneityTest == true || homogeneityTest
                || homogeneityMinimumDegreesOfFreedom != nil,
            homogeneityMinimumDegreesOfFreedom: homogeneityMinimumDegreesOfFreedom ?? 10,
            hypothesisTests: fileTests + (try hypotheses.map(FixedEffectHypothesis.parse)),
            previousModel: commandFile.flatMap { file in
                file.previousDeviance.flatMap { deviance in
                    file.previousParameters.map { ModelDeviance(deviance: deviance, parameters: $0) }
                }
            },
            satterthwaite: satterthwaite, residuals: level1Residuals != nil || level2Residuals != nil)
        return Resolved(estimation: estimationOptions(for: specification, commandFile: commandFile),
                        inference: inference, title: title ?? commandFile?.title ?? defaultTitle,
                        outputPath: outputPath ?? commandFile?.outputPath,
                        level1ResidualPath: level1Residuals, level2ResidualPath: level2Residuals,
                        fullOutput: commandFile?.fullOutput ?? false)
    }

    /// The estimation part of `resolved(for:commandFile:defaultTitle:)`, which cannot fail.
    func estimationOptions(for specification: ModelSpecification, commandFile: CommandFile?) -> EstimationOptions {
        let fileMethod = commandFile?.fullMaximumLikelihood.map { $0 ? EstimationMethod.fml : .reml }
        var options = EstimationOptions(method: method ?? fileMethod ?? (specification.isHeterogeneous ? .fml : .reml))
        options.maxIterations = maxIterations ?? commandFile?.maxIterations ?? options.maxIterations
        options.tolerance = tolerance ?? options.tolerance
        return options
    }
}

extension VariableCatalog {
    /// The columns to join for `specification`: its level-1 and level-2 variables, and each predictor of
    /// log sigma^2 from the level-1 file when that has it, else from the level-2 file.
    func joinedVariables(for specification: ModelSpecification) -> (level1: [String], level2: [String]) {
        let variance = specification.varianceVariables
        return (specification.level1Variables + variance.filter { level(of: $0) == .level1 },
                specification.level2Variables + variance.filter { level(of: $0) == .level2 })
    }
}
