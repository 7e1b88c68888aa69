import Testing
@testable import HLMKit

/// A heterogeneous analysis also reports HLM's tables for the homogeneous model it starts from, and they are
/// those of fitting the homogeneous model on its own.
@Suite("Inference of the homogeneous model in a heterogeneous analysis")
struct HomogeneousPartInferenceTests {
    static let models = ["MATHACH = INTRCPT1 + FEMALE", "INTRCPT1 = INTRCPT2 + random", "FEMALE = INTRCPT2 + random"]

    static func run(sigma2: [String]) throws -> HLMAnalysis {
        try HLMAnalysis.run(AnalysisRequest(
            level1Path: exampleFilePath("hsb1.csv"),
            level2Path: exampleFilePath("hsb2.csv"), idColumn: "ID",
            specification: ModelSpecification.parse(models: models, variancePredictors: sigma2),
            options: EstimationOptions(method: .fml)))
    }

    @Test("equal to the homogeneous model's own inference, and close to HLM 8's printout")
    func sameAsAlone() throws {
        let heterogeneous = try Self.run(sigma2: ["FEMALE"])
        let alone = try #require(try Self.run(sigma2: []).inference)
        let part = try #require(heterogeneous.homogeneousInference)
        #expect(heterogeneous.inference != nil)
        for (a, b) in zip(part.robustFixedEffects, alone.robustFixedEffects) {
            expectClose(a.standardError, b.standardError, relative: 1e-9, "robust SE")
        }
        for (a, b) in zip(part.varianceComponents, alone.varianceComponents) {
            expectClose(a.chiSquare ?? 0, b.chiSquare ?? 0, relative: 1e-9, "chi-square \(a.coefficient)")
        }
        #expect(part.olsUnits == 123)
        // HLM 8 (full ML, the manual's model) prints robust SEs 0.261027 / 0.185897 and chi-squares
        // 589.08609 / 139.99921 at estimates that stop short of the optimum.
        expectClose(part.robustFixedEffects[0].standardError, 0.261027, absolute: 1e-5, "robust SE gamma00 (HLM 8)")
        expectClose(part.robustFixedEffects[1].standardError, 0.185897, absolute: 1e-5, "robust SE gamma10 (HLM 8)")
        expectClose(part.varianceComponents[0].chiSquare ?? 0, 589.08609, absolute: 0.01, "chi-square u0 (HLM 8)")
        expectClose(part.varianceComponents[1].chiSquare ?? 0, 139.99921, absolute: 0.01, "chi-square u1 (HLM 8)")
    }
}
