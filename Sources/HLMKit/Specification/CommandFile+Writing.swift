/// A model and its run settings written back as an HLM2 batch command file (hlm-studio's "save model").
extension CommandFile {
    /// The run settings a command file holds besides the model: what `text(for:settings:)` writes, each nil
    /// (or false) for "not given", as in `AnalysisSettings`.
    package struct Settings: Sendable, Equatable {
        /// `title:`.
        package var title: String?
        /// `mlf:y` (full ML) or `mlf:n` (REML).
        package var method: EstimationMethod?
        /// `numit:`.
        package var maxIterations: Int?
        /// `homvar:y`.
        package var homogeneityTest = false
        /// `laplace:y` or `agq:y` (PQL, the default of a non-normal outcome, writes neither).
        package var estimation: GeneralizedEstimation.Kind?
        /// K of `agq:y,K`.
        package var quadraturePoints: Int?
        /// `level1weight:` and `level2weight:`, the design weights' columns.
        package var level1Weight: String?, level2Weight: String?

        /// Settings with nothing given.
        package init() {}

        /// These settings as a caller's `AnalysisSettings`, for `AnalysisSettings.resolved(for:commandFile:defaultTitle:)`.
        package var analysisSettings: AnalysisSettings {
            var settings = AnalysisSettings(method: method, maxIterations: maxIterations)
            settings.title = title
            settings.homogeneityTest = homogeneityTest
            settings.estimation = estimation
            settings.quadraturePoints = quadraturePoints
            (settings.level1Weight, settings.level2Weight) = (level1Weight, level2Weight)
            return settings
        }
    }

    /// `specification` (with its family and response columns) and `settings` as the lines of an HLM2 command
    /// file, which `parse(contents:path:)` reads back to the same model and settings:
    /// ```
    /// #WHLM CMD FILE
    /// level1:MATHACH=INTRCPT1+FEMALE+RANDOM
    /// level2:INTRCPT1=INTRCPT2+random/
    /// level2:FEMALE=INTRCPT2+random/
    /// heterol1var:FEMALE
    /// mlf:y
    /// ```
    /// Centering is HLM's code after the name (`SES,1` group-mean, `MEANSES,2` grand-mean); a non-normal
    /// outcome is `nonlin:` with its trials or exposure column and `fixsigma2:` (`n` for over-dispersion, else
    /// `1`). A three-level model's level-3 equations follow its level-2 ones in HLM3's form
    /// `level3:INTRCPT1/INTRCPT2=INTRCPT3+SECTOR,2+random/` (each level-2 coefficient `COEF1/COEF2`, its
    /// level-3 predictors with their centering codes). A title is written on one line (line breaks become spaces, the ends trimmed, as the reader trims
    /// them); an empty one is not written.
    ///
    /// - Throws: `SpecificationError.model(.centredVariancePredictorInCommandFile)` for a centred predictor of
    ///   log sigma^2, which `heterol1var:` (names only) cannot hold.
    package static func text(for specification: ModelSpecification, settings: Settings) throws -> String {
        if let centred = specification.variancePredictors.first(where: { $0.centering != .uncentered }) {
            throw SpecificationError.model(.centredVariancePredictorInCommandFile(centred.name))
        }
        let level1 = specification.level1
        var lines = ["#WHLM CMD FILE"]
        lines.append("level1:" + level1.outcome + "="
            + ((level1.hasIntercept ? ["INTRCPT1"] : []) + level1.predictors.map(\.commandFileText) + ["RANDOM"])
                .joined(separator: "+"))
        for equation in specification.level2 {
            let terms = (equation.hasIntercept ? ["INTRCPT2"] : []) + equation.predictors.map(\.commandFileText)
                + (equation.isRandom ? ["random"] : [])
            lines.append("level2:\(equation.coefficient)=" + terms.joined(separator: "+") + "/")
        }
        for equation in specification.level3 {
            let terms = (equation.hasIntercept ? [ReservedWord.intercept3] : []) + equation.predictors.map(\.commandFileText)
                + (equation.isRandom ? ["random"] : [])
            lines.append("level3:\(equation.coefficient)/\(equation.level2Predictor)=" + terms.joined(separator: "+") + "/")
        }
        if !specification.variancePredictors.isEmpty {
            lines.append("heterol1var:" + specification.variancePredictors.map(\.name).joined(separator: ","))
        }
        lines += responseLines(specification)
        if let method = settings.method { lines.append("mlf:" + (method == .fml ? "y" : "n")) }
        if let iterations = settings.maxIterations { lines.append("numit:\(iterations)") }
        if settings.homogeneityTest { lines.append("homvar:y") }
        if let column = settings.level1Weight { lines.append("level1weight:" + column) }
        if let column = settings.level2Weight { lines.append("level2weight:" + column) }
        switch settings.estimation {
        case .laplace?: lines.append("laplace:y")
        case .agq?: lines.append("agq:y" + (settings.quadraturePoints.map { ",\($0)" } ?? ""))
        case .pql?, nil: break
        }
        let title = settings.title.map { $0.split(whereSeparator: \.isNewline).joined(separator: " ").trimmed }
        if let title, !title.isEmpty { lines.append("title:" + title) }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `nonlin:` and `fixsigma2:` for a non-normal outcome; nothing for the normal family.
    private static func responseLines(_ specification: ModelSpecification) -> [String] {
        let column = specification.trialsVariable ?? specification.exposureVariable
        switch specification.family {
        case .normal: return []
        case .bernoulli, .binomial, .poisson:
            return ["nonlin:" + specification.family.rawValue + (column.map { "," + $0 } ?? ""),
                    "fixsigma2:" + (specification.overdispersion ? "n" : "1")]
        }
    }
}

extension Predictor {
    /// The predictor as a command file writes it: `SES`, `SES,1` (group-mean centred) or `SES,2` (grand-mean).
    var commandFileText: String {
        switch centering {
        case .uncentered: name
        case .group: name + ",1"
        case .grand: name + ",2"
        }
    }
}
