// The inference stage's sections: reliabilities, the robust fixed-effects table, the notes on the units behind
// the OLS-based statistics, the homogeneity test, the Wald tests and the likelihood-ratio comparison.

extension TextReport {
    /// HLM's "Random level-1 coefficient / Reliability estimate" table.
    static func reliabilityTable(_ inference: InferenceResults, notation: ModelNotation) -> [String] {
        guard !inference.reliabilities.isEmpty else { return [] }
        let labels = inference.reliabilities.enumerated().map { index, row in
            "\(ModelNotation.coefficientLabel(row.coefficient)), beta\(notation.betaIndex(row.coefficient) ?? index)"
        }
        return reliabilityTable(header: "Random level-1 coefficient", labels: labels,
                                estimates: inference.reliabilities.map(\.estimate))
            + olsUnitsNote(inference, statistics: "reliability estimates")
    }

    /// A reliability table: `header` over the labels, "Reliability estimate" over the estimates.
    static func reliabilityTable(header: String, labels: [String], estimates: [Double]) -> [String] {
        let width = max(29, (labels.map(\.count).max() ?? 0) + 3)
        let rule = textRule(width + 21)
        return [rule, " " + header.rightPadded(to: width) + "Reliability estimate", rule]
            + zip(labels, estimates).map { label, estimate in
                " " + label.rightPadded(to: width) + ReportNumberFormat.fixed(estimate, 3, width: 20)
            }
            + [rule, ""]
    }

    /// The fixed-effects table with robust standard errors, t-ratios and p-values, and a note when they equal the
    /// model-based ones by construction.
    ///
    /// With full ML, every level-1 coefficient random and no level-2 predictors (X_j = Z_j), the ML equations
    /// for Tau make the sandwich's middle sum_j X_j'V_j^-1 e_j e_j'V_j^-1 X_j equal to Phi at an interior
    /// estimate, so the robust covariance is Phi^-1 and the two tables agree.
    static func robustFixedEffectsTable(_ inference: InferenceResults, notation: ModelNotation,
                                        method: EstimationMethod, unitSpecific: Bool = false) -> [String] {
        let table = fixedEffectsTable(inference.robustFixedEffects, notation: notation,
                                      title: ["Final estimation of fixed effects",
                                              unitSpecific ? "(Unit-specific model with robust standard errors)"
                                                : "(with robust standard errors)"])
        guard !unitSpecific else { return table }
        let saturated = notation.specification.level2.allSatisfy {
            $0.isRandom && $0.hasIntercept && $0.predictors.isEmpty
        }
        guard method == .fml, saturated else { return table }
        return table + ["Note: with full ML, every level-1 coefficient random and no level-2 predictors, the robust",
                        "standard errors equal the model-based ones (the ML equations for Tau make the sandwich",
                        "equal to the model-based covariance, unless Tau is on a boundary).", ""]
    }

    /// The model-based table with Satterthwaite df and p, when they were computed.
    static func satterthwaiteTable(_ fit: HLMFit, inference: InferenceResults, notation: ModelNotation) -> [String] {
        guard let tests = inference.satterthwaite else { return [] }
        let effects = zip(fit.fixedEffects, tests).map { effect, test in
            var row = effect
            row.pValue = test.pValue
            return row
        }
        let table = fixedEffectsTable(effects, notation: notation,
                                      title: ["Final estimation of fixed effects", "(Satterthwaite degrees of freedom)"],
                                      degreesOfFreedom: tests.map { ReportNumberFormat.fixed($0.degreesOfFreedom, 1) })
        guard tests.contains(where: { $0.degreesOfFreedom.isNaN }) else { return table }
        return table + ["Satterthwaite df cannot be computed at this estimate: Tau is singular (a boundary estimate)",
                        "or the Hessian of the deviance is not positive definite.", ""]
    }

