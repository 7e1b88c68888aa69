/// The JSON schema of a three-level report (`JSONReport.render(_: ThreeLevelAnalysis)`): today's two-level keys
/// where they apply, each fixed effect named by its level-1 `coefficient`, `level2_predictor` and (level-3)
/// `predictor`, and `tau` split into `level2` (Tau_pi) and `level3` (Tau_beta, coefficients `COEF1/COEF2`).
/// docs/JSON.md documents it.
struct ThreeLevelReportDocument: Codable {
    var method: EstimationMethod
    var converged: Bool, iterations: Int, gradientNorm: Double, devianceChange: Double
    var deviance: Double, parameters: Int
    var data: DataSection, model: ModelSection
    var fixedEffects: [FixedEffect]
    var tau: Tau, sigma2: Double
    var varianceComponents: ByLevel<[ReportDocument.VarianceComponent]>
    var olsUnits: ByLevel<ReportDocument.UnitCounts>
    var reliability: ByLevel<[ReportDocument.Reliability]>
    var level1Variance: Level1Variance?
    var warnings: [String]

    enum CodingKeys: String, CodingKey {
        case method, converged, iterations, gradientNorm = "gradient_norm", devianceChange = "deviance_change"
        case deviance, parameters, data, model, fixedEffects = "fixed_effects", tau, sigma2
        case varianceComponents = "variance_components", olsUnits = "ols_units", reliability
        case level1Variance = "level1_variance", warnings
    }

    /// A statistic at level 2 (of the level-1 coefficients, Tau_pi; the units are level-2 units) and at level 3
    /// (of the level-2 coefficients `COEF1/COEF2`, Tau_beta; level-3 units): `variance_components`
    /// (the two-level rows: `coefficient`, `sd`, `variance`, `df`, `chi_square`, `p`; the level-1 row last at
    /// level 2), `ols_units` (`used`, `total`) and `reliability` (`coefficient`, `estimate`).
    struct ByLevel<Value: Codable>: Codable {
        var level2: Value, level3: Value
    }

    /// `data`: files, and the units used and excluded at each level.
    struct DataSection: Codable {
        var level1File: String, level2File: String?, level3File: String?
        var level1Used: Int, level1Excluded: Int, level2Used: Int, level2Excluded: Int
        var level3Used: Int, level3Excluded: Int, exclusions: [String]

        enum CodingKeys: String, CodingKey {
            case level1File = "level1_file", level2File = "level2_file", level3File = "level3_file"
            case level1Used = "level1_used", level1Excluded = "level1_excluded", level2Used = "level2_used"
            case level2Excluded = "level2_excluded", level3Used = "level3_used", level3Excluded = "level3_excluded"
            case exclusions
        }
    }

    /// `model`: the equations as text.
    struct ModelSection: Codable {
        var outcome: String, level1: String, level2: [String], level3: [String]
    }

    /// One row of `fixed_effects`.
    struct FixedEffect: Codable {
        var coefficient: String, level2Predictor: String, predictor: String
        var estimate: Double, se: Double, t: Double, df: Int, p: Double
        var robustSE: Double, robustT: Double, robustP: Double

        enum CodingKeys: String, CodingKey {
            case coefficient, level2Predictor = "level2_predictor", predictor, estimate, se, t, df, p
            case robustSE = "robust_se", robustT = "robust_t", robustP = "robust_p"
        }
    }

    /// `tau`: Tau_pi and Tau_beta.
    struct Tau: Codable {
        var level2: ReportDocument.Tau, level3: ReportDocument.Tau
    }

    /// `level1_variance`: alpha (alpha_0 = ln sigma^2 without SE), the two fits' deviances and the test.
    struct Level1Variance: Codable {
        var predictors: [String], alpha: [Alpha]
        var homogeneous: ReportDocument.Deviance, heterogeneous: ReportDocument.Deviance
        var chiSquare: Double, df: Int, p: Double

