import HLMPlatform
import Testing
@testable import HLMKit

/// The design of a non-normal outcome: the raw outcome with its trials and offset, the row checks naming the
/// file's line, and the warnings about units and predictors that push estimates to infinity.
@Suite("Design: non-normal outcomes")
struct GeneralizedDesignTests {
    /// 6 units of 5 rows: X varies, G is binary, Y a 0/1 outcome with both values in every unit and in both
    /// groups of G, N trials, T an exposure; `change` edits row i of unit j.
    static func data(_ change: (Int, Int, inout [String: Double]) -> Void = { _, _, _ in }) -> MultilevelData {
        let rows = (0..<6).map { j in
            (0..<5).map { i -> [String: Double] in
                var row: [String: Double] = ["X": Double(i) - 2 + 0.1 * Double(j), "G": Double((i + j) % 2),
                                             "Y": Double((i / 2 + j) % 2), "N": Double(i + 2), "T": Double(j + 1)]
                change(j, i, &row)
                return row
            }
        }
        return SyntheticData.make(rows, level2: (0..<6).map { ["W": Double($0 % 2)] })
    }

    static func build(_ data: MultilevelData, _ family: ResponseFamily, models: [String] = ["Y = INTRCPT1 + X + G"],
                      trials: String? = nil, exposure: String? = nil) throws -> ModelDesign {
        let specification = try ModelSpecification.parse(models: models)
            .withResponse(family: family, trials: trials, exposure: exposure, overdispersion: false)
        return try ModelDesign.build(data: data, specification: specification)
    }

    /// The `DataError.invalidResponseValue` that building throws, as (line, column, value), or nil.
    static func invalidRow(_ body: () throws -> ModelDesign) -> (line: Int, column: String, value: Double)? {
        do {
            _ = try body()
        } catch let DataError.invalidResponseValue(path, line, column, value, _, _) {
            #expect(path == "synthetic")
            return (line, column, value)
        } catch {
            Issue.record("unexpected \(error)")
        }
        return nil
    }

    @Test("the outcome column holds the raw y, unshifted; trials 1 and offset 0 without their columns")
    func bernoulli() throws {
        let data = Self.data()
        let design = try Self.build(data, .bernoulli)
        let response = try #require(design.level1.response)
        let y = data.level1["Y"]!
        #expect(response.family == .bernoulli && response.outcome == y)
        #expect(response.trials == Array(repeating: 1, count: 30) && response.offset == Array(repeating: 0, count: 30))
        #expect(design.level1.outcomeShift == 0 && !design.level1.isHeterogeneous)
        let k = design.rowWidth
        #expect((0..<30).map { design.rows[$0 * k + k - 1] } == y)
        #expect(try Self.build(data, .normal).level1.response == nil)
    }

    @Test("binomial trials come from their column; a Poisson offset is ln exposure")
    func trialsAndOffset() throws {
        let data = Self.data()
        let binomial = try #require(try Self.build(data, .binomial, trials: "N").level1.response)
        #expect(binomial.trials == data.level1["N"]! && binomial.offset.allSatisfy { $0 == 0 })
        let poisson = try #require(try Self.build(data, .poisson, exposure: "T").level1.response)
        #expect(poisson.offset == data.level1["T"]!.map { log($0) } && poisson.trials.allSatisfy { $0 == 1 })
    }

    @Test("a value the family cannot take is refused, naming the file's line, the column and the value",
          arguments: [
              (ResponseFamily.bernoulli, "Y", 2.0, nil, nil), (.bernoulli, "Y", 0.5, nil, nil),
              (.binomial, "Y", 7.0, "N", nil), (.binomial, "Y", 1.5, "N", nil), (.binomial, "Y", -1.0, "N", nil),
              (.binomial, "N", 0.0, "N", nil), (.binomial, "N", 2.5, "N", nil),
              (.poisson, "Y", -1.0, nil, nil), (.poisson, "Y", 0.25, nil, nil),
              (.poisson, "T", 0.0, nil, "T"), (.poisson, "T", -2.0, nil, "T"),
          ] as [(ResponseFamily, String, Double, String?, String?)])
    func invalidValues(family: ResponseFamily, column: String, value: Double, trials: String?, exposure: String?) {
        // Unit 3's row 2 is the 18th row in the design's order, on line 19 (line 1 is the header).
        let data = Self.data { j, i, row in if j == 3 && i == 2 { row[column] = value } }
        let found = Self.invalidRow { try Self.build(data, family, trials: trials, exposure: exposure) }
        #expect(found?.line == 19 && found?.column == column && found?.value == value)
    }

