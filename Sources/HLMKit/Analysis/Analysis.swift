/// The whole pipeline, read -> join -> specify -> design -> fit -> infer, as one call.
extension HLMAnalysis {
    /// Runs `request`: reads both files, checks the model's variables against their columns, joins the
    /// levels with listwise deletion, builds the design, fits it and computes the inference `inference` asks
    /// for besides what HLM always prints.
    ///
    /// Variance predictors are taken from the level-1 file when it has the variable, else from the level-2
    /// file. Throws the first `HLMError` met (data, specification, design, estimation or inference), or
    /// `CancellationError` when the task running it is cancelled during the fit (the optimisers check at every
    /// iteration; reading and joining the files run to their end).
    public static func run(_ request: AnalysisRequest, inference: InferenceOptions = InferenceOptions()) throws
        -> HLMAnalysis {
        // The model's columns are parsed in the pass that scans each file.
        var options = request.readOptions
        options.prefetch = request.prefetch
        return try run(request, inference: inference) {
            (try readDataTable(path: request.level1Path, options: options),
             try request.level2Path.map { try readDataTable(path: $0, options: options) })
        }
    }

    /// `run(_:inference:)` on tables already read (the embedded examples): the request's paths are not
    /// opened; `level1` and `level2` stand for them.
    public static func run(_ request: AnalysisRequest, level1: CSVTable, level2: CSVTable?,
                           inference: InferenceOptions = InferenceOptions()) throws -> HLMAnalysis {
        try run(request, inference: inference) { (level1, level2) }
    }

    /// The pipeline on the tables `read` gives. They live only inside the closure that joins them, so that
    /// their bytes (as large as the files) and the columns they parsed are freed once the data are joined
    /// rather than held to the end.
    private static func run(_ request: AnalysisRequest, inference: InferenceOptions,
                            read: () throws -> (any DataTable, (any DataTable)?)) throws -> HLMAnalysis {
        // A three-level model (an HLM3 command file's level3: lines, a three-level example) is
        // ThreeLevelAnalysis's, never fitted as two levels, whichever entry point is called.
        guard !request.specification.isThreeLevel else { throw SpecificationError.model(.level3IDMismatch(hasLevel3ID: false)) }
        let specification = request.specification
        let (joined, oneFile) = try { () throws -> (MultilevelData, Bool) in
            let (level1, level2) = try read()
            let catalog = VariableCatalog(level1: level1, level2: level2, idColumn: request.idColumn)
            try specification.validate(level1Columns: catalog.level1Names, level2Columns: catalog.level2Names,
                                       idColumn: request.idColumn)
            if !request.weights.isEmpty {
                // The settings refuse these too; a library caller may build the request by hand.
                if !specification.family.isNormal {
                    throw SpecificationError.response(.designWeightsWithFamily(specification.family))
                }
                if request.options.method == .reml { throw SpecificationError.response(.restrictedWithDesignWeights) }
            }
            let variables = catalog.joinedVariables(for: specification)
            let joined = try MultilevelData.join(
                level1: level1, level2: level2, idColumn: request.idColumn,
                level1Variables: variables.level1 + [request.weights.level1Column].compactMap { $0 },
                level2Variables: variables.level2 + [request.weights.level2Column].compactMap { $0 },
                missingCodes: request.missingCodes, dropUnmatched: request.dropUnmatched)
            return (joined, level2 == nil)
        }()
        let weighted = request.weights.isEmpty ? nil : try joined.applyingDesignWeights(request.weights)
        let data = weighted?.data ?? joined
        var design = try ModelDesign.build(data: data, specification: specification)
        if let weighted {
            design.level1 = design.level1.designWeighted(level1: weighted.level1, level2: weighted.level2,
                                                         over: design.grouping)
        }
        let fitted = try Estimator.fit(design, options: request.options)
        let tables = try Inference.compute(fitted, data: data, options: inference)
        let homogeneous = try fitted.homogeneous.map { try Inference.compute($0, data: data, options: InferenceOptions()) }
        var analysis = HLMAnalysis(title: request.title, specification: specification, data: data.summary,
                                   options: request.options, fit: tables.fit, homogeneousFit: homogeneous?.fit)
        analysis.inference = tables.inference
        analysis.homogeneousInference = homogeneous?.inference
        analysis.weights = weighted?.summary
        analysis.dataFingerprint = DataFingerprint(data, outcome: specification.level1.outcome.uppercased())
        if oneFile {
            analysis.fit.warnings += unitConstantWarnings(data, specification: specification)
        }
        return analysis
    }

    /// One warning per level-1 predictor that is constant within every unit, in a one-file analysis: its
    /// coefficient is tested with the level-1 df N - p, where HLM (with the variable in the level-2 file) and
    /// lmerTest's Satterthwaite df give about the number of units.
    private static func unitConstantWarnings(_ data: MultilevelData, specification: ModelSpecification) -> [String] {
        let predictors = specification.level1.predictors.filter { $0.centering != .group }.map(\.name)
        return data.unitConstantLevel1Variables(predictors).map { name in
            "\(name) is constant within every unit, so it describes the units: in the level-1 equation its "
                + "coefficient is tested with the level-1 df (N - p), which overstates the evidence. Move it to "
                + "the level-2 equation for INTRCPT1 (df J - S - 1, as HLM; lmerTest's Satterthwaite df are "
                + "close to that)."
        }
    }
}
