import Testing
@testable import HLMKit

/// Every design error: the model is refused with a message naming the variables.
@Suite("Design errors")
struct DesignErrorTests {
    /// 8 units of 6 rows: X varies within units, G is binary, W is a level-2 variable.
    static func data(extra: (Int, Int) -> [String: Double] = { _, _ in [:] }) -> MultilevelData {
        var uniform = SyntheticData.Uniform(state: 7)
        let rows = (0..<8).map { j in
            (0..<6).map { i -> [String: Double] in
                var row: [String: Double] = ["X": Double(i) - 2.5, "G": Double(i % 2),
                                             "Y": Double(j) + Double(i) + 3 * uniform.next()]
                row["TWOX"] = 2 * row["X"]!
                row["ONE_MINUS_G"] = 1 - row["G"]!
                row["UNITCONST"] = Double(j)
                row["CONST"] = 5
                row.merge(extra(j, i)) { $1 }
                return row
            }
        }
        return SyntheticData.make(rows, level2: (0..<8).map { ["W": Double($0 % 3)] })
    }

    static func build(_ models: [String], sigma2: [String] = []) throws -> ModelDesign {
        try ModelDesign.build(data: data(), specification: ModelSpecification.parse(models: models, variancePredictors: sigma2))
    }

    @Test("collinear fixed effects name both columns")
    func collinear() {
        #expect(throws: DesignError.collinearFixedEffects(column: "TWOX/INTRCPT2", dependsOn: ["X/INTRCPT2"])) {
            try Self.build(["Y = INTRCPT1 + X + TWOX"])
        }
    }

    @Test("a random slope without within-unit variation cannot be estimated")
    func randomSlopeWithoutVariation() throws {
        do {
            _ = try Self.build(["Y = INTRCPT1 + UNITCONST", "UNITCONST = INTRCPT2 + random"])
            Issue.record("expected an error")
        } catch let error as DesignError {
            #expect(error.description.contains("UNITCONST") && error.description.contains("does not vary within any unit"))
            #expect(error.category == .data)
        }
    }

    @Test("a constant variance predictor is refused")
    func constantVariancePredictor() {
        #expect(throws: DesignError.constantVariancePredictor(name: "CONST")) {
            try Self.build(["Y = INTRCPT1"], sigma2: ["CONST"])
        }
    }

    @Test("collinear variance predictors are refused, naming them")
    func collinearVariancePredictors() throws {
        do {
            _ = try Self.build(["Y = INTRCPT1"], sigma2: ["G", "ONE_MINUS_G"])
            Issue.record("expected an error")
        } catch let error as DesignError {
            guard case let .collinearVariancePredictors(column, others) = error else {
                Issue.record("wrong error \(error)")
                return
            }
            #expect(column == "ONE_MINUS_G" && others.contains("G"))
        }
    }

    @Test("a constant outcome is refused")
    func constantOutcome() {
        #expect(throws: DesignError.constantOutcome(name: "CONST")) {
            try Self.build(["CONST = INTRCPT1 + X"])
        }
    }

    @Test("fixed-effect columns are x_q * w_s in HLM's order, with HLM's df")
    func crossLevelColumns() throws {
        let design = try Self.build(["Y = INTRCPT1 + X", "INTRCPT1 = INTRCPT2 + W + random", "X = INTRCPT2 + grand(W)"])
        #expect(design.fixedEffects.map { "\($0.coefficient)/\($0.predictor)" }
                == ["INTRCPT1/INTRCPT2", "INTRCPT1/W", "X/INTRCPT2", "X/W"])
        #expect(design.degreesOfFreedom == [8 - 1 - 1, 8 - 1 - 1, 48 - 4, 48 - 4])
        let meanW = (0..<8).map { Double($0 % 3) }.reduce(0, +) / 8
        let row = 7  // unit 1 (W = 1), second row, X = -1.5
        #expect(abs(design.rows[row * design.rowWidth + 3] - (-1.5) * (1 - meanW)) < 1e-12)
    }
}
