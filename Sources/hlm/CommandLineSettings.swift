import HLMKit

extension AnalysisSettings {
    /// The settings the command line gives, for `resolved(for:commandFile:defaultTitle:)` to merge with a
    /// command file's and the defaults.
    init(estimation: EstimationArguments, inference: InferenceArguments, output: OutputOptions) {
        self.init(method: estimation.method, maxIterations: estimation.maxIterations, tolerance: estimation.tolerance)
        title = output.title
        outputPath = output.output
        level1ResidualPath = inference.residuals1
        level2ResidualPath = inference.residuals2
        homogeneityTest = inference.homvar
        homogeneityMinimumDegreesOfFreedom = inference.homvarMinDf
        hypotheses = inference.test
        satterthwaite = inference.df == .satterthwaite
        self.estimation = estimation.estimation
        quadraturePoints = estimation.quadraturePoints
    }
}

extension AnalysisSettings.Resolved {
    /// The residual files these settings ask for, as (text, path) for `OutputOptions.emit`.
    func residualFiles(_ analysis: HLMAnalysis) -> [(text: String, path: String)] {
        guard let tables = analysis.inference?.residuals else { return [] }
        return [level1ResidualPath.map { (tables.level1.csv(), $0) },
                level2ResidualPath.map { (tables.level2.csv(), $0) }].compactMap { $0 }
    }
}

extension AnalysisSettings.Resolved {
    /// These settings with the residual tables built when `output` writes the HTML report, whose plots read
    /// them (`HTMLReport`); no residual file is written unless one was asked for.
    func withResidualTables(for output: OutputOptions) -> Self {
        var settings = self
        settings.inference.residuals = settings.inference.residuals || output.html != nil
        return settings
    }

    /// A three-level run's residual files: `--residuals1`/`--residuals2` (or the command file's) and `level3Path`
    /// (`--residuals3`), as (path, file text) pairs.
    func threeLevelResidualPaths(level3Path: String?) -> [(path: String, text: KeyPath<ThreeLevelResiduals, String>)] {
        [(level1ResidualPath, \ThreeLevelResiduals.level1), (level2ResidualPath, \ThreeLevelResiduals.level2),
         (level3Path, \ThreeLevelResiduals.level3)].compactMap { path, text in path.map { ($0, text) } }
    }
}

/// The files of `paths` (`threeLevelResidualPaths`) for `analysis`: its residual tables are formatted once, and
/// only when a file is asked for.
func threeLevelResidualFiles(_ analysis: ThreeLevelAnalysis,
                             paths: [(path: String, text: KeyPath<ThreeLevelResiduals, String>)]) -> [(text: String, path: String)] {
    guard !paths.isEmpty else { return [] }
    let residuals = analysis.residuals
    return paths.map { (text: residuals[keyPath: $0.text], path: $0.path) }
}

/// Refuses the options a three-level model (`--id3`, or a three-level example) does not take, so that none is
/// silently ignored: the non-normal families' estimation settings, Wald tests, the homogeneity test,
/// Satterthwaite df and the two-level report's variants, and `others` (the fit command's own
/// two-level options, each with whether it was given).
///
/// - Throws: `CLIError.threeLevelOption` naming the first such option given.
func checkThreeLevel(estimation: EstimationArguments, inference: InferenceArguments, output: OutputOptions,
                     others: [(given: Bool, option: String)] = []) throws {
    let refused = others + [
        (estimation.estimation != nil, "--estimation"), (estimation.quadraturePoints != nil, "--quadrature-points"),
        (!inference.test.isEmpty, "--test"), (inference.homvar || inference.homvarMinDf != nil, "--homvar"),
        (inference.df != .hlm, "--df"), (output.hlmDeviance, "--hlm-deviance"),
        (output.fullOutput, "--full-output"),
    ]
    if let (_, option) = refused.first(where: \.given) { throw CLIError.threeLevelOption(option) }
}
