import HLMKit

/// The models of the HLM manual and Raudenbush & Bryk (2002) on embedded data, run by `hlm example NAME`.
///
/// An example is one entry of `all`; a new data set is one more generated file (`ExampleData`).
public struct Example: Sendable {
    /// The name given to `hlm example`.
    public var name: String
    /// One line on what the model is.
    public var summary: String
    /// The data the model is fitted on.
    public var data: ExampleData
    /// The equations, level-1 first, in `--model` syntax.
    public var models: [String]
    /// Predictors of log sigma^2 (empty for homogeneous sigma^2).
    public var variancePredictors: [String] = []
    /// The outcome's distribution (normal unless a non-normal family is named).
    public var family: ResponseFamily = .normal
    /// How a non-normal outcome is fitted (nil: PQL, HLM's default).
    public var estimation: GeneralizedEstimation.Kind?
    /// Points per random effect of adaptive quadrature (nil: the default).
    public var quadraturePoints: Int?
    /// The outcome's plausible values, the level-1 outcome first: fitted in turn and combined by Rubin's rules
    /// (`runCombined(_:)`); empty for a single fit.
    public var plausibleValues: [String] = []
    /// The level-1 and level-2 design weight columns (nil: unweighted).
    public var level1Weight: String?, level2Weight: String?

    /// All examples, in the order they are listed.
    public static let all: [Example] = [
        Example(name: "hsb-null", summary: "One-way ANOVA with random effects (Raudenbush & Bryk 2002, table 4.2)",
                data: .hsb, models: ["MATHACH = INTRCPT1", "INTRCPT1 = INTRCPT2 + random"]),
        Example(name: "hsb-random-coefficient",
                summary: "Random-coefficient model, SES group-mean centred (Raudenbush & Bryk 2002, table 4.4)",
                data: .hsb, models: ["MATHACH = INTRCPT1 + group(SES)", "INTRCPT1 = INTRCPT2 + random",
                                     "SES = INTRCPT2 + random"]),
        Example(name: "hsb-intercepts-slopes-as-outcomes",
                summary: "Intercepts- and slopes-as-outcomes model (Raudenbush & Bryk 2002, table 4.5)",
                data: .hsb, models: ["MATHACH = INTRCPT1 + group(SES)",
                                     "INTRCPT1 = INTRCPT2 + SECTOR + MEANSES + random",
                                     "SES = INTRCPT2 + SECTOR + MEANSES + random"]),
        Example(name: "hsb-heterogeneous-sigma2",
                summary: "Heterogeneous level-1 variance by gender, log sigma^2 = alpha0 + alpha1 FEMALE (HLM manual)",
                data: .hsb,
                models: ["MATHACH = INTRCPT1 + FEMALE", "INTRCPT1 = INTRCPT2 + random", "FEMALE = INTRCPT2 + random"],
                variancePredictors: ["FEMALE"]),
        Example(name: "egsingle-growth",
                summary: "Unconditional linear growth, occasions in children in schools (HLM3; EG data, R&B ch. 8)",
                data: .egsingle, models: ["MATH = INTRCPT1 + YEAR", "YEAR = INTRCPT2 + random",
                                          "YEAR/INTRCPT2 = INTRCPT3 + random"]),
        Example(name: "contraception",
                summary: "Contraceptive use (Bernoulli, logit), random intercept by district: PQL, as HLM",
                data: .contraception, models: contraceptionModels, family: .bernoulli),
        Example(name: "contraception-laplace",
                summary: "Contraceptive use (Bernoulli): the Laplace approximation (glmer nAGQ = 1)",
                data: .contraception, models: contraceptionModels, family: .bernoulli, estimation: .laplace),
        Example(name: "contraception-agq",
                summary: "Contraceptive use (Bernoulli): adaptive quadrature, 25 points (glmer nAGQ = 25)",
                data: .contraception, models: contraceptionModels, family: .bernoulli, estimation: .agq,
                quadraturePoints: 25),
        Example(name: "survey-plausible-values",
                summary: "Five plausible values and design weights (simulated survey), Rubin's rules (data/README.md)",
                data: .survey,
                models: ["PV1 = INTRCPT1 + X + G", "INTRCPT1 = INTRCPT2 + W + random", "X = INTRCPT2 + random"],
                plausibleValues: ["PV1", "PV2", "PV3", "PV4", "PV5"], level1Weight: "WEIGHT1", level2Weight: "WEIGHT2"),
    ]

