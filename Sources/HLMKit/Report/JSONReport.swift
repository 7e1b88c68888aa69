/// The machine-readable report: one pretty-printed JSON object with snake_case keys in a fixed order.
///
/// The keys and their order are `ReportDocument`'s (the schema `hlm compare` reads back); numbers are printed in
/// Swift's shortest round-trip form, NaN and infinities as `null`. In order:
/// - `method` (`"reml"` or `"fml"`), `converged`, `iterations`, `gradient_norm`, `deviance_change`;
/// - `deviance` (-2 log L, or the REML criterion, including N ln(2 pi)), `parameters` (as HLM counts them);
/// - `data`: `level1_file`, `level2_file` (or null), `level1_used`, `level1_excluded`, `level2_used`,
///   `level2_excluded`, `exclusions` (one string per reason), `fingerprint` (`rows` and `variables`, hashes of
///   the data used, see `DataFingerprint`; null when unknown), `formats`, `missing_codes`;
/// - `model`: `outcome`, `level1` (e.g. `"MATHACH = INTRCPT1 + group(SES)"`), `level2` (one string per
///   equation, e.g. `"INTRCPT1 = INTRCPT2 + SECTOR + grand(MEANSES) + random"`), `sigma2_predictors`;
/// - `fixed_effects`: objects with `coefficient`, `predictor`, `estimate`, `se`, `t`, `df`, `p`, and the
///   robust (CR0 sandwich) `robust_se`, `robust_t`, `robust_p` (null when inference did not run), and
///   `satterthwaite_df`, `satterthwaite_p` (null unless Satterthwaite df were asked for);
/// - `tau`: `coefficients` (names in Tau's order) and `matrix` (rows);
/// - `sigma2`: the level-1 variance, or null when it is modelled;
/// - `variance_components`, `ols_units`, `reliability`, `covariance_parameters`: see `varianceComponents(_:)`;
/// - `level1_variance`: null for homogeneous sigma^2, else `predictors`, `alpha` (objects with `predictor`,
///   `estimate`, `se`, `z`, `p` (normal), `p_hlm` (Student t, J - 1 df)), `homogeneous` and `heterogeneous`
///   (`deviance`, `deviance_hlm` = deviance - ln(2 pi), `parameters`), `chi_square`, `df`, `p`;
/// - `homogeneity_test`, `hypothesis_tests`, `model_comparison`: see `tests(_:)`;
/// - `warnings`: strings.
/// docs/JSON.md ("JSON keys of the inference stage") documents the inference keys.
public enum JSONReport {
    /// Renders the analysis as JSON text ending with a newline.
    public static func render(_ analysis: HLMAnalysis) -> String {
        JSONValueEncoder.encode(document(analysis)).rendered() + "\n"
    }

    /// The analysis in the report's schema.
    static func document(_ analysis: HLMAnalysis) -> ReportDocument {
        var document = unweightedDocument(analysis)
        document.weights = OmittedWhenNil(analysis.weights)
        return document
    }

    /// The document without its `weights` key.
    private static func unweightedDocument(_ analysis: HLMAnalysis) -> ReportDocument {
        let fit = analysis.fit
        let convergence = fit.convergence
        let inference = analysis.inference
        let components = varianceComponents(inference), tests = tests(inference)
        let generalized = fit.generalized
        return ReportDocument(
            method: fit.method, family: OmittedWhenNil(generalized?.family),
            estimation: OmittedWhenNil(generalized?.estimation.name),
            quadraturePoints: OmittedWhenNil(generalized.map { $0.estimation.quadraturePoints }),
            converged: convergence.converged, iterations: convergence.iterations,
            gradientNorm: convergence.gradientNorm, devianceChange: convergence.devianceChange,
            macroIterations: OmittedWhenNil(generalized.map { $0.estimation == .pql ? macroIterations($0) : nil }),
            deviance: fit.deviance, parameters: fit.parameterCount,
            data: data(analysis.data, fingerprint: analysis.dataFingerprint),
            model: model(analysis.specification),
            fixedEffects: fit.fixedEffects.enumerated().map { index, effect in
                fixedEffect(effect, robust: inference?.robustFixedEffects[index],
                            satterthwaite: inference?.satterthwaite?[index], family: generalized?.family)
            },
            populationAverage: OmittedWhenNil(generalized.map { results in
                results.populationAverage?.map {
                    fixedEffect($0, robust: nil, satterthwaite: nil, family: results.family)
                }
            }),
            tau: ReportDocument.Tau(coefficients: fit.tauCoefficients, matrix: fit.tau), sigma2: fit.sigma2,
            overdispersion: OmittedWhenNil(generalized.map { $0.overdispersion }),
            varianceComponents: components.rows, olsUnits: components.olsUnits,
            reliability: components.reliability, covarianceParameters: components.covarianceParameters,
            level1Variance: fit.level1Variance.map(level1Variance), homogeneityTest: tests.homogeneity,
            hypothesisTests: tests.hypotheses, modelComparison: tests.modelComparison, warnings: fit.warnings)
    }

