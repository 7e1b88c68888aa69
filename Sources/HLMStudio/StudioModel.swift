import HLMKit

/// A model as the page builds it: the files, the equations as text (`ModelSpecification.parse`'s syntax), the
/// predictors of log sigma^2 and the run settings. The body of `/api/model`, `/api/fit` and `/api/save`.
package struct StudioModel: Codable, Sendable, Equatable {
    /// The level-1 file's name in the working folder.
    package var level1File: String?
    /// The level-2 file's name, or nil for a one-file analysis.
    package var level2File: String?
    /// The ID column linking the files.
    package var id: String?
    /// A three-level model's level-3 file's name, or nil when the level-1 file holds the level-3 variables.
    package var level3File: String?
    /// A three-level model's level-3 ID column (in the level-1 and level-3 files); nil for two levels.
    package var level3ID: String?
    /// The equations, level-1 first: `MATHACH = INTRCPT1 + group(SES)`, `INTRCPT1 = INTRCPT2 + random`; a
    /// three-level model's level-3 equations `INTRCPT1/INTRCPT2 = INTRCPT3 + SECTOR + random` after them.
    package var equations: [String]
    /// The predictors of log sigma^2 (`--sigma2` items).
    package var sigma2: [String]?
    /// Cell texts meaning "missing", besides empty, `NA` and `.`.
    package var missingCodes: [String]?
    /// The run settings.
    package var settings: RunSettings?

    /// The run settings the page offers: those an HLM2 command file can hold, and the outcome's family.
    package struct RunSettings: Codable, Sendable, Equatable {
        /// `reml` or `fml`; nil for the default (REML, full ML when sigma^2 is modelled).
        package var method: EstimationMethod?
        /// The iteration limit; nil for the default.
        package var maxIterations: Int?
        /// The test of homogeneity of the level-1 variance.
        package var homogeneityTest: Bool?
        /// The outcome's distribution; nil for normal.
        package var family: ResponseFamily?
        /// The binomial family's trials column.
        package var trials: String?
        /// The Poisson family's exposure column.
        package var exposure: String?
        /// Over-dispersion of a binomial or Poisson outcome (PQL).
        package var overdispersion: Bool?
        /// `pql`, `laplace` or `agq`; nil for PQL.
        package var estimation: String?
        /// Points per random effect of adaptive quadrature.
        package var quadraturePoints: Int?
        /// The report's title.
        package var title: String?
        /// The level-1 and level-2 design weights' columns (`--weight1`, `--weight2`).
        package var level1Weight: String?, level2Weight: String?
    }

    /// Whether the model has three levels (a level-3 ID is chosen).
    package var isThreeLevel: Bool { !(level3ID ?? "").isEmpty }

    /// The model checked and merged with its settings and the defaults, as `hlm fit` merges them.
    package struct Resolved: Sendable {
        /// The run's settings (`AnalysisSettings.resolved(for:commandFile:defaultTitle:)`).
        package var settings: AnalysisSettings.Resolved
        /// What a command file written for this model holds besides the model.
        package var fileSettings: CommandFile.Settings
    }

    /// Parses the equations and merges the settings.
    ///
    /// - Throws: `StudioError` 422 with HLMKit's message for a model or settings that do not parse or
    ///   contradict each other.
    package func resolved() throws -> Resolved {
        let given = settings ?? RunSettings()
        var file = CommandFile.Settings()
        file.title = given.title.flatMap { $0.isEmpty ? nil : $0 }
        (file.method, file.maxIterations) = (given.method, given.maxIterations)
        file.homogeneityTest = given.homogeneityTest ?? false
        file.quadraturePoints = given.quadraturePoints
        if let estimation = given.estimation {
            guard let kind = GeneralizedEstimation.Kind(rawValue: estimation) else {
                throw StudioError(.unprocessableContent, "unknown estimation \(estimation): use pql, laplace or agq.")
            }
            file.estimation = kind
        }
        file.level1Weight = given.level1Weight.flatMap { $0.isEmpty ? nil : $0 }
        file.level2Weight = given.level2Weight.flatMap { $0.isEmpty ? nil : $0 }
        var analysis = file.analysisSettings
        analysis.family = given.family
        analysis.trialsVariable = given.trials.flatMap { $0.isEmpty ? nil : $0 }
        analysis.exposureVariable = given.exposure.flatMap { $0.isEmpty ? nil : $0 }
        analysis.overdispersion = given.overdispersion ?? false
        if isThreeLevel, let refused = [(analysis.family.map { $0 != .normal } ?? false, "a non-normal outcome"),
                                         (file.estimation != nil, "Laplace or adaptive quadrature"),
                                         (file.level1Weight != nil || file.level2Weight != nil, "design weights"),
                                         (file.homogeneityTest, "the homogeneity test")].first(where: \.0) {
            throw StudioError(.unprocessableContent, "A three-level model does not take \(refused.1): clear it or the level-3 ID.")
        }
        do {
            let specification = try ModelSpecification.parse(models: equations, variancePredictors: sigma2 ?? [],
                                                              threeLevel: isThreeLevel)
            return Resolved(settings: try analysis.resolved(for: specification, commandFile: nil,
                                                            defaultTitle: isThreeLevel ? "HLM3 analysis" : "HLM2 analysis"),
                            fileSettings: file)
        } catch let error as any HLMError {
            throw StudioError(error)
        }
    }
}
