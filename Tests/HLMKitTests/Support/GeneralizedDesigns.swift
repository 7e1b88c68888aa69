import Foundation
import Testing
@testable import HLMKit

/// Non-normal designs for the PQL tests, built through the pipeline: the data joined from one fixture file and the
/// design from `ModelDesign.build`.
enum GeneralizedDesigns {
    /// The level-1 file `Fixtures/PQL/<file>` (or, for a name starting with `data/`, that file of the package, as
    /// `data/contraception.csv`) joined by `id` (no level-2 file), keeping `variables`.
    static func data(_ file: String, id: String, variables: [String]) throws -> MultilevelData {
        let path = file.hasPrefix("data/") ? packageRoot.appendingPathComponent(file).path
            : try fixtureURL("PQL/" + file).path
        let table = try CSVTable.read(path: path)
        return try MultilevelData.join(level1: table, level2: nil, idColumn: id, level1Variables: variables,
                                       level2Variables: [], missingCodes: [], dropUnmatched: false)
    }

    /// The design of `specification` (family, trials, exposure and over-dispersion set) on `data`, as
    /// `ModelDesign.build` makes it (raw outcome, no outcome shift, `level1.response` filled).
    static func build(data: MultilevelData, specification: ModelSpecification) throws -> ModelDesign {
        let design = try ModelDesign.build(data: data, specification: specification)
        #expect(design.level1.response?.family == specification.family)
        return design
    }
}
