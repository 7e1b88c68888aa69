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
    /// `--family`: the level-1 outcome's distribution (normal unless given here or by the command file).
    public var family: ResponseFamily?
    /// `--trials`: the level-1 column of each row's number of trials (binomial).
    public var trialsVariable: String?
    /// `--exposure`: the level-1 column of each row's exposure (Poisson; ln exposure is an offset in eta).
    public var exposureVariable: String?
    /// `--overdispersion`: estimate the level-1 scale sigma^2 of a binomial or Poisson outcome under PQL.
    public var overdispersion = false
    /// `--estimation`: how a non-normal outcome is fitted (PQL unless given here or by the command file).
    public var estimation: GeneralizedEstimation.Kind?
    /// `--quadrature-points`: points per random effect of adaptive quadrature
    /// (`GeneralizedEstimation.defaultQuadraturePoints` unless given here or by the command file).
    public var quadraturePoints: Int?
    /// `--plausible-values`: the outcome's plausible values, fitted in turn and combined (Rubin's rules).
    public var plausibleValues: [String] = []
    /// `--imputed`: multiply imputed files (or `glob` patterns), fitted in turn and combined (Rubin's rules).
    public var imputedFiles: [String] = []
    /// `--imputed-level`: whether `imputedFiles` are level-1 (1, the default) or level-2 (2) files.
    public var imputedLevel: Int?
    /// `--weight1`: the level-1 design weight column.
    public var level1Weight: String?
    /// `--weight2`: the level-2 design weight column.
    public var level2Weight: String?
    /// `--weight1-normalisation`: how the level-1 weights are scaled (size unless given here or by the
    /// command file).
    public var level1WeightNormalisation: DesignWeights.Level1Normalisation?

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
        /// A three-level command file's level-3 residual file (`resfil3:y`, `resfil3name:`), if it names one.
        public var level3ResidualPath: String?
        /// The command file's `fulloutput:y`.
        public var fullOutput: Bool
        /// The model with the outcome's family and its columns (`ModelSpecification.withResponse`).
        public var specification: ModelSpecification
        /// The plausible values or imputed files to fit in turn and combine; nil for one fit.
        public var dataSets: CompletedDataSets? = nil
        /// The design weights (none unless given by the caller or the command file).
        public var weights = DesignWeights()

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
    /// A non-normal outcome: the family, trials and exposure columns are these settings' over `specification`'s
    /// (a command file's `nonlin:`), over-dispersion is asked for by either; the estimation is PQL unless given
    /// (`--estimation`, else the command file's `laplace:y` or `agq:y`), see `estimationOptions`.
    ///
    /// Plausible values and imputed files: see `completedDataSets(commandFile:)`.
    ///
    /// - Throws: `InferenceError.invalidHypothesis` for a hypothesis that does not parse;
    ///   `SpecificationError.response` for family and estimation settings that contradict each other;
    ///   `CombinationError` for plausible values or imputed files that cannot be combined.
    public func resolved(for specification: ModelSpecification, commandFile: CommandFile? = nil,
                         defaultTitle: String = "HLM2 analysis") throws -> Resolved {
        let specification = try specification.withResponse(
            family: family ?? specification.family, trials: trialsVariable ?? specification.trialsVariable,
            exposure: exposureVariable ?? specification.exposureVariable,
            overdispersion: overdispersion || specification.overdispersion)
        try checkEstimation(for: specification, commandFile: commandFile)
        let weights = designWeights(commandFile: commandFile)
        try checkDesignWeights(weights, for: specification, commandFile: commandFile)
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
        var estimation = estimationOptions(for: specification, commandFile: commandFile)
        if !weights.isEmpty { estimation.method = .fml }
        var resolved = Resolved(estimation: estimation,
                                inference: inference, title: title ?? commandFile?.title ?? defaultTitle,
                                outputPath: outputPath ?? commandFile?.outputPath,
                                level1ResidualPath: level1Residuals, level2ResidualPath: level2Residuals,
                                fullOutput: commandFile?.fullOutput ?? false, specification: specification,
                                weights: weights)
        resolved.level3ResidualPath = commandFile?.level3ResidualFile
        resolved.dataSets = try completedDataSets(commandFile: commandFile)
        if resolved.dataSets != nil { try resolved.checkCombinable() }
        return resolved
    }

    /// The estimation part of `resolved(for:commandFile:defaultTitle:)`, once `checkEstimation` has passed.
    ///
    /// The method: the caller's, else (Laplace and AGQ maximise the full likelihood) full ML for them, else the
    /// command file's `mlf:`, else REML for homogeneous sigma^2 (for a non-normal outcome: restricted PQL, HLM's
    /// default) and full ML for a modelled one. A command file's `mlf:n` beside `laplace:y` is HLM's default line
    /// and HLM's Laplace is full ML too, so it does not count against Laplace. The iteration limit (of each
    /// linear fit, PQL's micro iterations, or Laplace's and AGQ's optimiser): the caller's, else `numit:`, else
    /// for Laplace the K of `laplace:y,K`, else 200. PQL's macro iterations: `macroit:` (else 100), stopping when
    /// the largest change in the estimates is below `stopmacro:` (else 1e-4, HLM's default).
    func estimationOptions(for specification: ModelSpecification, commandFile: CommandFile?) -> EstimationOptions {
        let generalized = specification.family.isNormal ? GeneralizedEstimation.pql
            : generalizedEstimation(commandFile: commandFile)
        let fileMethod = commandFile?.fullMaximumLikelihood.map { $0 ? EstimationMethod.fml : .reml }
        let likelihoodMethod: EstimationMethod? = generalized.maximisesLikelihood ? .fml : nil
        var options = EstimationOptions(method: method ?? likelihoodMethod ?? fileMethod
                                            ?? (specification.isHeterogeneous ? .fml : .reml))
        let laplaceIterations = generalized == .laplace ? commandFile?.laplace?.iterations : nil
        options.maxIterations = maxIterations ?? commandFile?.maxIterations ?? laplaceIterations
            ?? options.maxIterations
        options.tolerance = tolerance ?? options.tolerance
        if !specification.family.isNormal, generalized == .pql {
            options.maxMacroIterations = commandFile?.macroIterations ?? options.maxMacroIterations
            options.macroTolerance = commandFile?.stopMacro ?? options.macroTolerance
        }
        options.generalized = generalized
        return options
    }

    /// The estimation of a non-normal outcome: `estimation` (with `quadraturePoints`), else the command file's
    /// `laplace:y` or `agq:y,K` (with `quadraturePoints` over its K), else PQL.
    private func generalizedEstimation(commandFile: CommandFile?) -> GeneralizedEstimation {
        let fileKind: GeneralizedEstimation.Kind? = commandFile?.laplace != nil ? .laplace
            : commandFile?.adaptiveQuadrature != nil ? .agq : nil
        return GeneralizedEstimation(estimation ?? fileKind ?? .pql,
                                     points: quadraturePoints ?? commandFile?.adaptiveQuadrature?.points)
    }

    /// Refuses estimation settings that contradict the family or each other: an estimation for the normal
    /// family, quadrature points without AGQ or outside 1...`GeneralizedEstimation.largestQuadratureRule`, REML
    /// or over-dispersion with Laplace or AGQ.
    ///
    /// - Throws: `SpecificationError.response`.
    private func checkEstimation(for specification: ModelSpecification, commandFile: CommandFile?) throws {
        if let problem = estimationProblem(for: specification, commandFile: commandFile) {
            throw SpecificationError.response(problem)
        }
    }

    /// The first contradiction `checkEstimation` refuses, if any.
    private func estimationProblem(for specification: ModelSpecification,
                                   commandFile: CommandFile?) -> ResponseSettingProblem? {
        let fileKind = commandFile?.laplace != nil ? "laplace" : commandFile?.adaptiveQuadrature != nil ? "agq" : nil
        if specification.family.isNormal {
            if let asked = estimation?.rawValue ?? fileKind { return .estimationWithNormalFamily(estimation: asked) }
            return quadraturePoints == nil ? nil : .quadraturePointsWithout(estimation: nil)
        }
        if satterthwaite { return .normalModelStatistic(option: "--df satterthwaite", family: specification.family) }
        if homogeneityTest || homogeneityMinimumDegreesOfFreedom != nil || commandFile?.homogeneityTest == true {
            return .normalModelStatistic(option: "--homvar (homvar:y)", family: specification.family)
        }
        let generalized = generalizedEstimation(commandFile: commandFile)
        let isQuadrature = generalized.maximisesLikelihood && generalized != .laplace
        if quadraturePoints != nil, !isQuadrature { return .quadraturePointsWithout(estimation: generalized.name) }
        if let points = generalized.quadraturePoints, isQuadrature,
           !(1...GeneralizedEstimation.largestQuadratureRule).contains(points) {
            return .quadraturePointsOutOfRange(points, largest: GeneralizedEstimation.largestQuadratureRule,
                                               defaultPoints: GeneralizedEstimation.defaultQuadraturePoints)
        }
        guard generalized.maximisesLikelihood else { return nil }
        if method == .reml { return .restrictedLikelihood(estimation: generalized.name) }
        return specification.overdispersion ? .overdispersionWithLikelihood(estimation: generalized.name) : nil
    }
}

extension VariableCatalog {
    /// The columns to join for `specification`: its level-1 and level-2 variables, the trials or exposure
    /// column (so that a row missing one is excluded like a row missing a predictor), and each predictor of
    /// log sigma^2 from the level-1 file when that has it, else from the level-2 file.
    func joinedVariables(for specification: ModelSpecification) -> (level1: [String], level2: [String]) {
        let variance = specification.varianceVariables
        return (specification.level1Variables + specification.responseVariables
                    + variance.filter { level(of: $0) == .level1 },
                specification.level2Variables + variance.filter { level(of: $0) == .level2 })
    }
}
