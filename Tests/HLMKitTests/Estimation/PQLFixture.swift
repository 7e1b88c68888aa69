import Foundation
@testable import HLMKit

/// A PQL reference computed in R by references/pql-references.R (MASS::glmmPQL's macro iterations run to a
/// tight fixed point, and the population-average model by hand) and stored in Fixtures/PQL/*.json.
struct PQLFixture: Decodable {
    /// The unit-specific estimates: gamma and its SEs (vcov), Tau and sigma^2 (1 when fixed), in HLM's order.
    struct Estimates: Decodable {
        var gamma: [Double], se: [Double], tau: [[Double]], sigma2: Double
    }
    /// The population-average gamma and its robust SEs.
    struct PopulationAverage: Decodable {
        var gamma: [Double], robustSE: [Double]
    }

    /// The fixture's file name and its data file (in Fixtures/PQL) with the unit ID column.
    var name: String, data: String, id: String
    /// The model's equations, family, trials and exposure columns, over-dispersion and method.
    var models: [String], family: ResponseFamily, trials: String?, exposure: String?
    var overdispersion: Bool, method: EstimationMethod
    /// The macro iterations run to their fixed point.
    var estimates: Estimates
    /// glmmPQL as users call it (its own stopping rule; full ML only).
    var glmmPQL: Estimates?
    var populationAverage: PopulationAverage?

    /// The fixture `Fixtures/PQL/<name>.json`.
    static func named(_ name: String) throws -> PQLFixture {
        try JSONDecoder().decode(PQLFixture.self, from: Data(contentsOf: fixtureURL("PQL/\(name).json")))
    }

    /// The fixture's joined data.
    func joinedData() throws -> MultilevelData {
        let variables = Set(models.flatMap { $0.split(whereSeparator: { " =+".contains($0) }).map(String.init) })
            .subtracting(["INTRCPT1", "INTRCPT2", "random"]).union([trials, exposure].compactMap { $0 })
        // `data` names a file of Fixtures/PQL, or one of the package's data/ (data/contraception.csv).
        let path = data.hasPrefix("data/") ? packageRoot.appendingPathComponent(data).path
            : try fixtureURL("PQL/" + data).path
        return try GeneralizedTestData.join(path: path, id: id, variables: variables.sorted())
    }

    /// The fixture's design, built through the pipeline (`GeneralizedTestData.design`).
    func design() throws -> ModelDesign {
        var specification = try ModelSpecification.parse(models: models, variancePredictors: [])
        specification.family = family
        specification.trialsVariable = trials
        specification.exposureVariable = exposure
        specification.overdispersion = overdispersion
        return try GeneralizedTestData.design(joinedData(), specification: specification)
    }
}
