import Foundation
@testable import HLMKit

/// Hand-built inference results on `ReportExamples`' analyses, for the report tests. The numbers are those
/// of references/inference-references.R for the same models, rounded.
enum InferenceExamples {
    static func robust(_ effects: [FixedEffectEstimate], _ se: [Double]) -> [FixedEffectEstimate] {
        zip(effects, se).map { effect, se in
            var robust = effect
            robust.standardError = se
            robust.tRatio = effect.estimate / se
            return robust
        }
    }

    static func component(_ name: String, _ variance: Double, df: Int? = nil, chiSquare: Double? = nil,
                          p: Double? = nil) -> VarianceComponentTest {
        VarianceComponentTest(coefficient: name, standardDeviation: variance.squareRoot(), variance: variance,
                              degreesOfFreedom: df, chiSquare: chiSquare, pValue: p)
    }

    /// Intercepts and slopes as outcomes with every optional test: homogeneity, two Wald tests (one from a
    /// command-file weight row) and a comparison with a previous model.
    static let slopesAsOutcomes: HLMAnalysis = {
        var analysis = ReportExamples.slopesAsOutcomesAnalysis
        let fit = analysis.fit
        analysis.inference = InferenceResults(
            robustFixedEffects: robust(fit.fixedEffects, [0.173695, 0.308478, 0.334600, 0.147482, 0.237413, 0.332795]),
            varianceComponents: [component("INTRCPT1", 2.37945, df: 157, chiSquare: 604.99623, p: 8.0e-54),
                                 component("SES", 0.10120, df: 157, chiSquare: 162.22823, p: 0.37094),
                                 component("level-1", 36.72117)],
            olsUnits: 160, unitCount: 160,
            reliabilities: [ReliabilityEstimate(coefficient: "INTRCPT1", estimate: 0.733),
                            ReliabilityEstimate(coefficient: "SES", estimate: 0.073)],
            covarianceParameters: [
                CovarianceParameterEstimate(parameter: "tau(INTRCPT1,INTRCPT1)", estimate: 2.37945, standardError: 0.365667),
                CovarianceParameterEstimate(parameter: "tau(SES,INTRCPT1)", estimate: 0.19122, standardError: 0.201826),
                CovarianceParameterEstimate(parameter: "tau(SES,SES)", estimate: 0.10120, standardError: 0.214805),
                CovarianceParameterEstimate(parameter: "sigma2", estimate: 36.72117, standardError: 0.625989),
            ],
            satterthwaite: zip([159.913, 149.613, 150.983, 139.310, 143.351, 160.561], fit.fixedEffects).map {
                SatterthwaiteTest(degreesOfFreedom: $0, pValue: Distributions.studentTTwoSidedP($1.tRatio,
                                                                                              degreesOfFreedom: $0))
            },
            homogeneityTest: HomogeneityTest(chiSquare: 246.11665, degreesOfFreedom: 159, pValue: 1.13e-5,
                                             unitsUsed: 160, unitCount: 160, minimumDegreesOfFreedom: 10),
            hypothesisTests: [
                WaldTest(hypothesis: "INTRCPT1/SECTOR = 0; SES/SECTOR = 0",
                         contrasts: [[0, 1, 0, 0, 0, 0], [0, 0, 0, 0, 1, 0]], values: [0, 0],
                         estimates: [1.226453, -1.642619], degreesOfFreedom: 2, chiSquare: 67.60422, pValue: 2.1e-15,
                         robustChiSquare: 60.68158, robustPValue: 6.7e-14),
                WaldTest(hypothesis: "gamma1 (command file)", contrasts: [[0, 0, 1, 0, 0, -2]], values: [0],
                         estimates: [3.255062], degreesOfFreedom: 1, chiSquare: 40.1, pValue: 2.4e-10,
                         robustChiSquare: 38.2, robustPValue: 6.4e-10),
            ],
            modelComparison: LikelihoodRatioTest(previous: ModelDeviance(deviance: 46568.5, parameters: 2),
                                                 current: ModelDeviance(deviance: fit.deviance,
                                                                        parameters: fit.parameterCount)))
        return analysis
    }()

    /// The heterogeneous example, whose OLS statistics use 123 of 160 units.
    static let heterogeneous: HLMAnalysis = {
        var analysis = ReportExamples.heterogeneousAnalysis
        analysis.inference = InferenceResults(
            robustFixedEffects: robust(analysis.fit.fixedEffects, [0.261009, 0.185815]),
            varianceComponents: [component("INTRCPT1", 8.42347, df: 122, chiSquare: 561.92910, p: 1e-50),
                                 component("FEMALE", 1.12486, df: 122, chiSquare: 139.29760, p: 0.135)],
            olsUnits: 123, unitCount: 160,
            reliabilities: [ReliabilityEstimate(coefficient: "INTRCPT1", estimate: 0.791),
                            ReliabilityEstimate(coefficient: "FEMALE", estimate: 0.142)],
            homogeneityTest: HomogeneityTest(chiSquare: 287.21861, degreesOfFreedom: 159, pValue: 2.0e-9,
                                             unitsUsed: 160, unitCount: 160, minimumDegreesOfFreedom: 10))
        return analysis
    }()
}
