// The JSON schema of a combined analysis (plausible values or imputed files), docs/JSON.md
// ("Combined analyses").

/// The document `hlm fit --plausible-values ... --json` writes: `combined` (the data sets, the fits' summary,
/// the wall time and the estimates combined by Rubin's rules), then `fits`, each data set's whole report in
/// the schema of a single fit (`ReportDocument`).
struct CombinedReportDocument: Codable {
    var combined: Combined, fits: [ReportDocument]

    /// A document with a `combined` object: what `hlm compare` reads to refuse a combined analysis.
    struct Marker: Decodable {
        /// The `combined` object's `kind`.
        var combined: Kind

        /// `combined.kind`.
        struct Kind: Decodable { var kind: String }
    }

    /// `combined`.
    struct Combined: Codable {
        var kind: String, dataSets: [String], m: Int
        var converged: Bool, wallTimeSeconds: Double, processors: Int
        var fits: [FitSummary], meanDeviance: Double?
        var fixedEffects: [Pooled], robustFixedEffects: [Pooled], covarianceParameters: [Pooled]
        var warnings: [String]

        enum CodingKeys: String, CodingKey {
            case kind, dataSets = "data_sets", m, converged, wallTimeSeconds = "wall_time_seconds", processors
            case fits, meanDeviance = "mean_deviance", fixedEffects = "fixed_effects"
            case robustFixedEffects = "robust_fixed_effects", covarianceParameters = "covariance_parameters"
            case warnings
        }
    }

    /// One row of `combined.fits`.
    struct FitSummary: Codable {
        var dataSet: String, converged: Bool, iterations: Int, deviance: Double?, parameters: Int

        enum CodingKeys: String, CodingKey {
            case dataSet = "data_set", converged, iterations, deviance, parameters
        }
    }

    /// One combined parameter (`PooledEstimate`); `coefficient` and `predictor` for a fixed effect,
    /// `parameter` for a covariance parameter; `df` and `df_complete` null when infinite.
    struct Pooled: Codable {
        var coefficient: OmittedWhenNil<String>, predictor: OmittedWhenNil<String>
        var parameter: OmittedWhenNil<String>
        var estimate: Double, se: Double, t: Double, df: Double?, p: Double
        var within: Double, between: Double, total: Double, relativeIncrease: Double, lambda: Double
        var fmi: Double, dfComplete: Double?

        enum CodingKeys: String, CodingKey {
            case coefficient, predictor, parameter, estimate, se, t, df, p, within, between, total
            case relativeIncrease = "relative_increase", lambda, fmi, dfComplete = "df_complete"
        }
    }
}
