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

}

extension Example {
    /// Fits the example on the embedded HS&B files (`ExampleData`), with the inference `inference` asks for.
    /// Without `options` the method is full ML for the heterogeneous example, REML otherwise. The files are
    /// read from memory under their names, so messages name them `hsb1.csv` and `hsb2.csv`; the report names
    /// them as the embedded data.
    public func run(options: EstimationOptions? = nil,
                    inference: InferenceOptions = InferenceOptions()) throws -> HLMAnalysis {
        let specification = try specification()
        let method = EstimationMethod.defaultMethod(heterogeneous: specification.isHeterogeneous)
        let request = AnalysisRequest(level1Path: "hsb1.csv", level2Path: "hsb2.csv", idColumn: "ID",
                                      specification: specification,
                                      options: options ?? EstimationOptions(method: method),
                                      title: "\(name): \(summary)")
        let tables = try ["hsb1.csv", "hsb2.csv"].map { name in
            try CSVTable(bytes: Array((ExampleData.text(name) ?? "").utf8), source: name)
        }
        var analysis = try HLMAnalysis.run(request, level1: tables[0], level2: tables[1], inference: inference)
        analysis.data.level1File = "hsb1.csv (embedded HS&B data)"
        analysis.data.level2File = "hsb2.csv (embedded HS&B data)"
        return analysis
    }
}
