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
    /// A three-level run's residual files: `--residuals1`/`--residuals2` (or the command file's) and `level3Path`
    /// (`--residuals3`), as (path, file text) pairs.
    func threeLevelResidualPaths(level3Path: String?) -> [(path: String, text: KeyPath<ThreeLevelResiduals, String>)] {
        [(level1ResidualPath, \ThreeLevelResiduals.level1), (level2ResidualPath, \ThreeLevelResiduals.level2),
         (level3Path, \ThreeLevelResiduals.level3)].compactMap { path, text in path.map { ($0, text) } }
    }
}
