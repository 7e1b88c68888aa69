/// The machine-readable report: one pretty-printed JSON object with snake_case keys in a fixed order.
///
/// Keys, in this order (numbers in Swift's shortest round-trip form; NaN and infinities as `null`):
/// - `method` (`"reml"` or `"fml"`), `converged`, `iterations`, `gradient_norm`, `deviance_change`;
/// - `deviance` (-2 log L, or the REML criterion, including N ln(2 pi)), `parameters` (as HLM counts them);
/// - `data`: `level1_file`, `level2_file` (or null), `level1_used`, `level1_excluded`, `level2_used`,
///   `level2_excluded`, `exclusions` (one string per reason), `fingerprint` (`rows` and `variables`, hashes of
///   the data used, see `DataFingerprint`; null when unknown);
/// - `model`: `outcome`, `level1` (e.g. `"MATHACH = INTRCPT1 + group(SES)"`), `level2` (one string per
///   equation, e.g. `"INTRCPT1 = INTRCPT2 + SECTOR + grand(MEANSES) + random"`), `sigma2_predictors`;
/// - `fixed_effects`: objects with `coefficient`, `predictor`, `estimate`, `se`, `t`, `df`, `p`, and the
///   robust (CR0 sandwich) `robust_se`, `robust_t`, `robust_p` (null when inference did not run), and
///   `satterthwaite_df`, `satterthwaite_p` (null unless Satterthwaite df were asked for);
/// - `tau`: `coefficients` (names in Tau's order) and `matrix` (rows);
/// - `sigma2`: the level-1 variance, or null when it is modelled;
/// - `variance_components`, `ols_units`, `reliability`, `covariance_parameters`: see `varianceComponentMembers`;
/// - `level1_variance`: null for homogeneous sigma^2, else `predictors`, `alpha` (objects with `predictor`,
///   `estimate`, `se`, `z`, `p` (normal), `p_hlm` (Student t, J - 1 df)), `homogeneous` and `heterogeneous`
///   (`deviance`, `deviance_hlm` = deviance - ln(2 pi), `parameters`), `chi_square`, `df`, `p`;
/// - `homogeneity_test`, `hypothesis_tests`, `model_comparison`: see `testMembers`;
/// - `warnings`: strings.
/// docs/JSON.md ("JSON keys of the inference stage") documents the inference keys.
public enum JSONReport {
    /// Renders the analysis as JSON text ending with a newline.
    public static func render(_ analysis: HLMAnalysis) -> String {
        document(analysis).rendered() + "\n"
    }

    static func document(_ analysis: HLMAnalysis) -> JSONValue {
        let fit = analysis.fit
        let convergence = fit.convergence
        let inference = analysis.inference
        return .object([
            ("method", .string(fit.method.rawValue)),
            ("converged", .bool(convergence.converged)),
            ("iterations", .int(convergence.iterations)),
            ("gradient_norm", .number(convergence.gradientNorm)),
            ("deviance_change", .number(convergence.devianceChange)),
            ("deviance", .number(fit.deviance)),
            ("parameters", .int(fit.parameterCount)),
            ("data", data(analysis.data, fingerprint: analysis.dataFingerprint)),
            ("model", model(analysis.specification)),
            ("fixed_effects", .array(fit.fixedEffects.enumerated().map { index, effect in
                fixedEffect(effect, robust: inference?.robustFixedEffects[index],
                            satterthwaite: inference?.satterthwaite?[index])
            })),
            ("tau", .object([("coefficients", .strings(fit.tauCoefficients)),
                             ("matrix", .array(fit.tau.map { .array($0.map { .number($0) }) }))])),
            ("sigma2", .number(fit.sigma2)),
        ] + varianceComponentMembers(inference) + [
            ("level1_variance", fit.level1Variance.map(level1Variance) ?? .null),
        ] + testMembers(inference) + [
            ("warnings", .strings(fit.warnings)),
        ])
    }

    private static func data(_ data: DataSummary, fingerprint: DataFingerprint?) -> JSONValue {
        .object([
            ("level1_file", .string(data.level1File)),
            ("level2_file", data.level2File.map { .string($0) } ?? .null),
            ("level1_used", .int(data.level1Used)),
            ("level1_excluded", .int(data.level1Excluded)),
            ("level2_used", .int(data.level2Used)),
            ("level2_excluded", .int(data.level2Excluded)),
            ("exclusions", .strings(data.exclusionReasons)),
            ("fingerprint", fingerprint.map { fingerprint in
                .object([("rows", .string(DataFingerprint.text(fingerprint.rows))),
                         ("variables", .object(fingerprint.variables.sorted { $0.key < $1.key }.map {
                             ($0.key, .string(DataFingerprint.text($0.value)))
                         }))])
            } ?? .null),
            ("formats", .strings(data.fileFormats)),
            ("missing_codes", .array(data.missingCodeCounts.map { count in
                .object([("code", .string(count.code)), ("cells", .int(count.cells))])
            })),
        ])
    }

    private static func model(_ specification: ModelSpecification) -> JSONValue {
        .object([
            ("outcome", .string(specification.level1.outcome)),
            ("level1", .string(specification.level1.text)),
            ("level2", .strings(specification.level2.map(\.text))),
            ("sigma2_predictors", .strings(specification.variancePredictors.map(\.text))),
        ])
    }

    private static func fixedEffect(_ effect: FixedEffectEstimate, robust: FixedEffectEstimate?,
                                    satterthwaite: SatterthwaiteTest?) -> JSONValue {
        .object([
            ("coefficient", .string(effect.coefficient)),
            ("predictor", .string(effect.predictor)),
            ("estimate", .number(effect.estimate)),
            ("se", .number(effect.standardError)),
            ("t", .number(effect.tRatio)),
            ("df", .int(effect.degreesOfFreedom)),
            ("p", .number(effect.pValue)),
            ("robust_se", .number(robust?.standardError)),
            ("robust_t", .number(robust?.tRatio)),
            ("robust_p", .number(robust?.pValue)),
            ("satterthwaite_df", .number(satterthwaite?.degreesOfFreedom)),
            ("satterthwaite_p", .number(satterthwaite?.pValue)),
        ])
    }

    private static func level1Variance(_ result: Level1VarianceResult) -> JSONValue {
        .object([
            ("predictors", .strings(result.predictors)),
            ("alpha", .array(result.alpha.map { alpha in
                .object([
                    ("predictor", .string(alpha.predictor)),
                    ("estimate", .number(alpha.estimate)),
                    ("se", .number(alpha.standardError)),
                    ("z", .number(alpha.zRatio)),
                    ("p", .number(alpha.pValue)),
                    ("p_hlm", .number(alpha.pValueHLM)),
                ])
            })),
            ("homogeneous", modelDeviance(result.homogeneous)),
            ("heterogeneous", modelDeviance(result.heterogeneous)),
            ("chi_square", .number(result.chiSquare)),
            ("df", .int(result.degreesOfFreedom)),
            ("p", .number(result.pValue)),
        ])
    }

    static func modelDeviance(_ model: ModelDeviance) -> JSONValue {
        .object([
            ("deviance", .number(model.deviance)),
            ("deviance_hlm", .number(model.devianceHLM)),
            ("parameters", .int(model.parameters)),
        ])
    }
}
