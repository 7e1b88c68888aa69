import Foundation
@testable import HLMKit

/// Reference inference numbers computed in R by references/inference-references.R (dense per-unit algebra at
/// the lme4 or hetmle.R estimates; clubSandwich CR0 for the robust SEs and lmerTest's Satterthwaite df of
/// homogeneous models), stored in Fixtures/Inference/*.json.
struct InferenceFixture: Decodable {
    struct Component: Decodable {
        var coefficient: String
        var df: Int
        var chiSquare: Double
        var p: Double
    }
    struct Reliability: Decodable {
        var coefficient: String
        var estimate: Double
    }
    struct Homogeneity: Decodable {
        var minimumDF: Int
        var unitsUsed: Int
        var df: Int
        var chiSquare: Double
        var p: Double
    }
    struct Wald: Decodable {
        var hypothesis: String
        var df: Int
        var chiSquare: Double
        var p: Double
        var robustChiSquare: Double
        var robustP: Double
    }
    struct EBResidual: Decodable {
        var unit: String
        var mean: [Double]
        var covariance: [[Double]]
    }

    var name: String
    var models: [String]
    var sigma2: [String]
    var method: EstimationMethod
    var robustSE: [Double]
    var olsUnits: Int
    var varianceComponents: [Component]
    var reliability: [Reliability]
    var homogeneity: Homogeneity
    var waldTests: [Wald]
    var ebResiduals: [EBResidual]
    var clubSandwichCR0: [Double]?
    /// SEs of vech(T) then sigma^2 (or the alphas) from the dense expected information.
    var covarianceSE: [Double]
    /// lmerTest's Satterthwaite df (homogeneous models).
    var satterthwaiteDF: [Double]?

    /// The fixtures in Fixtures/Inference.
    static let names = ["hsb-null-reml", "hsb-female-slope-reml", "hsb-slopes-as-outcomes-reml", "hsb-hetero-female-fml"]

    /// Each fixture's model, fitted once (a cache shared by the tests) with everything `inferenceOptions` asks for.
    private static let fitted: [String: Result<(InferenceFixture, HLMAnalysis), any Error>] =
        Dictionary(uniqueKeysWithValues: names.map { name in
            (name, Result {
                let fixture = try named(name)
                return (fixture, try HLMAnalysis.run(fixture.request(), inference: fixture.inferenceOptions()))
            })
        })

    /// The fixture called `name` and its fitted analysis.
    static func analysis(_ name: String) throws -> (InferenceFixture, HLMAnalysis) {
        guard let result = fitted[name] else { throw InferenceFixtureError.unknown(name) }
        return try result.get()
    }

    /// The fixture called `name`.
    static func named(_ name: String) throws -> InferenceFixture {
        let url = try fixtureURL("Inference/\(name).json")
        return try JSONDecoder().decode(InferenceFixture.self, from: Data(contentsOf: url))
    }

    /// The request that fits this fixture's model on the embedded HS&B files.
    func request() throws -> AnalysisRequest {
        AnalysisRequest(level1Path: try ReferenceFixture.resolve("hsb1.csv"),
                        level2Path: try ReferenceFixture.resolve("hsb2.csv"), idColumn: "ID",
                        specification: try ModelSpecification.parse(models: models, variancePredictors: sigma2),
                        options: EstimationOptions(method: method))
    }

    /// The options that ask for this fixture's homogeneity test, Wald tests and Satterthwaite df, and the
    /// residual tables.
    func inferenceOptions() throws -> InferenceOptions {
        InferenceOptions(homogeneityTest: true,
                         homogeneityMinimumDegreesOfFreedom: homogeneity.minimumDF,
                         hypothesisTests: try waldTests.map { try FixedEffectHypothesis.parse($0.hypothesis) },
                         satterthwaite: satterthwaiteDF != nil, residuals: true)
    }
}

enum InferenceFixtureError: Error {
    case unknown(String)
}
