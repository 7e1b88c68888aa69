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
    }
}