    /// mlmRev's Contraception model: use by urban residence, centred age and living children, with a random
    /// intercept by district (the HGLM issue's reference fits).
    private static let contraceptionModels = ["USE = INTRCPT1 + URBAN + AGE + LIV", "INTRCPT1 = INTRCPT2 + random"]

    /// The example called `name`, if any.
    public static func named(_ name: String) -> Example? { all.first { $0.name == name } }

    /// The example's model.
    public func specification() throws -> ModelSpecification {
        try ModelSpecification.parse(models: models, variancePredictors: variancePredictors,
                                     threeLevel: data.level3IDColumn != nil)
    }

    /// Whether the example is a three-level model (`runThreeLevel(_:)` fits it).
    public var isThreeLevel: Bool { data.level3IDColumn != nil }
}

extension Example {
    /// `settings` resolved for this example (`AnalysisSettings.resolved(for:commandFile:defaultTitle:)`), with
    /// the title `NAME: SUMMARY` unless `settings` gives one, and the example's family, estimation and
    /// quadrature points where `settings` gives none (its quadrature points only for its own estimation).
    public func resolved(_ settings: AnalysisSettings = AnalysisSettings()) throws -> AnalysisSettings.Resolved {
        var merged = settings
        merged.family = settings.family ?? family
        merged.estimation = settings.estimation ?? estimation
        if merged.estimation == estimation {
            merged.quadraturePoints = settings.quadraturePoints ?? quadraturePoints
        }
        merged.level1Weight = settings.level1Weight ?? level1Weight
        merged.level2Weight = settings.level2Weight ?? level2Weight
        return try merged.resolved(for: specification(), defaultTitle: "\(name): \(summary)")
    }

    /// Fits the example on its embedded data with `settings`' estimation and inference options and title. The
    /// files are read from memory under their names, so messages name them (`hsb1.csv`); the report names them
    /// as the embedded data.
    public func run(_ settings: AnalysisSettings.Resolved) throws -> HLMAnalysis {
        var request = AnalysisRequest(level1Path: data.level1File, level2Path: data.level2File,
                                      idColumn: data.idColumn, specification: settings.specification,
                                      options: settings.estimation, title: settings.title)
        request.weights = settings.weights
        var analysis = try HLMAnalysis.run(request, level1: try data.table(data.level1File),
                                           level2: try data.level2File.map(data.table), inference: settings.inference)
        analysis.data.level1File = "\(data.level1File) (embedded \(data.name) data)"
        analysis.data.level2File = data.level2File.map { "\($0) (embedded \(data.name) data)" }
        return analysis
    }

    /// Fits a three-level example (`isThreeLevel`) on its embedded data with `settings`' estimation options and
    /// title.
    public func runThreeLevel(_ settings: AnalysisSettings.Resolved) throws -> ThreeLevelAnalysis {
        var request = AnalysisRequest(level1Path: data.level1File, level2Path: data.level2File,
                                      idColumn: data.idColumn, specification: settings.specification,
                                      options: settings.estimation, title: settings.title)
        request.level3Path = data.level3File
        request.level3IDColumn = data.level3IDColumn
        var analysis = try ThreeLevelAnalysis.run(request, level1: data.table(data.level1File),
                                                  level2: data.level2File.map(data.table),
                                                  level3: data.level3File.map(data.table))
        analysis.data.level1File = "\(data.level1File) (embedded \(data.name) data)"
        analysis.data.level2File = data.level2File.map { "\($0) (embedded \(data.name) data)" }
        analysis.data.level3File = data.level3File.map { "\($0) (embedded \(data.name) data)" }
        return analysis
    }

    /// Fits the example with `settings` merged with the defaults (`resolved(_:)`): without settings, full ML
    /// for the heterogeneous example, REML otherwise.
    public func run(_ settings: AnalysisSettings = AnalysisSettings()) throws -> HLMAnalysis {
        try run(resolved(settings))
    }
}
