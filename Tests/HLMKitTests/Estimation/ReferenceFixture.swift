import Foundation
import HLMExamples
@testable import HLMKit

/// A reference fit computed in R (lme4, nlme or shared/tools/hetmle.R) by references/*.R and stored in
/// Fixtures/References/*.json.
struct ReferenceFixture: Decodable {
    struct Coefficient: Decodable {
        var coefficient: String
        var predictor: String
        var estimate: Double
        var se: Double
    }
    struct Tau: Decodable {
        var coefficients: [String]
        var matrix: [[Double]]
    }
    struct Alpha: Decodable {
        var predictor: String
        var estimate: Double
        var se: Double
        var seExpected: Double?
    }
    struct Estimates: Decodable {
        var parameters: Int
        var deviance: Double
        var gamma: [Coefficient]
        var tau: Tau
        var sigma2: Double?
        var alpha: [Alpha]?
    }
    struct Homogeneous: Decodable {
        var parameters: Int
        var deviance: Double
    }
    struct Comparison: Decodable {
        var chiSquare: Double
        var df: Int
    }
    struct Counts: Decodable {
        var level1Used: Int
        var level1Excluded: Int
        var level2Used: Int
        var level2Excluded: Int
    }
    struct DataFiles: Decodable {
        var level1: String
        var level2: String?
        var id: String
    }

    var name: String
    var models: [String]
    var sigma2: [String]
    var method: EstimationMethod
    var data: DataFiles
    var counts: Counts
    var estimates: Estimates
    var homogeneous: Homogeneous?
    var comparison: Comparison?

    /// All fixtures in Fixtures/References.
    static func all() throws -> [ReferenceFixture] {
        let folder = try fixtureURL("References")
        let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "json" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        return try files.map { try JSONDecoder().decode(ReferenceFixture.self, from: Data(contentsOf: $0)) }
    }

    /// A data path of the fixture: the embedded example files by bare name, else relative to Fixtures.
    static func resolve(_ path: String) throws -> String {
        if ExampleData.text(path) != nil { return exampleFilePath(path) }
        return try fixtureURL(path).path
    }

    /// The request that fits this fixture's model with hlm.
    func request() throws -> AnalysisRequest {
        let specification = try ModelSpecification.parse(models: models, variancePredictors: sigma2)
        return AnalysisRequest(level1Path: try Self.resolve(data.level1),
                               level2Path: try data.level2.map(Self.resolve), idColumn: data.id,
                               specification: specification, options: EstimationOptions(method: method))
    }
}
