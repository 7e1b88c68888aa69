// The inference stage's members of the JSON report (documented in docs/JSON.md, "JSON keys of the inference stage").

extension JSONReport {
    /// `variance_components` (objects with `coefficient`, `sd`, `variance`, `df`, `chi_square`, `p`; the
    /// level-1 row has null `df`, `chi_square`, `p`), `ols_units` (`used` = J', `total` = J) and `reliability`
    /// (objects with `coefficient`, `estimate`), `covariance_parameters` (objects with `parameter`, `estimate`, `se`);
    /// empty arrays and null without inference.
    static func varianceComponentMembers(_ inference: InferenceResults?) -> [(key: String, value: JSONValue)] {
        [("variance_components", .array((inference?.varianceComponents ?? []).map { row in
            .object([
                ("coefficient", .string(row.coefficient)),
                ("sd", .number(row.standardDeviation)),
                ("variance", .number(row.variance)),
                ("df", row.degreesOfFreedom.map { .int($0) } ?? .null),
                ("chi_square", .number(row.chiSquare)),
                ("p", .number(row.pValue)),
            ])
        })),
         ("ols_units", inference.map { .object([("used", .int($0.olsUnits)), ("total", .int($0.unitCount))]) } ?? .null),
         ("reliability", .array((inference?.reliabilities ?? []).map { row in
            .object([("coefficient", .string(row.coefficient)), ("estimate", .number(row.estimate))])
        })),
         ("covariance_parameters", .array((inference?.covarianceParameters ?? []).map { row in
            .object([("parameter", .string(row.parameter)), ("estimate", .number(row.estimate)),
                     ("se", .number(row.standardError))])
        }))]
    }

    /// `homogeneity_test` (null, or `chi_square`, `df`, `p`, `units_used`, `units_total`, `minimum_df`),
    /// `hypothesis_tests` (objects with `hypothesis`, `contrasts`, `values`, `estimates`, `df`, `chi_square`,
    /// `p`, `robust_chi_square`, `robust_p`) and `model_comparison` (null, or `previous` and `current`
    /// (`deviance`, `deviance_hlm`, `parameters`), `chi_square`, `df`, `p`).
    static func testMembers(_ inference: InferenceResults?) -> [(key: String, value: JSONValue)] {
        [("homogeneity_test", inference?.homogeneityTest.map { test in
            .object([
                ("chi_square", .number(test.chiSquare)),
                ("df", .int(test.degreesOfFreedom)),
                ("p", .number(test.pValue)),
                ("units_used", .int(test.unitsUsed)),
                ("units_total", .int(test.unitCount)),
                ("minimum_df", .int(test.minimumDegreesOfFreedom)),
            ])
        } ?? .null),
         ("hypothesis_tests", .array((inference?.hypothesisTests ?? []).map { test in
            .object([
                ("hypothesis", .string(test.hypothesis)),
                ("contrasts", .array(test.contrasts.map { .array($0.map { .number($0) }) })),
                ("values", .array(test.values.map { .number($0) })),
                ("estimates", .array(test.estimates.map { .number($0) })),
                ("df", .int(test.degreesOfFreedom)),
                ("chi_square", .number(test.chiSquare)),
                ("p", .number(test.pValue)),
                ("robust_chi_square", .number(test.robustChiSquare)),
                ("robust_p", .number(test.robustPValue)),
            ])
        })),
         ("model_comparison", inference?.modelComparison.map(likelihoodRatio) ?? .null)]
    }

    /// A likelihood-ratio comparison: `previous`, `current`, `chi_square`, `df`, `p`.
    static func likelihoodRatio(_ test: LikelihoodRatioTest) -> JSONValue {
        .object([
            ("previous", modelDeviance(test.previous)),
            ("current", modelDeviance(test.current)),
            ("chi_square", .number(test.chiSquare)),
            ("df", .int(test.degreesOfFreedom)),
            ("p", .number(test.pValue)),
        ])
    }
}
