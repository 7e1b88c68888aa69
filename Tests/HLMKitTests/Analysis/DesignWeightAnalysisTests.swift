import Foundation
import Testing
@testable import HLMKit

/// Design weights through the whole pipeline on the simulated two-stage sample of
/// `references/weights-references.R` (Fixtures/Weights): weights of 1 are the unweighted fit, zero weights
/// are the rows left out, negative weights and REML are refused.
struct DesignWeightAnalysisTests {
    static let equations = ["Y = INTRCPT1 + X", "INTRCPT1 = INTRCPT2 + W + random", "X = INTRCPT2 + random"]

    /// The fixture's level-1 and level-2 files, each line (the header is line 0) passed through `edit`, which
    /// drops it by returning nil.
    static func files(level1 edit1: (Int, String) -> String? = { $1 }, level2 edit2: (Int, String) -> String? = { $1 })
        throws -> (CSVTable, CSVTable) {
        func read(_ name: String, _ edit: (Int, String) -> String?) throws -> CSVTable {
            let lines = try lines(name).enumerated().compactMap { edit($0.offset, $0.element) }
            return try csv(lines.joined(separator: "\n") + "\n", source: name)
        }
        return (try read("weights-level1.csv", edit1), try read("weights-level2.csv", edit2))
    }

    /// The lines of the fixture file `name`.
    static func lines(_ name: String) throws -> [String] {
        try String(contentsOf: fixtureURL("Weights/\(name)"), encoding: .utf8).split(separator: "\n").map(String.init)
    }

    /// `line` with its last field (the weight) replaced by `value`.
    static func weight(_ line: String, _ value: String) -> String {
        line.split(separator: ",", omittingEmptySubsequences: false).dropLast().joined(separator: ",") + "," + value
    }

    /// The random-slope model fitted by full ML with `weights`, sigma^2 modelled by `sigma2`.
    static func fit(_ tables: (CSVTable, CSVTable), weights: DesignWeights, sigma2: [String] = [],
                    method: EstimationMethod = .fml) throws -> HLMAnalysis {
        var request = AnalysisRequest(
            level1Path: "weights-level1.csv", level2Path: "weights-level2.csv", idColumn: "ID",
            specification: try ModelSpecification.parse(models: equations, variancePredictors: sigma2),
            options: EstimationOptions(method: method))
        request.weights = weights
        return try HLMAnalysis.run(request, level1: tables.0, level2: tables.1)
    }

    /// Every number of two fits: gamma, both SE columns, Tau, sigma^2 or alpha, the deviance.
    static func numbers(_ analysis: HLMAnalysis) -> [Double] {
        analysis.fit.fixedEffects.flatMap { [$0.estimate, $0.standardError] }
            + (analysis.inference?.robustFixedEffects.map(\.standardError) ?? [])
            + analysis.fit.tau.flatMap { $0 } + [analysis.fit.sigma2 ?? 0, analysis.fit.deviance]
            + (analysis.fit.level1Variance?.alpha.flatMap { [$0.estimate, $0.standardError] } ?? [])
    }

    @Test("Weights all 1 reproduce the unweighted fit", arguments: [[String](), ["G"]])
    func unitWeightsAreUnweighted(sigma2: [String]) throws {
        let ones = try Self.files(level1: { $0 == 0 ? $1 + ",ONE1" : $1 + ",1" },
                                  level2: { $0 == 0 ? $1 + ",ONE2" : $1 + ",1" })
        let unweighted = try Self.fit(ones, weights: DesignWeights(), sigma2: sigma2)
        for normalisation in DesignWeights.Level1Normalisation.allCases {
            let weighted = try Self.fit(ones, weights: DesignWeights(level1Column: "ONE1", level2Column: "ONE2",
                                                                     level1Normalisation: normalisation),
                                        sigma2: sigma2)
            for (a, b) in zip(Self.numbers(weighted), Self.numbers(unweighted)) {
                expectClose(a, b, absolute: 1e-300, relative: 1e-10, "weights of 1 (\(normalisation)) vs unweighted")
            }
            let summary = try #require(weighted.weights)
            #expect(summary.level1Sum == 675 && summary.level2Sum == 72)
            expectClose(summary.level1EffectiveSize, 675, relative: 1e-12, "n_eff of equal weights")
        }
    }

