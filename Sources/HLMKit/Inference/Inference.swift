/// The inference stage of the pipeline (design -> fit -> infer -> report): everything HLM2 prints about a fitted
/// model, computed once at its final estimates.
enum Inference {
    /// A fitted model's tables: the estimates with their model-based tests, and what HLM prints after them.
    struct Tables: Sendable {
        /// The estimates: fixed effects with model-based SEs, t and p; Tau; sigma^2, or for a heterogeneous
        /// model the alpha table with the homogeneous-vs-heterogeneous chi-square; convergence and warnings.
        var fit: HLMFit
        /// Robust SEs, variance-component tests, reliabilities and what `InferenceOptions` asked for.
        var inference: InferenceResults
    }

    /// The tables of `fitted` (`FitTables`), then its robust standard errors, the variance-component chi-square
    /// tests, reliabilities and, as `options` asks, the homogeneity test, Wald tests, the comparison with a
    /// previous model and the residual tables (which take the unit IDs and input lines from `data`, the data
    /// the design was built from). For a heterogeneous model only the model as specified is inferred (its `fit`
    /// compares it with `fitted.homogeneous`); the homogeneous model's own tables are `compute` of
    /// `fitted.homogeneous`.
    ///
    /// The per-unit algebra (posteriors, scores, Phi) runs on the design's centred columns, where it is well
    /// conditioned, and its results are mapped to the user's columns exactly (`DesignStandardisation`): the
    /// robust covariance as S^-1 R S^-T, Wald contrasts c as S^-T c on the internal gamma. HLM's OLS-based
    /// statistics (variance-component chi-squares, reliabilities, OLS and EB coefficients, MDIST) are defined
    /// by the user's parametrisation (the intercept where x = 0), so they are computed on the user's level-1
    /// and level-2 columns (`ModelDesign.levels`) with the user's gamma and Tau.
    ///
    /// - Throws: `InferenceError` when a hypothesis names an unknown fixed effect or has the wrong number of
    ///   weights, or when the final estimates cannot be evaluated again (non-finite parameters);
    ///   `ComparisonError` when the comparison with a previous model has 0 df or a negative chi-square.
    static func compute(_ fitted: FittedModel, data: MultilevelData, options: InferenceOptions) throws
        -> Tables {
        let design = fitted.design, parameters = fitted.parameters, evaluation = fitted.evaluation
        let tables = FitTables(fitted: fitted)
        let fit = tables.fit
        // The weighted products the posterior pass may read off the units' moments also give their OLS fits.
        guard let pass = fitted.unitPosteriorsAndWeightedProducts() else { throw InferenceError.cannotEvaluate }
        let (posteriors, weightedProducts) = pass
        let robustCovariance = fitted.generalized?.robustGammaCovariance
            ?? robustCovariance(posteriors, phiFactor: evaluation.phiFactor)
        let gamma = design.reportedGamma(tables.internalGamma)
        let unitFits = UnitLeastSquares.units(of: design, alpha: parameters.alpha,
                                              vectorExponentials: fitted.likelihood.readsRows,
                                              weightedProducts: weightedProducts)
        let components = VarianceComponentAnalysis(design: design,
                                                   tau: design.standardisation.random.userCovariance(tables.internalTau),
                                                   gamma: design.standardisation.fixed.userCoefficients(tables.internalGamma),
                                                   unitFits: unitFits)
        let tests = try options.hypothesisTests.map { hypothesis in
            try WaldTest(hypothesis, design: design, gamma: gamma, covariance: GammaCovariance(fitted),
                         robustCovariance: robustCovariance)
        }
        let unweightedFits = options.homogeneityTest || options.residuals
            ? UnitLeastSquares.units(of: design, alpha: nil) : []
        let comparison = try options.previousModel.map {
            guard tables.deviance.isFinite else { throw ComparisonError.noLikelihood(model: "this model") }
            return try LikelihoodRatioTest(checking: $0, against: tables.modelDeviance,
                                    previousName: "the previous model (command file deviance: and df:)",
                                    currentName: "this model")
        }
        let satterthwaite = options.satterthwaite
            ? satterthwaiteTests(fit.fixedEffects,
                                 Satterthwaite(likelihood: fitted.likelihood, parameters: parameters).degreesOfFreedom())
            : nil
        let results = InferenceResults(
            robustFixedEffects: tables.effectTable(gamma: gamma,
                                                   covariance: design.standardisation.fixed.userCovariance(robustCovariance)),
            varianceComponents: components.tests(sigma2: fit.sigma2),
            olsUnits: components.usableUnits.count, unitCount: design.unitCount,
            reliabilities: components.reliabilities(),
            covarianceParameters: fitted.generalized == nil
                ? covarianceStandardErrors(design: design, parameters: parameters, information: evaluation.information)
                : [],
            satterthwaite: satterthwaite,
            homogeneityTest: options.homogeneityTest
                ? HomogeneityTest(unweightedFits, minimumDegreesOfFreedom: options.homogeneityMinimumDegreesOfFreedom)
                : nil,
            hypothesisTests: tests, modelComparison: comparison,
            residuals: options.residuals
                ? ResidualTables(design: design, data: data, alpha: parameters.alpha, gamma: tables.internalGamma,
                                 posteriors: posteriors, components: components, unweightedFits: unweightedFits)
                : nil)
        return Tables(fit: fit, inference: results)
    }

