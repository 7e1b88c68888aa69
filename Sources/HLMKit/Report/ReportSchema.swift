// The JSON report's schema, once: `JSONReport` encodes it and `hlm compare` decodes it (docs/JSON.md).

/// The document `hlm fit --json` writes: one object, its keys in the order of the stored properties here (the
/// order `JSONValueEncoder` keeps), snake_case as in `CodingKeys`. A `Double` that is not finite and an absent
/// optional are written as `null`. docs/JSON.md documents each key.
///
/// The HGLM keys (`family`, `estimation`, `quadrature_points`, `macro_iterations`, `population_average`,
/// `overdispersion`, and the ratio columns of the fixed effects) are written for non-normal fits only.
struct ReportDocument: Codable {
    var method: EstimationMethod
    var family: OmittedWhenNil<ResponseFamily>, estimation: OmittedWhenNil<String>
    var quadraturePoints: OmittedWhenNil<Int?>
    var converged: Bool, iterations: Int, gradientNorm: Double, devianceChange: Double
    var macroIterations: OmittedWhenNil<[MacroIteration]?>
    var deviance: Double?, parameters: Int
    var data: DataSection, model: ModelSection
    var fixedEffects: [FixedEffect], populationAverage: OmittedWhenNil<[FixedEffect]?>
    var tau: Tau, sigma2: Double?, overdispersion: OmittedWhenNil<Double?>
    var varianceComponents: [VarianceComponent], olsUnits: UnitCounts?, reliability: [Reliability]
    var covarianceParameters: [CovarianceParameter]
    var level1Variance: Level1Variance?
    var homogeneityTest: HomogeneityTest?, hypothesisTests: [HypothesisTest], modelComparison: LikelihoodRatio?
    var warnings: [String]
    /// `weights`: the design weights of a weighted fit (left out of an unweighted fit's document).
    var weights = OmittedWhenNil<Weights>(nil)

    enum CodingKeys: String, CodingKey {
        case method, family, estimation, quadraturePoints = "quadrature_points"
        case converged, iterations, gradientNorm = "gradient_norm", devianceChange = "deviance_change"
        case macroIterations = "macro_iterations"
        case deviance, parameters, data, model, fixedEffects = "fixed_effects"
        case populationAverage = "population_average", tau, sigma2, overdispersion
        case varianceComponents = "variance_components", olsUnits = "ols_units", reliability
        case covarianceParameters = "covariance_parameters", level1Variance = "level1_variance"
        case homogeneityTest = "homogeneity_test", hypothesisTests = "hypothesis_tests"
        case modelComparison = "model_comparison", warnings, weights
    }

    /// `data`: the files, the rows and units used and excluded, and the fingerprints of the data used.
    struct DataSection: Codable {
        var level1File: String, level2File: String?
        var level1Used: Int, level1Excluded: Int, level2Used: Int, level2Excluded: Int, exclusions: [String]
        var fingerprint: Fingerprint?, formats: [String], missingCodes: [MissingCode]

        enum CodingKeys: String, CodingKey {
            case level1File = "level1_file", level2File = "level2_file", level1Used = "level1_used"
            case level1Excluded = "level1_excluded", level2Used = "level2_used", level2Excluded = "level2_excluded"
            case exclusions, fingerprint, formats, missingCodes = "missing_codes"
        }
    }

    /// `data.fingerprint`: `rows` and one entry per variable (16 hexadecimal digits each, `DataFingerprint`).
    struct Fingerprint: Codable {
        var rows: String
        /// Keyed by variable name: data, not keys of the schema, so written as they are, sorted.
        var variables: [String: String]

