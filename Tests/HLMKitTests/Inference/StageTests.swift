import HLMExamples
import Testing
@testable import HLMKit

/// The stages called one by one (design -> `Estimator.fit` -> `Inference.compute`) give exactly what
/// `HLMAnalysis.run` gives, and a heterogeneous fit keeps the homogeneous fit it started from.
@Suite("Stages called by hand")
struct StageTests {
    /// The example's data joined from the HS&B files and its fit, by `options`.
    static func fit(_ example: Example, options: EstimationOptions) throws -> (MultilevelData, FittedModel) {
        let specification = try example.specification()
        let data = try joinedHSB(for: specification)
        return (data, try Estimator.fit(ModelDesign.build(data: data, specification: specification), options: options))
    }

    @Test("design, fit and inference by hand equal the pipeline, for the model and its homogeneous part")
    func byHand() throws {
        let example = try #require(Example.named("hsb-heterogeneous-sigma2"))
        let analysis = try example.run()
        let (data, fitted) = try Self.fit(example, options: analysis.options)
        let homogeneous = try #require(fitted.homogeneous)
        #expect(homogeneous.homogeneous == nil && !homogeneous.design.level1.isHeterogeneous)
        #expect(fitted.method == analysis.options.method && homogeneous.method == fitted.method)

        let tables = try Inference.compute(fitted, data: data, options: InferenceOptions())
        let homogeneousTables = try Inference.compute(homogeneous, data: data, options: InferenceOptions())
        #expect(tables.fit == analysis.fit)
        #expect(tables.inference == analysis.inference)
        #expect(homogeneousTables.fit == analysis.homogeneousFit)
        #expect(homogeneousTables.inference == analysis.homogeneousInference)
        #expect(tables.fit.level1Variance?.homogeneous.deviance == homogeneous.deviance)
        #expect(tables.fit.deviance == fitted.deviance && tables.fit.convergence == fitted.convergence)
    }

    @Test("a homogeneous model is fitted once and reports sigma^2")
    func homogeneousOnce() throws {
        let (data, fitted) = try Self.fit(try #require(Example.named("hsb-null")), options: EstimationOptions())
        #expect(fitted.homogeneous == nil)
        let fit = try Inference.compute(fitted, data: data, options: InferenceOptions()).fit
        #expect(fit.sigma2 != nil && fit.level1Variance == nil)
    }
}
