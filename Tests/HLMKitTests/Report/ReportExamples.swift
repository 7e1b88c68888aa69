import Foundation
@testable import HLMKit

/// Hand-built analyses for the report tests. The HS&B numbers are the intercepts-and-slopes-as-outcomes model
/// (REML) quoted in the report issue; the heterogeneous-sigma^2 numbers are the FEMALE example (FML),
/// whose block layout follows HLM's manual (section "Model heterogeneity of level-1 variances").
enum ReportExamples {
    static let hsbData = DataSummary(level1File: "hsb1.csv", level2File: "hsb2.csv", level1Read: 7185,
                                     level1Used: 7185, level1Excluded: 0, level2Read: 160, level2Used: 160,
                                     level2Excluded: 0, exclusionReasons: [])

    /// MATHACH = INTRCPT1 + group(SES); both coefficients on SECTOR and grand(MEANSES), both random.
    static let slopesAsOutcomes: ModelSpecification = {
        let level2 = ["INTRCPT1", "SES"].map { coefficient in
            Level2Equation(coefficient: coefficient, hasIntercept: true,
                           predictors: [Predictor("SECTOR"), Predictor("MEANSES", centering: .grand)],
                           isRandom: true)
        }
        return ModelSpecification(
            level1: Level1Equation(outcome: "MATHACH", hasIntercept: true,
                                   predictors: [Predictor("SES", centering: .group)]),
            level2: level2)
    }()

    /// A fixed-effect row; t defaults to estimate / se (HLM's t comes from the unrounded values).
    static func fixed(_ coefficient: String, _ predictor: String, _ estimate: Double, _ se: Double,
                      t: Double? = nil, df: Int, p: Double = 1e-12) -> FixedEffectEstimate {
        FixedEffectEstimate(coefficient: coefficient, predictor: predictor, estimate: estimate, standardError: se,
                            tRatio: t ?? estimate / se, degreesOfFreedom: df, pValue: p)
    }

    static func steps(_ deviances: [Double], algorithm: String = "Fisher scoring") -> [IterationStep] {
        deviances.enumerated().map { IterationStep(iteration: $0 + 1, deviance: $1, algorithm: algorithm) }
    }

    static let slopesAsOutcomesFit = HLMFit(
        method: .reml, deviance: 46503.664125, parameterCount: 4,
        fixedEffects: [
            fixed("INTRCPT1", "INTRCPT2", 12.095997, 0.198733, t: 60.865, df: 157),
            fixed("INTRCPT1", "SECTOR", 1.226453, 0.306267, df: 157),
            fixed("INTRCPT1", "MEANSES", 5.332898, 0.369157, df: 157),
            fixed("SES", "INTRCPT2", 2.938785, 0.155089, df: 157),
            fixed("SES", "SECTOR", -1.642619, 0.239785, df: 157),
            fixed("SES", "MEANSES", 1.038918, 0.298894, df: 157),
        ],
        tauCoefficients: ["INTRCPT1", "SES"], tau: [[2.37945, 0.19122], [0.19122, 0.10120]], sigma2: 36.72117,
        level1Variance: nil,
        convergence: ConvergenceRecord(converged: true, iterations: 4, gradientNorm: 3.2e-7, devianceChange: 4.1e-9,
                                       message: "small change in deviance"),
        history: steps([46512.401277, 46503.901155, 46503.664131, 46503.664125]), warnings: [])

    static let slopesAsOutcomesAnalysis = HLMAnalysis(
        title: "Intercepts and slopes as outcomes", specification: slopesAsOutcomes, data: hsbData,
        options: EstimationOptions(), fit: slopesAsOutcomesFit)