    /// Tau's elements and sigma^2 (or the alphas) with their standard errors (`--full-output`).
    static func covarianceParameterLines(_ inference: InferenceResults) -> [String] {
        let width = max(24, (inference.covarianceParameters.map(\.parameter.count).max() ?? 0) + 2)
        let rule = textRule(width + 29)
        let header: String = " " + "Parameter".rightPadded(to: width) + "Estimate".leftPadded(to: 14)
            + "Std. error".leftPadded(to: 14)
        let rows: [String] = inference.covarianceParameters.map { row in
            " " + row.parameter.rightPadded(to: width) + ReportNumberFormat.fixed(row.estimate, 6, width: 14)
                + ReportNumberFormat.fixed(row.standardError, 6, width: 14)
        }
        return ["Standard errors of the covariance parameters",
                "(inverse expected information; REML information under REML)", rule, header, rule]
            + rows + [rule, ""]
    }

    /// HLM's note, and a blank line, when some units had no OLS fit of their own (J' < J).
    static func olsUnitsNote(_ inference: InferenceResults, statistics: String) -> [String] {
        olsUnitsNote(used: inference.olsUnits, of: inference.unitCount, statistics: statistics)
    }

    /// HLM's note, and a blank line, when only `used` of `total` units had sufficient data for `statistics`.
    static func olsUnitsNote(used: Int, of total: Int, statistics: String) -> [String] {
        guard used < total else { return [] }
        return ["Note: The \(statistics) reported above are based on only \(used) of "
                    + "\(total) units",
                "that had sufficient data for computation. Fixed effects and variance components",
                "are based on all the data.", ""]
    }

    /// The test of homogeneity of the level-1 variance.
    static func homogeneityLines(_ test: HomogeneityTest) -> [String] {
        ["Test of homogeneity of level-1 variance", textRule(39)]
            + chiSquareLines(test.chiSquare, degreesOfFreedom: test.degreesOfFreedom, pValue: test.pValue,
                             notComputable: "fewer than 2 units have at least \(test.minimumDegreesOfFreedom) residual "
                                + "degrees of freedom and a positive residual sum of squares")
            + ["Based on \(test.unitsUsed) of \(test.unitCount) units: those whose own OLS fit has at least "
            + "\(test.minimumDegreesOfFreedom)",
               "residual degrees of freedom", ""]
    }

    /// One block per Wald test: the contrasts with C gamma_hat and c, then the model-based and robust chi-squares.
    static func hypothesisTestLines(_ tests: [WaldTest], fixedEffects: [FixedEffectEstimate]) -> [String] {
        let names = fixedEffects.map { "\($0.coefficient)/\($0.predictor)" }
        return tests.enumerated().flatMap { number, test -> [String] in
            let rows = test.contrasts.indices.map { r in
                "    " + contrastText(test.contrasts[r], names: names).rightPadded(to: 44)
                    + ReportNumberFormat.fixed(test.estimates[r], 6, width: 13) + ReportNumberFormat.fixed(test.values[r], 6, width: 13)
            }
            let statistic = { (name: String, chiSquare: Double, p: Double) in
                guard !p.isNaN else {
                    return "    " + name.rightPadded(to: 30)
                        + " not computable (the robust covariance of the contrasts is singular)"
                }
                return "    " + name.rightPadded(to: 30) + ReportNumberFormat.fixed(chiSquare, 5, width: 13)
                    + "\(test.degreesOfFreedom)".leftPadded(to: 7) + ReportNumberFormat.pValue(p).leftPadded(to: 10)
            }
            return ["Results of General Linear Hypothesis Testing - Test \(number + 1): \(test.hypothesis)",
                    "    " + "Contrast".rightPadded(to: 44) + "Estimate".leftPadded(to: 13) + "Tested".leftPadded(to: 13)]
                + rows
                + ["    " + "".rightPadded(to: 30) + "Chi-square".leftPadded(to: 13) + "d.f.".leftPadded(to: 7)
                    + "P-value".leftPadded(to: 10),
                   statistic("Model-based standard errors", test.chiSquare, test.pValue),
                   statistic("Robust standard errors", test.robustChiSquare, test.robustPValue), ""]
        }
    }

