/// The models of the HLM manual and Raudenbush & Bryk (2002) on the embedded HS&B data, run by
/// `hlm example NAME`.
public struct Example: Sendable {
    /// The name given to `hlm example`.
    public var name: String
    /// One line on what the model is.
    public var summary: String
    /// The equations, level-1 first, in `--model` syntax.
    public var models: [String]
    /// Predictors of log sigma^2 (empty for homogeneous sigma^2).
    public var variancePredictors: [String]

    /// All examples, in the order they are listed.
    public static let all: [Example] = [
        Example(name: "hsb-null", summary: "One-way ANOVA with random effects (Raudenbush & Bryk 2002, table 4.2)",
                models: ["MATHACH = INTRCPT1", "INTRCPT1 = INTRCPT2 + random"], variancePredictors: []),
        Example(name: "hsb-random-coefficient",
                summary: "Random-coefficient model, SES group-mean centred (Raudenbush & Bryk 2002, table 4.4)",
                models: ["MATHACH = INTRCPT1 + group(SES)", "INTRCPT1 = INTRCPT2 + random",
                         "SES = INTRCPT2 + random"], variancePredictors: []),
        Example(name: "hsb-intercepts-slopes-as-outcomes",
                summary: "Intercepts- and slopes-as-outcomes model (Raudenbush & Bryk 2002, table 4.5)",
                models: ["MATHACH = INTRCPT1 + group(SES)", "INTRCPT1 = INTRCPT2 + SECTOR + MEANSES + random",
                         "SES = INTRCPT2 + SECTOR + MEANSES + random"], variancePredictors: []),
        Example(name: "hsb-heterogeneous-sigma2",
                summary: "Heterogeneous level-1 variance by gender, log sigma^2 = alpha0 + alpha1 FEMALE (HLM manual)",
                models: ["MATHACH = INTRCPT1 + FEMALE", "INTRCPT1 = INTRCPT2 + random", "FEMALE = INTRCPT2 + random"],
                variancePredictors: ["FEMALE"]),
    ]

    /// The example called `name`, if any.
    public static func named(_ name: String) -> Example? { all.first { $0.name == name } }

    /// The example's model.
    public func specification() throws -> ModelSpecification {
        try ModelSpecification.parse(models: models, variancePredictors: variancePredictors)
    }

    /// The request that fits this example on the embedded HS&B files (nil if the files are missing
    /// from the bundle). Without `options` the method is full ML for the heterogeneous example, REML otherwise.
    public func request(options: EstimationOptions? = nil) throws -> AnalysisRequest? {
        guard let level1 = ExampleData.url("hsb1.csv"), let level2 = ExampleData.url("hsb2.csv") else { return nil }
        let specification = try specification()
        let method = EstimationMethod.defaultMethod(heterogeneous: specification.isHeterogeneous)
        return AnalysisRequest(level1Path: level1.path, level2Path: level2.path, idColumn: "ID",
                               specification: specification, options: options ?? EstimationOptions(method: method),
                               title: "\(name): \(summary)")
    }
}

extension Example {
    /// Fits the example on the embedded HS&B files, with the inference `inference` asks for; the report
    /// names the files as the embedded data.
    public func run(options: EstimationOptions? = nil,
                    inference: InferenceOptions = InferenceOptions()) throws -> HLMAnalysis {
        guard let request = try request(options: options) else { throw ExampleError.missingData }
        var analysis = try HLMAnalysis.run(request, inference: inference)
        analysis.data.level1File = "hsb1.csv (embedded HS&B data)"
        analysis.data.level2File = "hsb2.csv (embedded HS&B data)"
        return analysis
    }
}

/// The embedded example data could not be found (a broken installation).
public enum ExampleError: HLMError {
    /// hsb1.csv / hsb2.csv are not in the bundle.
    case missingData

    /// An installation problem counts as a data error.
    public var category: ErrorCategory { .data }

    /// The message shown to users.
    public var description: String {
        "the embedded HS&B files (hsb1.csv, hsb2.csv) are missing from the HLMKit resource bundle; "
            + "rebuild the package."
    }
}
