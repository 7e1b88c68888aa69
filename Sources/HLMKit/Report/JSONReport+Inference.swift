// The inference stage's members of the JSON report (documented in docs/JSON.md, "JSON keys of the inference stage").

extension JSONReport {
    /// `variance_components` (objects with `coefficient`, `sd`, `variance`, `df`, `chi_square`, `p`; the
    /// level-1 row has null `df`, `chi_square`, `p`), `ols_units` (`used` = J', `total` = J) and `reliability`
    /// (objects with `coefficient`, `estimate`), `covariance_parameters` (objects with `parameter`, `estimate`, `se`);
    /// empty arrays and null without inference.
    static func varianceComponents(_ inference: InferenceResults?)
        -> (rows: [ReportDocument.VarianceComponent], olsUnits: ReportDocument.UnitCounts?,
            reliability: [ReportDocument.Reliability], covarianceParameters: [ReportDocument.CovarianceParameter]) {
        (varianceComponentRows(inference?.varianceComponents ?? []),
         inference.map { ReportDocument.UnitCounts(used: $0.olsUnits, total: $0.unitCount) },
         (inference?.reliabilities ?? []).map { ReportDocument.Reliability(coefficient: $0.coefficient,
                                                                          estimate: $0.estimate) },
         (inference?.covarianceParameters ?? []).map { row in
            ReportDocument.CovarianceParameter(parameter: row.parameter, estimate: row.estimate,
                                               se: row.standardError)
         })
    }

    /// The `variance_components` rows of `tests`.
    static func varianceComponentRows(_ tests: [VarianceComponentTest]) -> [ReportDocument.VarianceComponent] {
        tests.map { row in
            ReportDocument.VarianceComponent(coefficient: row.coefficient, sd: row.standardDeviation,
                                             variance: row.variance, df: row.degreesOfFreedom,
                                             chiSquare: row.chiSquare, p: row.pValue)
        }
    }

    /// `homogeneity_test` (null, or `chi_square`, `df`, `p`, `units_used`, `units_total`, `minimum_df`),
    /// `hypothesis_tests` (objects with `hypothesis`, `contrasts`, `values`, `estimates`, `df`, `chi_square`,
    /// `p`, `robust_chi_square`, `robust_p`) and `model_comparison` (null, or `previous` and `current`
    /// (`deviance`, `deviance_hlm`, `parameters`), `chi_square`, `df`, `p`).
    static func tests(_ inference: InferenceResults?)
        -> (homogeneity: ReportDocument.HomogeneityTest?, hypotheses: [ReportDocument.HypothesisTest],
            modelComparison: ReportDocument.LikelihoodRatio?) {
        (inference?.homogeneityTest.map { test in
            ReportDocument.HomogeneityTest(chiSquare: test.chiSquare, df: test.degreesOfFreedom, p: test.pValue,
                                           unitsUsed: test.unitsUsed, unitsTotal: test.unitCount,
                                           minimumDF: test.minimumDegreesOfFreedom)
         },
         (inference?.hypothesisTests ?? []).map { test in
            ReportDocument.HypothesisTest(hypothesis: test.hypothesis, contrasts: test.contrasts,
                                          values: test.values, estimates: test.estimates,
                                          df: test.degreesOfFreedom, chiSquare: test.chiSquare, p: test.pValue,
                                          robustChiSquare: test.robustChiSquare, robustP: test.robustPValue)
         },
         inference?.modelComparison.map(likelihoodRatio))
    }

    /// A likelihood-ratio comparison: `previous`, `current`, `chi_square`, `df`, `p`.
    static func likelihoodRatio(_ test: LikelihoodRatioTest) -> ReportDocument.LikelihoodRatio {
        ReportDocument.LikelihoodRatio(previous: deviance(test.previous), current: deviance(test.current),
                                       chiSquare: test.chiSquare, df: test.degreesOfFreedom, p: test.pValue)
    }
}