    @Test("Zero weights exclude their rows and units, counted, as if they were not in the files")
    func zeroWeightsExclude() throws {
        // Lines 3 and 10 of the level-1 file get weight 0; so does the unit on line 2 of the level-2 file.
        let unit = try Self.lines("weights-level2.csv")[2].split(separator: ",")[0] + ","
        let zeroed = try Self.files(level1: { $0 == 3 || $0 == 10 ? Self.weight($1, "0") : $1 },
                                    level2: { $0 == 2 ? Self.weight($1, "0") : $1 })
        let dropped = try Self.files(level1: { $0 == 3 || $0 == 10 || $1.hasPrefix(unit) ? nil : $1 },
                                     level2: { $0 == 2 ? nil : $1 })
        let weights = DesignWeights(level1Column: "W1", level2Column: "W2")
        let withZeros = try Self.fit(zeroed, weights: weights)
        let without = try Self.fit(dropped, weights: weights)
        for (a, b) in zip(Self.numbers(withZeros), Self.numbers(without)) {
            expectClose(a, b, relative: 1e-12, "zero weights vs rows removed")
        }
        let summary = try #require(withZeros.weights)
        #expect(summary.rowsWithZeroWeight + summary.rowsOfUnitsWithZeroWeight
            == withZeros.data.level1Excluded)
        #expect(summary.unitsWithZeroWeight == 1)
        #expect(withZeros.data.exclusionReasons.contains { $0.contains("weight W2 is 0") })
        #expect(withZeros.data.exclusionReasons.contains { $0.contains("weight W1 is 0") })
    }

    @Test("A negative weight is an error naming the file, line and column")
    func negativeWeight() throws {
        let negative = try Self.files(level1: { $0 == 5 ? Self.weight($1, "-2") : $1 })
        expectDataError(.negativeWeight(path: "weights-level1.csv", line: 6, unitID: "", column: "W1", value: -2),
                        mentioning: ["W1", "-2", "line 6 of weights-level1.csv"]) {
            _ = try Self.fit(negative, weights: DesignWeights(level1Column: "W1"))
        }
    }

    @Test("REML, a non-normal family and a normalisation without a level-1 column are refused")
    func refusedSettings() throws {
        let specification = try ModelSpecification.parse(models: Self.equations, variancePredictors: [])
        var settings = AnalysisSettings(method: .reml)
        settings.level2Weight = "W2"
        #expect(throws: SpecificationError.response(.restrictedWithDesignWeights)) {
            try settings.resolved(for: specification)
        }
        settings.method = nil
        settings.family = .bernoulli
        #expect(throws: SpecificationError.response(.designWeightsWithFamily(.bernoulli))) {
            try settings.resolved(for: specification)
        }
        settings = AnalysisSettings()
        settings.level1WeightNormalisation = .raw
        #expect(throws: SpecificationError.response(.normalisationWithoutLevel1Weight)) {
            try settings.resolved(for: specification)
        }
        settings.level1Weight = "W1"
        let resolved = try settings.resolved(for: specification)
        #expect(resolved.estimation.method == .fml)
        #expect(resolved.weights == DesignWeights(level1Column: "W1", level1Normalisation: .raw))
    }

    @Test("The command file's level1weight:, level2weight: and level1weightnormalization:")
    func commandFileKeywords() throws {
        let text = """
        level1:Y=INTRCPT1+X+RANDOM
        level2:INTRCPT1=INTRCPT2+W+random/
        level2:X=INTRCPT2+random/
        level1weight:W1
        level2weight:W2
        level1weightnormalization:raw
        """
        let file = try CommandFile.parse(contents: text, path: "weights.hlm")
        let resolved = try AnalysisSettings().resolved(for: file.specification, commandFile: file)
        #expect(resolved.weights == DesignWeights(level1Column: "W1", level2Column: "W2", level1Normalisation: .raw))
        let none = try CommandFile.parse(contents: text.replacingOccurrences(of: "W1\n", with: "none\n")
            .replacingOccurrences(of: "level1weightnormalization:raw", with: ""), path: "weights.hlm")
        #expect(try AnalysisSettings().resolved(for: none.specification, commandFile: none).weights.level1Column == nil)
        #expect(throws: SpecificationError.self) {
            try CommandFile.parse(contents: text.replacingOccurrences(of: ":raw", with: ":half"), path: "weights.hlm")
        }
    }
}
