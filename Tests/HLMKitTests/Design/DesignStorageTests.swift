import Testing
@testable import HLMKit

/// What the design stores per level-1 row, and what it leaves out: a homogeneous C is its one row of ones, the
/// level-1 OLS design keeps only its non-constant columns, and the outcome column is shifted as it is written.
@Suite("Design storage per row")
struct DesignStorageTests {
    static func design(_ models: [String], variance: [String] = []) throws -> ModelDesign {
        let specification = try ModelSpecification.parse(models: models, variancePredictors: variance)
        return try ModelDesign.build(data: LikelihoodDerivativeTests.data(), specification: specification)
    }

    static let models = ["Y = INTRCPT1 + X1 + X2", "INTRCPT1 = INTRCPT2 + W1 + random", "X1 = INTRCPT2 + random"]

    @Test("a homogeneous C is one row standing for all, with the per-unit sums of all rows")
    func homogeneousRow() throws {
        for design in [try Self.design(Self.models), try Self.design(Self.models, variance: ["X2"]).homogeneous] {
            #expect(design.level1.varianceRows == [1])
            #expect(design.level1.rowStride == 0)
            #expect(design.level1.varianceRow(design.rowCount - 1) == [1])
            for j in 0..<design.unitCount {
                #expect(design.level1.varianceSums[j] == Double(design.grouping.rows(ofUnit: j).count))
            }
        }
        let heterogeneous = try Self.design(Self.models, variance: ["X2"])
        #expect(heterogeneous.level1.rowStride == 2)
        #expect(heterogeneous.level1.varianceRows.count == 2 * heterogeneous.rowCount)
    }

    @Test("the level-1 OLS design keeps only its non-constant columns; INTRCPT1 reads as 1")
    func level1Columns() throws {
        let design = try Self.design(Self.models)
        let data = LikelihoodDerivativeTests.data()
        #expect(design.levels.level1Stride == 2)
        #expect(design.levels.level1Values.count == 2 * design.rowCount)
        for i in 0..<design.rowCount {
            #expect(design.levels.level1Value(row: i, coefficient: 0) == 1)
            #expect(design.levels.level1Value(row: i, coefficient: 1) == data.level1["X1"]![i])
            #expect(design.levels.level1Value(row: i, coefficient: 2) == data.level1["X2"]![i])
        }
    }

    @Test("the outcome column is y minus its mean, the mean kept as the outcome's shift")
    func outcomeShift() throws {
        let design = try Self.design(Self.models)
        let y = LikelihoodDerivativeTests.data().level1["Y"]!
        let mean = y.reduce(0, +) / Double(y.count)
        #expect(design.level1.outcomeShift == mean)
        for i in 0..<design.rowCount { #expect(design.rows[i * design.rowWidth + design.rowWidth - 1] == y[i] - mean) }
        let noIntercept = try Self.design(["Y = X1", "X1 = INTRCPT2 + random"])
        #expect(noIntercept.level1.outcomeShift == 0)
        for i in 0..<noIntercept.rowCount {
            #expect(noIntercept.rows[i * noIntercept.rowWidth + noIntercept.rowWidth - 1] == y[i])
        }
    }
}
