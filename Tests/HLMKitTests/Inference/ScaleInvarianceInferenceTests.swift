import Foundation
import Testing
@testable import HLMKit

/// Issue 11, section 1: what the inference stage prints is on the user's scale too. With the outcome
/// y -> c y + s on HS&B (the model of `ScaleInvarianceTests`): robust SEs scale by |c|, the variance-component
/// chi-squares and reliabilities do not change, and in the residual files the outcome and fitted values
/// become c v + s, residuals and EB estimates c v, posterior variances and sigma^2 c^2 v, ln SDs v + ln|c|;
/// FV_ and EBCOEF_ of INTRCPT1 gain s. Bounds 1e-6 relative to each column's largest value.
@Suite("Inference: robust SEs, tests, reliabilities and residual files under the outcome's scale and shift")
struct ScaleInvarianceInferenceTests {
    static func analysis(_ change: ScaleInvarianceTests.Change?) throws -> HLMAnalysis {
        let folder = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        var level1 = exampleFilePath("hsb1.csv")
        if let change {
            level1 = folder.appendingPathComponent("hsb1.csv").path
            try ScaleInvarianceTests.transformed("hsb1.csv", change).write(toFile: level1, atomically: true, encoding: .utf8)
        }
        let specification = try ModelSpecification.parse(models: ScaleInvarianceTests.models)
        return try HLMAnalysis.run(AnalysisRequest(level1Path: level1, level2Path: exampleFilePath("hsb2.csv"),
                                                   idColumn: "ID", specification: specification, options: EstimationOptions()),
                                   inference: InferenceOptions(residuals: true))
    }

    static let base = Result { try analysis(nil) }

    @Test("robust SEs, chi-squares, reliabilities and both residual files", arguments: [
        ScaleInvarianceTests.Change(file: "hsb1.csv", column: "MATHACH", scale: 1e10, shift: 0),
        ScaleInvarianceTests.Change(file: "hsb1.csv", column: "MATHACH", scale: 1, shift: 1e9),
    ])
    func inference(_ change: ScaleInvarianceTests.Change) throws {
        let c = change.scale, s = change.shift
        let base = try #require(try Self.base.get().inference), ours = try #require(try Self.analysis(change).inference)
        for (a, b) in zip(ours.robustFixedEffects, base.robustFixedEffects) {
            expectClose(a.standardError, abs(c) * b.standardError, relative: 1e-6, "robust SE")
        }
        for (a, b) in zip(ours.varianceComponents, base.varianceComponents) {
            #expect((a.chiSquare == nil) == (b.chiSquare == nil))
            if let chiSquare = b.chiSquare {
                expectClose(a.chiSquare ?? .nan, chiSquare, relative: 1e-6, "chi-square \(a.coefficient)")
            }
            expectClose(a.variance, c * c * b.variance, relative: 1e-6, "variance component \(a.coefficient)")
        }
        for (a, b) in zip(ours.reliabilities, base.reliabilities) {
            expectClose(a.estimate, b.estimate, relative: 1e-6, "reliability \(a.coefficient)")
        }
        let tables = try #require(ours.residuals), reference = try #require(base.residuals)
        for (table, expected) in [(tables.level1, reference.level1), (tables.level2, reference.level2)] {
            #expect(table.columns == expected.columns)
            for (k, name) in table.columns.enumerated() {
                let (factor, offset, logShift) = Self.transform(name, c: c, s: s)
                let column = expected.rows.map { $0[k] }, scale = column.map { abs($0) }.filter(\.isFinite).max() ?? 1
                for (row, reference) in zip(table.rows, expected.rows) where reference[k].isFinite {
                    expectClose(row[k], factor * reference[k] + offset + logShift,
                                absolute: 1e-6 * (abs(factor) * scale + abs(offset)), "\(name)")
                }
            }
        }
    }

    /// How column `name` of a residual file transforms: (factor, offset, additive ln|c|).
    static func transform(_ name: String, c: Double, s: Double) -> (Double, Double, Double) {
        switch name {
        case "MATHACH", "FITTED", "FV_INTRCPT1", "EBCOEF_INTRCPT1": return (c, s, 0)
        case "RESIDUAL", "FV_SES", "EBCOEF_SES": return (c, 0, 0)
        case "SIGMA2": return (c * c, 0, 0)
        case "LN_OLS_SD", "LN_MODEL_SD": return (1, 0, log(abs(c)))
        case _ where name.hasPrefix("EB_") || name.hasPrefix("OLS_"): return (c, 0, 0)
        case _ where name.hasPrefix("PV_"): return (c * c, 0, 0)
        default: return (1, 0, 0)
        }
    }
}