    private static func data(_ data: DataSummary, fingerprint: DataFingerprint?) -> ReportDocument.DataSection {
        ReportDocument.DataSection(
            level1File: data.level1File, level2File: data.level2File, level1Used: data.level1Used,
            level1Excluded: data.level1Excluded, level2Used: data.level2Used, level2Excluded: data.level2Excluded,
            exclusions: data.exclusionReasons,
            fingerprint: fingerprint.map { fingerprint in
                ReportDocument.Fingerprint(rows: DataFingerprint.text(fingerprint.rows),
                                           variables: fingerprint.variables.mapValues(DataFingerprint.text))
            },
            formats: data.fileFormats,
            missingCodes: data.missingCodeCounts.map { ReportDocument.MissingCode(code: $0.code, cells: $0.cells) })
    }

    private static func model(_ specification: ModelSpecification) -> ReportDocument.ModelSection {
        ReportDocument.ModelSection(outcome: specification.level1.outcome, level1: specification.level1.text,
                                    level2: specification.level2.map(\.text),
                                    sigma2Predictors: specification.variancePredictors.map(\.text))
    }

    /// A fixed effect's row; for a non-normal `family` with its ratio (`odds_ratio` or `rate_ratio`) and interval.
    private static func fixedEffect(_ effect: FixedEffectEstimate, robust: FixedEffectEstimate?,
                                    satterthwaite: SatterthwaiteTest?, family: ResponseFamily?)
        -> ReportDocument.FixedEffect {
        let ratio = effect.ratio
        let logit = family == .bernoulli || family == .binomial
        return ReportDocument.FixedEffect(
            coefficient: effect.coefficient, predictor: effect.predictor, estimate: effect.estimate,
            se: effect.standardError, t: effect.tRatio, df: effect.degreesOfFreedom, p: effect.pValue,
            oddsRatio: OmittedWhenNil(logit ? ratio?.ratio : nil),
            rateRatio: OmittedWhenNil(family == .poisson ? ratio?.ratio : nil),
            ciLower: OmittedWhenNil(ratio?.lower), ciUpper: OmittedWhenNil(ratio?.upper),
            robustSE: robust?.standardError, robustT: robust?.tRatio, robustP: robust?.pValue,
            satterthwaiteDF: satterthwaite?.degreesOfFreedom, satterthwaiteP: satterthwaite?.pValue)
    }

    /// PQL's macro iterations.
    private static func macroIterations(_ results: GeneralizedResults) -> [ReportDocument.MacroIteration] {
        results.macroIterations.map {
            ReportDocument.MacroIteration(iteration: $0.iteration, microIterations: $0.microIterations,
                                          largestChange: $0.largestChange)
        }
    }

    private static func level1Variance(_ result: Level1VarianceResult) -> ReportDocument.Level1Variance {
        ReportDocument.Level1Variance(
            predictors: result.predictors,
            alpha: result.alpha.map { alpha in
                ReportDocument.Alpha(predictor: alpha.predictor, estimate: alpha.estimate, se: alpha.standardError,
                                     z: alpha.zRatio, p: alpha.pValue, pHLM: alpha.pValueHLM)
            },
            homogeneous: deviance(result.homogeneous), heterogeneous: deviance(result.heterogeneous),
            chiSquare: result.chiSquare, df: result.degreesOfFreedom, p: result.pValue)
    }

    /// A model's `deviance`, `deviance_hlm` and `parameters`.
    static func deviance(_ model: ModelDeviance) -> ReportDocument.Deviance {
        ReportDocument.Deviance(deviance: model.deviance, devianceHLM: model.devianceHLM,
                                parameters: model.parameters)
    }
}
