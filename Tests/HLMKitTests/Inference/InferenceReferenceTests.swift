import Foundation
import Testing
@testable import HLMKit

/// The inference stage against independent computations in R (Fixtures/Inference, see `InferenceFixture`)
/// and the numbers HLM prints for the HS&B null model.
///
/// The R numbers are evaluated at lme4's (or hetmle.R's) estimates, which agree with ours to about 1e-6
/// relative; the statistics move by the same relative amount, so they are compared at 1e-5 relative.
@Suite("Inference against references")
struct InferenceReferenceTests {
    static func results(_ name: String) throws -> (InferenceFixture, InferenceResults) {
        let (fixture, analysis) = try InferenceFixture.analysis(name)
        return (fixture, try #require(analysis.inference))
    }

    @Test("HS&B null model: HLM's robust SE, chi-square, df and reliability")
    func nullModelAsHLMPrints() throws {
        let (_, inference) = try Self.results("hsb-null-reml")
        let robust = try #require(inference.robustFixedEffects.first)
        expectClose(robust.standardError, 0.243628, absolute: 1e-6, "robust SE of gamma_00 (HLM prints 0.243628)")
        expectClose(robust.standardError, 0.2436278, absolute: 1e-7, "robust SE of gamma_00 (CR0, issue 5)")
        let component = try #require(inference.varianceComponents.first)
        #expect(component.degreesOfFreedom == 159)
        expectClose(try #require(component.chiSquare), 1660.23264, absolute: 1e-3, "chi-square of tau_00 (HLM)")
        expectClose(try #require(inference.reliabilities.first).estimate, 0.901, absolute: 1e-3,
                    "reliability of INTRCPT1 (HLM prints 0.901)")
        #expect(inference.varianceComponents.last?.coefficient == "level-1")
        #expect(inference.olsUnits == 160 && inference.unitCount == 160)
    }

    @Test("random FEMALE slope: 123 of 160 units have an OLS fit, df 122")
    func femaleSlopeUnits() throws {
        let (_, inference) = try Self.results("hsb-female-slope-reml")
        #expect(inference.olsUnits == 123)
        #expect(inference.unitCount == 160)
        #expect(inference.varianceComponents.prefix(2).map(\.degreesOfFreedom) == [122, 122])
        expectClose(try #require(inference.varianceComponents[0].chiSquare), 589.09, absolute: 0.02,
                    "chi-square of tau_00 (HLM's estimates give about 589.09)")
        expectClose(try #require(inference.varianceComponents[1].chiSquare), 140.00, absolute: 0.01,
                    "chi-square of tau_11 (HLM's estimates give about 140.00)")
    }

    @Test("robust SEs, variance-component tests and reliabilities match R", arguments: InferenceFixture.names)
    func matchesR(name: String) throws {
        let (fixture, inference) = try Self.results(name)
        #expect(inference.robustFixedEffects.count == fixture.robustSE.count)
        for (ours, reference) in zip(inference.robustFixedEffects, fixture.robustSE) {
            expectClose(ours.standardError, reference, relative: 1e-5, "\(name): robust SE of \(ours.coefficient)/\(ours.predictor)")
            expectClose(ours.tRatio, ours.estimate / reference, relative: 1e-5, "\(name): robust t")
        }
        for (ours, reference) in zip(inference.robustFixedEffects, fixture.clubSandwichCR0 ?? []) {
            expectClose(ours.standardError, reference, relative: 1e-5, "\(name): robust SE vs clubSandwich CR0")
        }
        #expect(inference.olsUnits == fixture.olsUnits)
        for (ours, reference) in zip(inference.varianceComponents, fixture.varianceComponents) {
            #expect(ours.coefficient == reference.coefficient)
            #expect(ours.degreesOfFreedom == reference.df)
            expectClose(try #require(ours.chiSquare), reference.chiSquare, relative: 1e-5, "\(name): chi-square \(reference.coefficient)")
            expectClose(try #require(ours.pValue), reference.p, relative: 1e-3, "\(name): p \(reference.coefficient)")
        }
        #expect(inference.reliabilities.map(\.coefficient) == fixture.reliability.map(\.coefficient))
        for (ours, reference) in zip(inference.reliabilities, fixture.reliability) {
            expectClose(ours.estimate, reference.estimate, relative: 1e-5, "\(name): reliability \(reference.coefficient)")
        }
    }

    @Test("homogeneity of level-1 variance matches R", arguments: InferenceFixture.names)
    func homogeneity(name: String) throws {
        let (fixture, inference) = try Self.results(name)
        let test = try #require(inference.homogeneityTest)
        #expect(test.unitsUsed == fixture.homogeneity.unitsUsed)
        #expect(test.degreesOfFreedom == fixture.homogeneity.df)
        #expect(test.minimumDegreesOfFreedom == fixture.homogeneity.minimumDF)
        expectClose(test.chiSquare, fixture.homogeneity.chiSquare, relative: 1e-10, "\(name): homogeneity H")
        expectClose(test.pValue, fixture.homogeneity.p, relative: 1e-8, "\(name): homogeneity p")
    }

    @Test("Wald tests match R with model-based and robust covariances")
    func waldTests() throws {
        let (fixture, inference) = try Self.results("hsb-slopes-as-outcomes-reml")
        #expect(inference.hypothesisTests.count == fixture.waldTests.count)
        for (ours, reference) in zip(inference.hypothesisTests, fixture.waldTests) {
            #expect(ours.hypothesis == reference.hypothesis)
            #expect(ours.degreesOfFreedom == reference.df)
            expectClose(ours.chiSquare, reference.chiSquare, relative: 1e-5, "Wald \(reference.hypothesis)")
            expectClose(ours.robustChiSquare, reference.robustChiSquare, relative: 1e-5,
                        "robust Wald \(reference.hypothesis)")
            expectClose(ours.pValue, reference.p, relative: 1e-3, "Wald p \(reference.hypothesis)")
            expectClose(ours.robustPValue, reference.robustP, relative: 1e-3, "robust Wald p \(reference.hypothesis)")
        }
    }

    /// HLM 8's output for the manual's FEMALE example, homogeneous model (full ML): robust SEs 0.261027 and
    /// 0.185897, chi-squares 589.08609 and 139.99921 on 122 df from 123 of 160 units. HLM stops its iterations
    /// short of the optimum (its gamma_00 is 13.345654, the optimum's 13.3453), so the bounds are HLM's last
    /// printed digit plus that difference.
    @Test("FEMALE model (full ML) as HLM 8 prints it")
    func femaleAsHLM8Prints() throws {
        let request = try InferenceFixture.named("hsb-female-slope-reml").request()
        let analysis = try HLMAnalysis.run(AnalysisRequest(
            level1Path: request.level1Path, level2Path: request.level2Path, idColumn: "ID",
            specification: request.specification, options: EstimationOptions(method: .fml)))
        let inference = try #require(analysis.inference)
        expectClose(inference.robustFixedEffects[0].standardError, 0.261027, absolute: 2e-5, "robust SE gamma_00 (HLM 8)")
        expectClose(inference.robustFixedEffects[1].standardError, 0.185897, absolute: 2e-5, "robust SE gamma_10 (HLM 8)")
        #expect(inference.olsUnits == 123)
        #expect(inference.varianceComponents.prefix(2).map(\.degreesOfFreedom) == [122, 122])
        expectClose(try #require(inference.varianceComponents[0].chiSquare), 589.08609, absolute: 0.02, "chi-square u0 (HLM 8)")
        expectClose(try #require(inference.varianceComponents[1].chiSquare), 139.99921, absolute: 0.02, "chi-square u1 (HLM 8)")
    }

    @Test("standard errors of Tau, sigma^2 and alpha from the expected information match R", arguments: InferenceFixture.names)
    func covarianceStandardErrors(name: String) throws {
        let (fixture, inference) = try Self.results(name)
        #expect(inference.covarianceParameters.count == fixture.covarianceSE.count)
        for (ours, reference) in zip(inference.covarianceParameters, fixture.covarianceSE) {
            expectClose(ours.standardError, reference, relative: 1e-4, "\(name): SE of \(ours.parameter)")
        }
    }

    /// lmerTest differentiates numerically at lme4's optimum and we at ours; the df agree to about 1e-6.
    @Test("Satterthwaite df match lmerTest", arguments: [
        "hsb-null-reml", "hsb-female-slope-reml", "hsb-slopes-as-outcomes-reml",
    ])
    func satterthwaite(name: String) throws {
        let (fixture, inference) = try Self.results(name)
        let ours = try #require(inference.satterthwaite)
        let reference = try #require(fixture.satterthwaiteDF)
        #expect(ours.count == reference.count)
        for (index, (test, df)) in zip(ours, reference).enumerated() {
            expectClose(test.degreesOfFreedom, df, relative: 1e-5, "\(name): Satterthwaite df of gamma \(index)")
        }
    }
}