    /// The CR0 sandwich Var_R(gamma_hat) = A^-1 B A^-1 with A = Phi = sum_j X_j'V_j^-1 X_j and
    /// B = sum_j X_j'V_j^-1 e_j e_j'V_j^-1 X_j, e_j = y_j - X_j gamma_hat (marginal residuals), no small-sample
    /// factor, as HLM prints it: sum_j d_j d_j' with d_j = Phi^-1 X_j'V_j^-1 e_j (one solve per unit).
    static func robustCovariance(_ posteriors: [UnitPosterior], phiFactor: Cholesky) -> Matrix {
        let p = phiFactor.order
        var covariance = Matrix(rows: p, columns: p)
        for unit in posteriors {
            covariance.addOuterProduct(phiFactor.solve(unit.fixedScore))
        }
        return covariance
    }
}

extension Inference {
    /// Student-t p of each fixed effect's model-based t on its Satterthwaite df (NaN throughout when `df` is nil).
    static func satterthwaiteTests(_ effects: [FixedEffectEstimate], _ df: [Double]?) -> [SatterthwaiteTest] {
        effects.indices.map { k in
            let degrees = df?[k] ?? .nan
            return SatterthwaiteTest(degreesOfFreedom: degrees,
                                     pValue: Distributions.studentTTwoSidedP(effects[k].tRatio, degreesOfFreedom: degrees))
        }
    }
}

/// Failures of the inference stage.
enum InferenceError: HLMError, Equatable {
    /// The likelihood could not be evaluated again at the final estimates.
    case cannotEvaluate
    /// A hypothesis names a fixed effect the model does not have.
    case unknownFixedEffect(name: String, hypothesis: String, known: [String])
    /// A command-file contrast row does not have one weight per fixed effect.
    case wrongNumberOfWeights(found: Int, expected: Int, hypothesis: String)
    /// The rows of a hypothesis are linearly dependent (C Var(gamma) C' is singular).
    case dependentContrasts(hypothesis: String)
    /// A `--test` text that does not parse.
    case invalidHypothesis(text: String, reason: String)

    /// Unknown names and bad contrasts are usage errors; an evaluation failure is numerical.
    var category: ErrorCategory {
        self == .cannotEvaluate ? .numerical : .usage
    }

    /// The message shown to users.
    var description: String {
        switch self {
        case .cannotEvaluate:
            return "the likelihood cannot be evaluated at the final estimates, so no standard errors or tests "
                + "can be computed."
        case let .unknownFixedEffect(name, hypothesis, known):
            return "the hypothesis \"\(hypothesis)\" names \(name), which is not a fixed effect of the model; "
                + "write COEFFICIENT/PREDICTOR, one of: \(known.joined(separator: ", "))."
        case let .wrongNumberOfWeights(found, expected, hypothesis):
            return "the contrast \"\(hypothesis)\" has \(found) weights; the model has \(expected) fixed effects, "
                + "so give one weight per fixed effect in the order of the fixed-effects table."
        case let .invalidHypothesis(text, reason):
            return "cannot read the hypothesis \"\(text)\": \(reason). Write rows such as "
                + "\"INTRCPT1/SECTOR = 0; SES/SECTOR - SES/MEANSES = 0\", separated by ';'."
        case let .dependentContrasts(hypothesis):
            return "the rows of the hypothesis \"\(hypothesis)\" are linearly dependent (or all zero); "
                + "drop the redundant rows."
        }
    }
}