    /// The same model after a run that hit the iteration limit, with excluded rows and fit warnings.
    static let notConvergedAnalysis: HLMAnalysis = {
        var analysis = slopesAsOutcomesAnalysis
        analysis.options = EstimationOptions(method: .fml, maxIterations: 25, tolerance: 1e-8)
        analysis.data.level1Read = 7197
        analysis.data.level1Excluded = 12
        analysis.data.exclusionReasons = ["12 level-1 rows with a missing value in SES"]
        analysis.fit.method = .fml
        analysis.fit.convergence = ConvergenceRecord(
            converged: false, iterations: 25, gradientNorm: 0.0123, devianceChange: 2.5e-4,
            message: "Reached the maximum of 25 iterations; |change in deviance| = 2.5e-04 > tolerance 1e-08.")
        analysis.fit.history = steps((0..<25).map { 46600 - 4 * Double($0) }, algorithm: "EM")
        analysis.fit.warnings = ["The iterations did not converge.",
                                 "Tau is near the boundary: the SES slope variance is close to 0."]
        return analysis
    }()

    /// MATHACH = INTRCPT1 + FEMALE, both random, log sigma^2_ij = alpha_0 + alpha_1 FEMALE_ij (FML).
    static let heterogeneous = ModelSpecification(
        level1: Level1Equation(outcome: "MATHACH", hasIntercept: true, predictors: [Predictor("FEMALE")]),
        level2: ["INTRCPT1", "FEMALE"].map {
            Level2Equation(coefficient: $0, hasIntercept: true, predictors: [], isRandom: true)
        },
        variancePredictors: [Predictor("FEMALE")])

    static let homogeneousDeviance = ModelDeviance(deviance: 47051.30061, parameters: 6)
    static let heterogeneousDeviance = ModelDeviance(deviance: 47044.11270, parameters: 7)

    static let level1Variance = Level1VarianceResult(
        predictors: ["INTRCPT1", "FEMALE"],
        alpha: [
            AlphaEstimate(predictor: "INTRCPT1", estimate: 3.70401, standardError: 0.024800, zRatio: 149.36,
                          pValue: 0.0, pValueHLM: 0.0),
            AlphaEstimate(predictor: "FEMALE", estimate: -0.09131, standardError: 0.034083, zRatio: -2.68,
                          pValue: 0.00737, pValueHLM: 0.00817),
        ],
        homogeneous: homogeneousDeviance, heterogeneous: heterogeneousDeviance,
        chiSquare: 7.18790, degreesOfFreedom: 1, pValue: 0.0073)

    static func femaleFit(deviance: ModelDeviance, sigma2: Double?, iterations: Int) -> HLMFit {
        HLMFit(
            method: .fml, deviance: deviance.deviance, parameterCount: deviance.parameters,
            fixedEffects: [fixed("INTRCPT1", "INTRCPT2", 13.345063, 0.251867, df: 159),
                           fixed("FEMALE", "INTRCPT2", -1.359486, 0.170184, df: 159)],
            tauCoefficients: ["INTRCPT1", "FEMALE"], tau: [[8.42347, -1.66122], [-1.66122, 1.12486]],
            sigma2: sigma2, level1Variance: sigma2 == nil ? level1Variance : nil,
            convergence: ConvergenceRecord(converged: true, iterations: iterations, gradientNorm: 1.1e-6,
                                           devianceChange: 6.3e-9, message: "small change in deviance"),
            history: steps((0..<iterations).map { deviance.deviance + pow(10, -Double($0)) }), warnings: [])
    }

    static let heterogeneousAnalysis = HLMAnalysis(
        title: "Heterogeneous level-1 variance by FEMALE", specification: heterogeneous,
        data: DataSummary(level1File: "hsb1.csv", level2File: "hsb2.csv", level1Read: 7185, level1Used: 7185,
                          level1Excluded: 0, level2Read: 160, level2Used: 160, level2Excluded: 0,
                          exclusionReasons: []),
        options: EstimationOptions(method: .fml),
        fit: femaleFit(deviance: heterogeneousDeviance, sigma2: nil, iterations: 4),
        homogeneousFit: femaleFit(deviance: homogeneousDeviance, sigma2: 39.14779, iterations: 3))
}
