import Foundation
import HLMExamples
import Testing
@testable import HLMKit

/// Regression guard for speed without timing anything: iteration counts of the HS&B models, and the passes
/// over the level-1 data that iterations make (none with categorical variance predictors, whose moments are
/// precomputed per unit and stratum; one per evaluation with a continuous one).
@Suite("Cost regression guard")
struct CostRegressionTests {
    /// Fits on HS&B by the default method.
    static func fit(_ models: [String], sigma2: [String] = []) throws -> FittedModel {
        let specification = try ModelSpecification.parse(models: models, variancePredictors: sigma2)
        return try Estimator.fit(ModelDesign.build(data: joinedHSB(for: specification), specification: specification),
                                 options: try AnalysisSettings().resolved(for: specification).estimation)
    }

    /// The fits behind `fitted`, in the order they ran: the homogeneous one first when there is one.
    static func runs(_ fitted: FittedModel) -> [FittedModel] {
        (fitted.homogeneous.map { [$0] } ?? []) + [fitted]
    }

    static let manual = ["MATHACH = INTRCPT1 + FEMALE", "INTRCPT1 = INTRCPT2 + random", "FEMALE = INTRCPT2 + random"]

    @Test("categorical variance predictors: iterations read no level-1 rows")
    func categoricalPath() throws {
        let fitted = try Self.fit(Self.manual, sigma2: ["FEMALE"])
        guard case .strata = fitted.likelihood.source else {
            Issue.record("FEMALE should use the precomputed strata")
            return
        }
        for run in Self.runs(fitted) {
            #expect(run.rowsVisited == 0)
            #expect(run.evaluations >= run.history.count)
        }
    }

    @Test("a continuous variance predictor: one pass over the rows per evaluation")
    func continuousPath() throws {
        let heterogeneous = try Self.fit(["MATHACH = INTRCPT1 + group(SES)", "INTRCPT1 = INTRCPT2 + random",
                                           "SES = INTRCPT2 + random"], sigma2: ["SES"])
        #expect(heterogeneous.rowsVisited == 7185 * heterogeneous.evaluations)
        #expect(heterogeneous.homogeneous?.rowsVisited == 0)
        #expect(heterogeneous.evaluations <= heterogeneous.history.count + 3)
    }

    @Test("iteration counts of the HS&B examples stay where they are", arguments: [
        (Example.named("hsb-null")!, [4]),
        (Example.named("hsb-random-coefficient")!, [7]),
        (Example.named("hsb-intercepts-slopes-as-outcomes")!, [8]),
        (Example.named("hsb-heterogeneous-sigma2")!, [6, 5]),
    ])
    func iterations(example: Example, expected: [Int]) throws {
        let fitted = try Self.fit(example.models, sigma2: example.variancePredictors)
        let counts = Self.runs(fitted).map(\.history.count)
        #expect(zip(counts, expected).allSatisfy { $0 <= $1 + 1 } && counts.count == expected.count,
                "iterations \(counts), expected at most \(expected.map { $0 + 1 })")
    }
}
