import HLMPlatform

// HLM's "RESULTS FOR HETEROGENEOUS SIGMA-SQUARED" block, column for column as HLM 8 prints it, with two notes
// of our own: which reference distribution the alpha p-values use, and which deviance convention is printed.

extension TextReport {
    /// The alphas of log sigma^2, the two models' deviances and the likelihood-ratio test.
    ///
    /// - Parameters:
    ///   - macroIterations: The heterogeneous fit's iteration count, printed as HLM's "macro iteration".
    ///   - units: J, the number of level-2 units used (the alpha p-values use J - 1 df).
    ///   - hlmDeviance: Print deviance - ln(2 pi), as HLM does, instead of the full -2 log-likelihood.
    ///   - method: Says whether the deviances are -2 log-likelihoods (full ML) or REML criteria.
    static func level1VarianceSection(_ result: Level1VarianceResult, specification: ModelSpecification,
                                      macroIterations: Int, units: Int, hlmDeviance: Bool,
                                      method: EstimationMethod) -> [String] {
        let terms = ["alpha0"] + specification.variancePredictors.enumerated().map { index, predictor in
            "alpha\(index + 1)(\(predictor.name))"
        }
        let alphaRows = result.alpha.enumerated().map { index, alpha in
            alpha.predictor.rightPadded(to: 10) + ",alpha\(index)"
                + ReportNumberFormat.fixed(alpha.estimate, 5, width: 14)
                + ReportNumberFormat.fixed(alpha.standardError, 6, width: 16)
                + ReportNumberFormat.fixed(alpha.zRatio, 3, width: 9)
                + ReportNumberFormat.pValue(alpha.pValueHLM).leftPadded(to: 9)
        }
        let models = [("1. Homogeneous sigma_squared", result.homogeneous),
                      ("2. Heterogeneous sigma_squared", result.heterogeneous)]
        let modelRows = models.map { name, model in
            name.rightPadded(to: 30) + "\(model.parameters)".leftPadded(to: 10)
                + ReportNumberFormat.fixed(hlmDeviance ? model.devianceHLM : model.deviance, 5, width: 24)
        }
        let comparison = "Model 1 vs Model 2" + ReportNumberFormat.fixed(result.chiSquare, 5, width: 13)
            + "\(result.degreesOfFreedom)".leftPadded(to: 7) + ReportNumberFormat.pValue(result.pValue).leftPadded(to: 9)
        return ["RESULTS FOR HETEROGENEOUS SIGMA-SQUARED", "(macro iteration \(macroIterations))", "",
                "Var(R) = Sigma_squared and", "log(Sigma_squared) = " + terms.joined(separator: " + "), "",
                "Model for level-1 variance",
                "Parameter           Coefficient  Standard Error  Z-ratio  P-value"]
            + alphaRows
            + ["P-values use Student's t with J - 1 = \(units - 1) df, as HLM prints them; "
                + "the JSON also gives normal-reference p.", "",
               "Summary of Model Fit",
               "Model                          Number of Parameters   Deviance"]
            + modelRows
            + [devianceConvention(hlmDeviance: hlmDeviance, method: method), "",
               "Model Comparison       Chi-square   df   P-value", comparison, ""]
    }

    /// Which deviance the model-fit summary prints: -2 log-likelihood (full ML) or the REML criterion, with or
    /// without HLM's ln(2 pi) shift.
    private static func devianceConvention(hlmDeviance: Bool, method: EstimationMethod) -> String {
        let lnTwoPi = ReportNumberFormat.fixed(log(2 * Double.pi), 6)
        let quantity = method == .reml
            ? "the REML criterion -2 log L_R with the (N - p) ln(2 pi) constant"
            : "-2 log-likelihood with the N ln(2 pi) constant"
        return hlmDeviance
            ? "Deviances are printed as HLM prints them: \(quantity), minus ln(2 pi) = \(lnTwoPi)"
            : "Deviances are \(quantity); HLM prints them ln(2 pi) = \(lnTwoPi) lower (use --hlm-deviance)"
    }
}