        enum CodingKeys: String, CodingKey {
            case predictors, alpha, homogeneous, heterogeneous, chiSquare = "chi_square", df, p
        }
    }

    /// One alpha of `level1_variance`.
    struct Alpha: Codable {
        var predictor: String, estimate: Double, se: Double?, z: Double?, p: Double?
    }
}

extension JSONReport {
    /// Renders a three-level analysis as JSON text ending with a newline (`ThreeLevelReportDocument`).
    public static func render(_ analysis: ThreeLevelAnalysis) -> String {
        JSONValueEncoder.encode(document(analysis)).rendered() + "\n"
    }

    /// The analysis in the three-level schema.
    static func document(_ analysis: ThreeLevelAnalysis) -> ThreeLevelReportDocument {
        let results = analysis.results, data = analysis.data, specification = analysis.specification
        let convergence = results.convergence
        return ThreeLevelReportDocument(
            method: results.method, converged: convergence.converged, iterations: convergence.iterations,
            gradientNorm: convergence.gradientNorm, devianceChange: convergence.devianceChange,
            deviance: results.deviance, parameters: results.parameters,
            data: .init(level1File: data.level1File, level2File: data.level2File, level3File: data.level3File,
                        level1Used: data.level1Used, level1Excluded: data.level1Excluded, level2Used: data.level2Used,
                        level2Excluded: data.level2Excluded, level3Used: data.level3Used ?? 0,
                        level3Excluded: data.level3Excluded ?? 0, exclusions: data.exclusionReasons),
            model: .init(outcome: specification.level1.outcome, level1: specification.level1.text,
                         level2: specification.level2.map(\.text), level3: specification.level3.map(\.text)),
            fixedEffects: results.fixedEffects.map { effect in
                .init(coefficient: effect.coefficient, level2Predictor: effect.level2Predictor,
                      predictor: effect.predictor, estimate: effect.estimate, se: effect.standardError,
                      t: effect.tRatio, df: effect.degreesOfFreedom, p: effect.pValue,
                      robustSE: effect.robustStandardError, robustT: effect.robustTRatio, robustP: effect.robustPValue)
            },
            tau: .init(level2: ReportDocument.Tau(coefficients: results.level2Tau.coefficients, matrix: results.level2Tau.matrix),
                       level3: ReportDocument.Tau(coefficients: results.level3Tau.coefficients, matrix: results.level3Tau.matrix)),
            sigma2: results.sigma2,
            varianceComponents: .init(level2: varianceComponentRows(results.level2Components.tests),
                                      level3: varianceComponentRows(results.level3Components.tests)),
            olsUnits: .init(level2: units(results.level2Components), level3: units(results.level3Components)),
            reliability: .init(level2: reliabilities(results.level2Components),
                               level3: reliabilities(results.level3Components)),
            level1Variance: results.level1Variance.map { variance in
                .init(predictors: specification.variancePredictors.map(\.text),
                      alpha: variance.alpha.map { .init(predictor: $0.predictor, estimate: $0.estimate,
                                                        se: $0.standardError, z: $0.z, p: $0.p) },
                      homogeneous: deviance(variance.homogeneous), heterogeneous: deviance(variance.heterogeneous),
                      chiSquare: variance.chiSquare, df: variance.df, p: variance.p)
            },
            warnings: convergence.converged ? [] : ["the estimation did not converge: \(convergence.message)"])
    }

    /// `ols_units` of one level: J' of J, or K' of K.
    private static func units(_ statistics: ThreeLevelResults.ComponentStatistics) -> ReportDocument.UnitCounts {
        ReportDocument.UnitCounts(used: statistics.unitsUsed, total: statistics.unitCount)
    }

    /// `reliability` rows of one level.
    private static func reliabilities(_ statistics: ThreeLevelResults.ComponentStatistics) -> [ReportDocument.Reliability] {
        statistics.reliabilities.map { ReportDocument.Reliability(coefficient: $0.coefficient, estimate: $0.estimate) }
    }
}
