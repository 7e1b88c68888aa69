import HLMPlatform

/// What a three-level fit reports (HLM3): the fixed effects gamma_pqs with model-based and robust tests, sigma^2,
/// Tau_pi and Tau_beta, the deviance and how the estimation ended.
public struct ThreeLevelResults: Sendable {
    /// One fixed effect gamma_pqs.
    public struct FixedEffect: Sendable, Equatable {
        /// The level-1 coefficient p, the level-2 predictor q and the level-3 predictor s (upper-case names).
        public var coefficient: String, level2Predictor: String, predictor: String
        /// gamma_pqs, its model-based SE, t = gamma / SE, HLM3's df and the two-sided p from Student t.
        public var estimate: Double, standardError: Double, tRatio: Double, degreesOfFreedom: Int, pValue: Double
        /// The robust SE (sandwich, clustered at level 3), its t and p on the same df.
        public var robustStandardError: Double, robustTRatio: Double, robustPValue: Double
    }

    /// A variance-covariance matrix of random effects with the names of its rows.
    public struct Tau: Sendable, Equatable {
        /// Level-1 coefficients (`INTRCPT1`, ...) for Tau_pi; `COEF1/COEF2` for Tau_beta.
        public var coefficients: [String]
        /// The matrix, by rows.
        public var matrix: [[Double]]

        /// The correlations Tau_ab / sqrt(Tau_aa Tau_bb) (0 where a variance is 0).
        public var correlations: [[Double]] {
            matrix.indices.map { a in
                matrix.indices.map { b in
                    let scale = (matrix[a][a] * matrix[b][b]).squareRoot()
                    return scale > 0 ? matrix[a][b] / scale : 0
                }
            }
        }
    }

    /// The level-1 variance model log sigma^2_i = alpha_0 + c_i'alpha of a heterogeneous fit, and its deviance
    /// test against homogeneous sigma^2.
    public struct Level1Variance: Sendable, Equatable {
        /// One alpha: `INTRCPT1` (alpha_0 = ln sigma^2, profiled: no SE) then each predictor.
        public struct Alpha: Sendable, Equatable {
            /// The variance predictor (`INTRCPT1` for alpha_0) and alpha's estimate.
            public var predictor: String, estimate: Double
            /// SE, z = alpha / SE and its two-sided normal p; nil for alpha_0 or when the Hessian was not certified.
            public var standardError: Double?, z: Double?, p: Double?
        }
        /// alpha_0 then alpha_1 ... alpha_m.
        public var alpha: [Alpha]
        /// Deviances and parameter counts of the homogeneous and heterogeneous fits, and the test
        /// chi^2 = D_hom - D_het on m df.
        public var homogeneous: ModelDeviance, heterogeneous: ModelDeviance
        public var chiSquare: Double, df: Int, p: Double
    }

    /// The chi-square tests of one level's variance components and the reliabilities of its random
    /// coefficients, as HLM3 prints them (see `ThreeLevelVarianceComponents` for the formulas).
    public struct ComponentStatistics: Sendable, Equatable {
        /// One row per random coefficient (Tau's order), then at level 2 the level-1 row when sigma^2 is
        /// homogeneous; a row has no test when its df would be below 1.
        public var tests: [VarianceComponentTest]
        /// The reliability of each random coefficient's own-data estimates, in Tau's order.
        public var reliabilities: [ReliabilityEstimate]
        /// The units with sufficient data for their own fit (J' or K') and all the level's units (J or K).
        public var unitsUsed: Int, unitCount: Int
    }

    /// REML or full ML.
    public var method: EstimationMethod
    /// The fixed effects gamma_pqs in order p, q, s.
    public var fixedEffects: [FixedEffect]
    /// sigma^2, the level-1 variance (of a heterogeneous model: at c = 0, exp(alpha_0)).
    public var sigma2: Double
    /// Tau_pi (level 2) and Tau_beta (level 3).
    public var level2Tau: Tau, level3Tau: Tau
    /// -2 log-likelihood (full ML) or the REML criterion, including the N ln(2 pi) constant.
    public var deviance: Double
    /// The parameters counted as HLM does (see `ThreeLevelFit.parameterCount`).
    public var parameters: Int
    /// How the optimisation ended.
    public var convergence: ConvergenceRecord
    /// The level-1 variance model; nil for homogeneous sigma^2.
    public var level1Variance: Level1Variance?
    /// N, J and K used.
    public var level1Units: Int, level2Units: Int, level3Units: Int
    /// "Final estimation of level-1 and level-2 variance components" (the tests of Tau_pi's diagonal and the
    /// reliabilities of the level-1 coefficients) and of the level-3 ones (Tau_beta's diagonal, the
    /// reliabilities of the level-2 coefficients).
    public var level2Components: ComponentStatistics, level3Components: ComponentStatistics

    /// The tables of `fit`, with the OLS-based statistics computed on the `data` it was fitted to.
    init(_ fit: ThreeLevelFit, data: MultilevelData, specification: ModelSpecification) {
        let design = fit.design
        method = fit.method
        fixedEffects = design.fixedLabels.indices.map { c in
            let label = design.fixedLabels[c], df = design.fixedDF[c], estimate = fit.gamma[c]
            let se = fit.gammaCovariance[c, c].squareRoot(), robust = fit.robustCovariance[c, c].squareRoot()
            return FixedEffect(coefficient: label.coefficient, level2Predictor: label.level2Predictor,
                               predictor: label.predictor, estimate: estimate, standardError: se,
                               tRatio: estimate / se, degreesOfFreedom: df,
                               pValue: Distributions.studentTTwoSidedP(estimate / se, degreesOfFreedom: Double(df)),
                               robustStandardError: robust, robustTRatio: estimate / robust,
                               robustPValue: Distributions.studentTTwoSidedP(estimate / robust, degreesOfFreedom: Double(df)))
        }
        sigma2 = fit.sigma2
        level2Tau = Tau(coefficients: design.level2Random, matrix: fit.tauPi.nested)
        level3Tau = Tau(coefficients: design.level3Random, matrix: fit.tauBeta.nested)
        deviance = fit.deviance
        parameters = fit.parameterCount
        convergence = fit.convergence
        level1Units = design.rowCount
        level2Units = design.level2UnitCount
        level3Units = design.level3UnitCount
        let components = ThreeLevelVarianceComponents(fit, data: data, specification: specification)
        level2Components = components.level2
        level3Components = components.level3
        if let homogeneous = fit.homogeneous {
            let heterogeneous = ModelDeviance(deviance: fit.deviance, parameters: fit.parameterCount)
            let chiSquare = max(homogeneous.deviance - fit.deviance, 0), df = design.varianceCount
            let alpha = [Level1Variance.Alpha(predictor: ReservedWord.intercept1, estimate: log(fit.sigma2))]
                + zip(design.variancePredictors, zip(fit.alpha, fit.alphaStandardErrors)).map { name, value in
                    let z = value.1.map { value.0 / $0 }
                    return Level1Variance.Alpha(predictor: name, estimate: value.0, standardError: value.1, z: z,
                                                p: z.map(Distributions.normalTwoSidedP))
                }
            level1Variance = Level1Variance(alpha: alpha, homogeneous: homogeneous, heterogeneous: heterogeneous,
                                            chiSquare: chiSquare, df: df,
                                            p: Distributions.chiSquareUpperTail(chiSquare, degreesOfFreedom: Double(df)))
        }
    }
}