    @Test("the message names the line, column and value and says what the value must be")
    func message() {
        let error = DataError.invalidResponseValue(path: "a.csv", line: 7, column: "USE", value: 2,
                                                   expected: "is not a 0/1 outcome", fix: "Recode it")
        #expect(error.description == "'a.csv' line 7, column USE: '2' is not a 0/1 outcome. Recode it")
        #expect(error.category == .data)
    }

    @Test("an outcome at one end in every row is refused", arguments: [
        (ResponseFamily.bernoulli, 0.0, false), (.bernoulli, 1.0, true), (.poisson, 0.0, false),
    ])
    func degenerate(family: ResponseFamily, value: Double, allSuccesses: Bool) {
        let data = Self.data { _, _, row in row["Y"] = value }
        #expect(throws: DesignError.degenerateOutcome(name: "Y", family: family, allSuccesses: allSuccesses)) {
            try Self.build(data, family)
        }
        #expect(DesignError.degenerateOutcome(name: "Y", family: family, allSuccesses: allSuccesses).description
            .contains("infinity"))
    }

    @Test("every binomial row a success in every trial is refused; a constant count of 3 is not degenerate")
    func degenerateBinomial() throws {
        let all = Self.data { _, _, row in row["Y"] = row["N"]! }
        #expect(throws: DesignError.degenerateOutcome(name: "Y", family: .binomial, allSuccesses: true)) {
            try Self.build(all, .binomial, trials: "N")
        }
        #expect(try Self.build(Self.data { _, _, row in row["Y"] = 3 }, .poisson).level1.response != nil)
    }

    @Test("a row missing its exposure is excluded and counted, like a row missing a predictor")
    func missingExposure() throws {
        let table = try csv("ID,Y,X,T\n1,0,1,1\n1,2,2,\n1,1,3,2\n2,0,1,1\n2,3,2,NA\n2,1,0,4\n")
        let model = try ModelSpecification.parse(models: ["Y = INTRCPT1 + X"])
            .withResponse(family: .poisson, trials: nil, exposure: "T", overdispersion: false)
        let variables = VariableCatalog(level1: table, level2: nil, idColumn: "ID").joinedVariables(for: model)
        let data = try MultilevelData.join(level1: table, level2: nil, idColumn: "ID", level1Variables: variables.level1,
                                           level2Variables: variables.level2, missingCodes: [], dropUnmatched: false)
        #expect(data.summary.level1Excluded == 2 && data.summary.exclusionReasons.joined().contains("missing value in T"))
        #expect(try ModelDesign.build(data: data, specification: model).level1.response?.offset
                == [0, log(2), 0, log(4)])
    }

    @Test("units whose outcomes are all 0 or all 1 are counted in one warning")
    func extremeUnits() throws {
        let some = Self.data { j, i, row in
            if j == 0 { row["Y"] = 0 }
            if j == 1 { row["Y"] = 1 }
            if j == 2 { row["Y"] = i == 0 ? 1 : 0 }
        }
        let warnings = try Self.build(some, .bernoulli, models: ["Y = INTRCPT1"]).responseWarnings()
        #expect(warnings == ["1 of the 6 units have the outcome 0 in every row and 1 the outcome 1. Their random "
            + "effects are finite only through the level-2 distribution; a large share of such units leaves the "
            + "level-2 variance poorly determined."])
        let every = Self.data { j, _, row in row["Y"] = Double(j % 2) }
        let all = try Self.build(every, .bernoulli, models: ["Y = INTRCPT1"]).responseWarnings()
        #expect(all.count == 1 && all[0].hasPrefix("Every unit's outcomes are all at one end: 3 of the 6 units"))
        #expect(try Self.build(Self.data(), .bernoulli, models: ["Y = INTRCPT1"]).responseWarnings().isEmpty)
        #expect(try Self.build(Self.data(), .normal).responseWarnings().isEmpty)
    }

    @Test("a predictor that separates the outcomes is named; one that does not is not", arguments: [
        (ResponseFamily.bernoulli, false), (.binomial, false), (.poisson, false),
        (.bernoulli, true), (.binomial, true), (.poisson, true),
    ])
    func separation(family: ResponseFamily, separated: Bool) throws {
        // With G = 1 every row has Y = 0 (no success, no event): G's estimate runs off to -infinity.
        let data = Self.data { _, _, row in
            if separated && row["G"] == 1 { row["Y"] = 0 }
            if !separated && row["G"] == 1 && row["X"]! < 0 { row["Y"] = 1 }
        }
        let design = try Self.build(data, family, trials: family == .binomial ? "N" : nil)
        let response = try #require(design.level1.response)
        #expect(design.separatingFixedEffects(response) == (separated ? ["G/INTRCPT2"] : []))
        #expect(design.responseWarnings().contains { $0.hasPrefix("The fixed effect G/INTRCPT2 separates") }
                == separated)
    }

    @Test("a continuous predictor that splits failures from successes is named; a level-2 one too")
    func continuousSeparation() throws {
        let byX = Self.data { _, _, row in row["Y"] = row["X"]! > 0 ? 1 : 0 }
        let design = try Self.build(byX, .bernoulli)
        #expect(design.separatingFixedEffects(try #require(design.level1.response)) == ["X/INTRCPT2"])
        let byW = Self.data { j, i, row in row["Y"] = j % 2 == 1 ? Double(i % 2) : 0 }
        let level2 = try Self.build(byW, .bernoulli, models: ["Y = INTRCPT1 + X", "INTRCPT1 = INTRCPT2 + W + random"])
        #expect(level2.separatingFixedEffects(try #require(level2.level1.response)) == ["INTRCPT1/W"])
    }

    @Test("single-row units inform a random intercept of counts and binomial rows, not of 0/1 rows or under over-dispersion",
          arguments: [(ResponseFamily.poisson, false, true), (.binomial, false, true), (.bernoulli, false, false),
                      (.poisson, true, false), (.binomial, true, false)])
    func singleRows(family: ResponseFamily, overdispersion: Bool, informative: Bool) throws {
        let rows = (0..<30).map { j in [["X": Double(j % 7), "Y": Double(j % 3 == 0 ? 1 : 0), "N": 3.0]] }
        let specification = try ModelSpecification.parse(models: ["Y = INTRCPT1 + X"])
            .withResponse(family: family, trials: family == .binomial ? "N" : nil, exposure: nil,
                          overdispersion: overdispersion)
        let data = SyntheticData.make(rows)
        guard informative else {
            #expect(throws: DesignError.singleRowUnits(units: 30)) {
                try ModelDesign.build(data: data, specification: specification)
            }
            return
        }
        let design = try ModelDesign.build(data: data, specification: specification)
        #expect(design.weaklyIdentifiedRandomCoefficients().isEmpty)
        #expect(try #require(design.level1.response).overdispersion == overdispersion)
    }

    @Test("Contraception: no predictor separates USE; 2 districts never use contraception, 1 always does")
    func contraception() throws {
        let table = try CSVTable.read(path: exampleFilePath("contraception.csv"))
        let model = try ModelSpecification.parse(models: ["USE = INTRCPT1 + URBAN + AGE + LIV"])
            .withResponse(family: .bernoulli, trials: nil, exposure: nil, overdispersion: false)
        let variables = VariableCatalog(level1: table, level2: nil, idColumn: "DISTRICT").joinedVariables(for: model)
        let data = try MultilevelData.join(level1: table, level2: nil, idColumn: "DISTRICT",
                                           level1Variables: variables.level1, level2Variables: variables.level2,
                                           missingCodes: [], dropUnmatched: false)
        let design = try ModelDesign.build(data: data, specification: model)
        #expect(design.rowCount == 1934 && design.unitCount == 60)
        let warnings = design.responseWarnings()
        #expect(warnings.count == 1 && warnings[0].hasPrefix("2 of the 60 units have the outcome 0 in every row and 1"))
    }
}