        /// `rows`, then `variables` with its names in sorted order (a dictionary's own order is arbitrary).
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(rows, forKey: .rows)
            var names = container.nestedContainer(keyedBy: NameKey.self, forKey: .variables)
            for (name, value) in variables.sorted(by: { $0.key < $1.key }) {
                try names.encode(value, forKey: NameKey(name))
            }
        }
    }

    /// `data.missing_codes`: cells of the variables used that a `--missing` code made missing.
    struct MissingCode: Codable {
        var code: String, cells: Int
    }

    /// `model`: the equations as fitted (`ModelSpecification`'s text).
    struct ModelSection: Codable {
        var outcome: String, level1: String, level2: [String], sigma2Predictors: [String]

        enum CodingKeys: String, CodingKey {
            case outcome, level1, level2, sigma2Predictors = "sigma2_predictors"
        }
    }

    /// One row of `fixed_effects` (or `population_average`); the robust and Satterthwaite columns are null when
    /// not computed; for a logit link `odds_ratio`, for a log link `rate_ratio`, each with `ci_lower` and
    /// `ci_upper` (the ratio's 95% interval), written for non-normal fits only.
    struct FixedEffect: Codable {
        var coefficient: String, predictor: String
        var estimate: Double, se: Double, t: Double, df: Int, p: Double
        var oddsRatio: OmittedWhenNil<Double>, rateRatio: OmittedWhenNil<Double>
        var ciLower: OmittedWhenNil<Double>, ciUpper: OmittedWhenNil<Double>
        var robustSE: Double?, robustT: Double?, robustP: Double?
        var satterthwaiteDF: Double?, satterthwaiteP: Double?

        enum CodingKeys: String, CodingKey {
            case coefficient, predictor, estimate, se, t, df, p, oddsRatio = "odds_ratio", rateRatio = "rate_ratio"
            case ciLower = "ci_lower", ciUpper = "ci_upper", robustSE = "robust_se", robustT = "robust_t"
            case robustP = "robust_p", satterthwaiteDF = "satterthwaite_df", satterthwaiteP = "satterthwaite_p"
        }
    }

    /// One row of `macro_iterations` (PQL).
    struct MacroIteration: Codable {
        var iteration: Int, microIterations: Int, largestChange: Double

        enum CodingKeys: String, CodingKey {
            case iteration, microIterations = "micro_iterations", largestChange = "largest_change"
        }
    }

    /// `tau`: the coefficients in Tau's order and the matrix by rows.
    struct Tau: Codable {
        var coefficients: [String], matrix: [[Double]]
    }

    /// One row of `variance_components` (`df`, `chi_square`, `p` null for the level-1 row).
    struct VarianceComponent: Codable {
        var coefficient: String, sd: Double, variance: Double
        var df: Int?, chiSquare: Double?, p: Double?

        enum CodingKeys: String, CodingKey {
            case coefficient, sd, variance, df, chiSquare = "chi_square", p
        }
    }

    /// `ols_units`: J' units with a full-rank OLS fit of `total` = J.
    struct UnitCounts: Codable {
        var used: Int, total: Int
    }

    /// One row of `reliability`.
    struct Reliability: Codable {
        var coefficient: String, estimate: Double
    }

    /// One row of `covariance_parameters` (`se` NaN, so null, when the information matrix is singular).
    struct CovarianceParameter: Codable {
        var parameter: String, estimate: Double, se: Double
    }

    /// `level1_variance`: the alpha table and the homogeneous-against-heterogeneous test.
    struct Level1Variance: Codable {
        var predictors: [String], alpha: [Alpha]
        var homogeneous: Deviance, heterogeneous: Deviance
        var chiSquare: Double, df: Int, p: Double

        enum CodingKeys: String, CodingKey {
            case predictors, alpha, homogeneous, heterogeneous, chiSquare = "chi_square", df, p
        }
    }

    /// One row of `level1_variance.alpha`: `p` normal, `p_hlm` Student t on J - 1 df.
    struct Alpha: Codable {
        var predictor: String, estimate: Double, se: Double, z: Double, p: Double, pHLM: Double

        enum CodingKeys: String, CodingKey {
            case predictor, estimate, se, z, p, pHLM = "p_hlm"
        }
    }

    /// A model's deviance, `deviance_hlm` = deviance - ln(2 pi), and parameter count.
    struct Deviance: Codable {
        var deviance: Double, devianceHLM: Double, parameters: Int

        enum CodingKeys: String, CodingKey {
            case deviance, devianceHLM = "deviance_hlm", parameters
        }
    }

    /// `homogeneity_test`: H on `df` = `units_used` - 1 over the units with at least `minimum_df` residual df.
    struct HomogeneityTest: Codable {
        var chiSquare: Double, df: Int, p: Double
        var unitsUsed: Int, unitsTotal: Int, minimumDF: Int

        enum CodingKeys: String, CodingKey {
            case chiSquare = "chi_square", df, p, unitsUsed = "units_used", unitsTotal = "units_total"
            case minimumDF = "minimum_df"
        }
    }

    /// One row of `hypothesis_tests`: the Wald test of C gamma = c, model-based and robust.
    struct HypothesisTest: Codable {
        var hypothesis: String, contrasts: [[Double]], values: [Double], estimates: [Double]
        var df: Int, chiSquare: Double, p: Double, robustChiSquare: Double, robustP: Double

        enum CodingKeys: String, CodingKey {
            case hypothesis, contrasts, values, estimates, df, chiSquare = "chi_square", p
            case robustChiSquare = "robust_chi_square", robustP = "robust_p"
        }
    }

    /// `model_comparison`: the likelihood-ratio test against a previous model.
    struct LikelihoodRatio: Codable {
        var previous: Deviance, current: Deviance, chiSquare: Double, df: Int, p: Double

        enum CodingKeys: String, CodingKey {
            case previous, current, chiSquare = "chi_square", df, p
        }
    }
}
