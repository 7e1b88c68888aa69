import Foundation
@testable import HLMKit

/// Non-normal designs for the PQL tests, built through the pipeline: the data joined from one fixture file, the
/// design from `ModelDesign.build`, then the design conventions of a non-normal family applied here when the build
/// has not applied them (the raw outcome in the outcome column, no outcome shift, `level1.response` filled from
/// the specification's family, trials, exposure and over-dispersion settings).
enum GeneralizedDesigns {
    /// The level-1 file `Fixtures/PQL/<file>` (no level-2 file) joined by `id`, keeping `variables`.
    static func data(_ file: String, id: String, variables: [String]) throws -> MultilevelData {
        let table = try CSVTable.read(path: try fixtureURL("PQL/" + file).path)
        return try MultilevelData.join(level1: table, level2: nil, idColumn: id, level1Variables: variables,
                                       level2Variables: [], missingCodes: [], dropUnmatched: false)
    }

    /// The design of `specification` (family, trials, exposure and over-dispersion set) on `data`.
    static func build(data: MultilevelData, specification: ModelSpecification) throws -> ModelDesign {
        var design = try ModelDesign.build(data: data, specification: specification)
        guard specification.family != .normal, design.level1.response == nil else { return design }
        let y = data.level1[specification.level1.outcome]!, n = y.count, k = design.rowWidth
        for i in 0..<n { design.rows[i * k + k - 1] = y[i] }
        design.level1.outcomeShift = 0
        var response = GeneralizedResponse(
            family: specification.family, outcome: y,
            trials: specification.trialsVariable.map { data.level1[$0]! } ?? Array(repeating: 1, count: n),
            offset: specification.exposureVariable.map { data.level1[$0]!.map { log($0) } }
                ?? Array(repeating: 0, count: n))
        response.overdispersion = specification.overdispersion
        design.level1.response = response
        return design
    }
}
