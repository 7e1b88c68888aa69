import Foundation
@testable import HLMKit

/// Designs of non-normal outcomes for the estimation tests, built through the library: the data joined from a
/// CSV file or from columns, the design built by `ModelDesign.build`, then its response side set as the
/// design conventions for a non-normal family say (raw outcome in the outcome column, no outcome shift,
/// `level1.response` filled, trials 1 unless given, offset ln(exposure) or 0).
enum GeneralizedTestData {
    /// The design of `models` on `data` for `family`, with the trials and exposure columns named.
    static func design(_ data: MultilevelData, _ models: [String], family: ResponseFamily,
                       trials: String? = nil, exposure: String? = nil) throws -> ModelDesign {
        var specification = try ModelSpecification.parse(models: models)
        specification.family = family
        specification.trialsVariable = trials
        specification.exposureVariable = exposure
        var design = try ModelDesign.build(data: data, specification: specification)
        let outcome = data.level1[specification.level1.outcome]!
        let n = design.rowCount, k = design.rowWidth
        for i in 0..<n { design.rows[i * k + k - 1] = outcome[i] }
        design.level1.outcomeShift = 0
        design.level1.response = GeneralizedResponse(
            family: family, outcome: outcome,
            trials: trials.map { data.level1[$0]! } ?? Array(repeating: 1, count: n),
            offset: exposure.map { data.level1[$0]!.map { log($0) } } ?? Array(repeating: 0, count: n))
        return design
    }

    /// mlmRev's Contraception (Tests/HLMKitTests/Fixtures/Data/contraception.csv, a copy of the shared data
    /// set): 1,934 women in 60 districts, joined by DISTRICT, with the level-1 columns `variables`.
    static func contraception(_ variables: [String] = ["USE", "URBAN", "AGE", "LIV"]) throws -> MultilevelData {
        let path = packageRoot.appendingPathComponent("Tests/HLMKitTests/Fixtures/Data/contraception.csv").path
        let table = try CSVTable.read(path: path)
        return try MultilevelData.join(level1: table, level2: nil, idColumn: "DISTRICT", level1Variables: variables,
                                       level2Variables: [], missingCodes: [], dropUnmatched: false)
    }

    /// The model: USE = INTRCPT1 + URBAN + AGE + LIV, random intercept by district.
    static let contraceptionModel = ["USE = INTRCPT1 + URBAN + AGE + LIV", "INTRCPT1 = INTRCPT2 + random",
                                     "URBAN = INTRCPT2", "AGE = INTRCPT2", "LIV = INTRCPT2"]
}