    /// `INTRCPT1/SECTOR - 2 SES/SECTOR`: the non-zero weights of one contrast row.
    private static func contrastText(_ weights: [Double], names: [String]) -> String {
        let terms = zip(weights, names).filter { $0.0 != 0 }.enumerated().map { index, term in
            let (weight, name) = term
            let sign = weight < 0 ? (index == 0 ? "-" : "- ") : (index == 0 ? "" : "+ ")
            let size = abs(weight) == 1 ? "" : ReportNumberFormat.cFormat("%g", abs(weight)) + " "
            return sign + size + name
        }
        return terms.isEmpty ? "0" : terms.joined(separator: " ")
    }

    /// The likelihood-ratio test against a previous model's deviance and parameter count, with a warning when
    /// `fit` did not converge and, under REML, the condition the test needs.
    static func modelComparisonLines(_ test: LikelihoodRatioTest, fit: HLMFit) -> [String] {
        ["Likelihood-ratio test against a previous model", textRule(46),
         "Previous model: deviance = " + ReportNumberFormat.fixed(test.previous.deviance, 6)
            + ", \(test.previous.parameters) estimated parameters"]
            + chiSquareLines(test.chiSquare, degreesOfFreedom: test.degreesOfFreedom, pValue: test.pValue,
                             notComputable: "0 degrees of freedom")
            + (fit.convergence.converged ? [] : [
                "WARNING: this fit did NOT converge; the test uses its last iteration's deviance and is not reliable."])
            + (fit.method == .fml ? [] : [
                "REML deviances: the test is valid only if the previous model has the same fixed part as this one",
                "(the same predictors, centering and level-2 predictors); compare different fixed parts with",
                "full ML fits (mlf:y, --method fml)."])
            + [""]
    }

    /// `hlm compare`'s report: both models, a warning for each fit that did not converge, then the test.
    public static func render(_ comparison: ModelComparison) -> String {
        let models = [("Model A", comparison.first), ("Model B", comparison.second)].map { name, model in
            "\(name): \(model.path): deviance = " + ReportNumberFormat.fixed(model.deviance, 6)
                + ", \(model.parameters) estimated parameters"
        }
        let stars = String(repeating: "*", count: 80)
        let warnings = comparison.warnings.isEmpty ? [] : [stars] + comparison.warnings.map { "WARNING: " + $0 } + [stars]
        let method = comparison.first.method == .reml ? "REML" : "full ML"
        let lines = ["Likelihood-ratio comparison of two models (\(method), \(comparison.first.outcome), "
                        + "\(comparison.first.level1Used) level-1 and \(comparison.first.level2Used) level-2 units)",
                     textRule()] + warnings + models
            + chiSquareLines(comparison.test.chiSquare, degreesOfFreedom: comparison.test.degreesOfFreedom,
                             pValue: comparison.test.pValue, notComputable: "0 degrees of freedom")
            + ["The model with fewer parameters is the null hypothesis; chi-square = its deviance minus the other's."]
        return lines.joined(separator: "\n") + "\n"
    }

    /// HLM's three lines of a chi-square test; when p cannot be computed (NaN), the statistic and p say
    /// "not computable" with `notComputable` as the reason.
    private static func chiSquareLines(_ chiSquare: Double, degreesOfFreedom: Int, pValue: Double,
                                       notComputable: String) -> [String] {
        guard !pValue.isNaN else {
            return ["Chi-square statistic         = not computable",
                    "Number of degrees of freedom = \(degreesOfFreedom)",
                    "P-value                      = not computable (\(notComputable))"]
        }
        return ["Chi-square statistic         = " + ReportNumberFormat.fixed(chiSquare, 5),
                "Number of degrees of freedom = \(degreesOfFreedom)",
                "P-value                      = " + ReportNumberFormat.pValue(pValue)]
    }
}
