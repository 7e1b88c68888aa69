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
}
