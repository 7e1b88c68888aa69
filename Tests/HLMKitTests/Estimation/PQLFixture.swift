import Foundation
@testable import HLMKit

/// A PQL reference computed in R by references/pql-references.R (MASS::glmmPQL's macro iterations run to a
/// tight fixed point, and the population-average model by hand) and stored in Fixtures/PQL/*.json.
struct PQLFixture: Decodable {
    struct Estimates: Decodable {
        var gamma: [Double]
        var se: [Double]
        var tau: [[Double]]
        var sigma2: Double
    }
    struct PopulationAverage: Decodable {
        var gamma: [Double]
        var robustSE: [Double]
    }

    var name: String
    var data: String
    var id: String
    var models: [String]
    var family: ResponseFamily
    var trials: String?
    var exposure: String?
    var overdispersion: Bool
    var method: EstimationMethod
    /// The macro iterations run to their fixed point.
    var estimates: Estimates
    /// glmmPQL as users call it (its own stopping rule).
    var glmmPQL: Estimates
    var populationAverage: PopulationAverage?

    /// The fixture `Fixtures/PQL/<name>.json`.
    static func named(_ name: String) throws -> PQLFixture {
        try JSONDecoder().decode(PQLFixture.self, from: Data(contentsOf: fixtureURL("PQL/\(name).json")))
    }

    /// The fixture's joined data.
    func joinedData() throws -> MultilevelData {
        let variables = Set(models.flatMap { $0.split(whereSeparator: { " =+".contains($0) }).map(String.init) })
            .subtracting(["INTRCPT1", "INTRCPT2", "random"]).union([trials, exposure].compactMap { $0 })
        return try GeneralizedDesigns.data(data, id: id, variables: variables.sorted())
    }

    /// The fixture's design, built through the pipeline (`GeneralizedDesigns`).
    func design() throws -> ModelDesign {
        var specification = try ModelSpecification.parse(models: models, variancePredictors: [])
        specification.family = family
        specification.trialsVariable = trials
        specification.exposureVariable = exposure
        specification.overdispersion = overdispersion
        return try GeneralizedDesigns.build(data: joinedData(), specification: specification)
    }
}
