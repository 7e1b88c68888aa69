import Foundation
import Testing
@testable import HLMKit

/// Designs of non-normal outcomes for the estimation tests, built through the library: the data joined from a
/// CSV file of Fixtures/Data (Contraception: the package's data/contraception.csv), the design by
/// `ModelDesign.build`.
enum GeneralizedTestData {
    /// The design of `models` on `data` for `family`, with the trials and exposure columns named.
    static func design(_ data: MultilevelData, _ models: [String], family: ResponseFamily,
                       trials: String? = nil, exposure: String? = nil) throws -> ModelDesign {
        var specification = try ModelSpecification.parse(models: models)
        specification.family = family
        specification.trialsVariable = trials
        specification.exposureVariable = exposure
        return try design(data, specification: specification)
    }

    /// The design of `specification` (family, trials, exposure and over-dispersion set) on `data`, as
    /// `ModelDesign.build` makes it (raw outcome, no outcome shift, `level1.response` filled).
    static func design(_ data: MultilevelData, specification: ModelSpecification) throws -> ModelDesign {
        let design = try ModelDesign.build(data: data, specification: specification)
        #expect(design.level1.response?.family == specification.family)
        return design
    }

    /// The level-1 file at `path` joined by `id` (no level-2 file), keeping `variables`.
    static func join(path: String, id: String, variables: [String]) throws -> MultilevelData {
        try MultilevelData.join(level1: CSVTable.read(path: path), level2: nil, idColumn: id,
                                level1Variables: variables, level2Variables: [], missingCodes: [], dropUnmatched: false)
    }

    /// The level-1 columns `variables` of Tests/HLMKitTests/Fixtures/Data/`file` (Contraception: the package's
    /// data/contraception.csv), joined by `id` (no level-2 file).
    static func fixture(_ file: String, id: String = "ID", _ variables: [String]) throws -> MultilevelData {
        let path = file == "contraception.csv" ? exampleFilePath(file)
            : packageRoot.appendingPathComponent("Tests/HLMKitTests/Fixtures/Data").appendingPathComponent(file).path
        return try join(path: path, id: id, variables: variables)
    }

    /// mlmRev's Contraception (data/contraception.csv, the embedded example's file): 1,934 women in
    /// 60 districts, `USE = INTRCPT1 + URBAN + AGE + LIV`, random intercept (and, with `urbanSlope`, a random
    /// URBAN slope) by district.
    static func contraception(urbanSlope: Bool = false) throws -> ModelDesign {
        try design(fixture("contraception.csv", id: "DISTRICT", ["USE", "URBAN", "AGE", "LIV"]),
                   ["USE = INTRCPT1 + URBAN + AGE + LIV", "INTRCPT1 = INTRCPT2 + random",
                    "URBAN = INTRCPT2" + (urbanSlope ? " + random" : ""), "AGE = INTRCPT2", "LIV = INTRCPT2"],
                   family: .bernoulli)
    }

    /// references/glmer-references.R's simulated sets: Y on X by ID, a random intercept (and a random X slope
    /// for `glmm-slopes.csv`), with trials M (binomial) or exposure E (Poisson).
    static func simulated(_ family: ResponseFamily) throws -> ModelDesign {
        let slope = family == .bernoulli
        let file = ["binomial": "glmm-binomial.csv", "poisson": "glmm-poisson.csv", "bernoulli": "glmm-slopes.csv"]
        let extra = family == .binomial ? ["M"] : family == .poisson ? ["E"] : []
        return try design(fixture(file[family.rawValue]!, ["Y", "X"] + extra),
                          ["Y = INTRCPT1 + X", "INTRCPT1 = INTRCPT2 + random", "X = INTRCPT2" + (slope ? " + random" : "")],
                          family: family, trials: family == .binomial ? "M" : nil,
                          exposure: family == .poisson ? "E" : nil)
    }
}
