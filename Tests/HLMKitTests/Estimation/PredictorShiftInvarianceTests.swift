import Foundation
import Testing
@testable import HLMKit

/// Issue 11, section 1: an uncentred predictor shifted by s (x -> x + s) reparametrises the model exactly, and
/// the estimates must follow. With x = x' - s in y = ... + g_q x + ..., each intercept-type coefficient
/// absorbs -s times its slope: gamma_{INTRCPT1,w} -> gamma_{INTRCPT1,w} - s gamma_{X,w} for a level-1 X, and
/// gamma_{q,INTRCPT2} -> gamma_{q,INTRCPT2} - s gamma_{q,W} for a level-2 W; every other gamma, sigma^2 and the
/// deviance (FML and REML: the map has determinant 1) are unchanged; Tau is unchanged unless X is a random
/// slope, where u_0 -> u_0 - s u_X gives tau_00 - 2 s tau_01 + s^2 tau_11, tau_01 - s tau_11; a variance
/// predictor shifted by s gives alpha_0 - s alpha_1.
///
/// Before the fix each of these models was refused as collinear with the intercept (s = 1e6 is far beyond
/// the ~1e5 where that began). Bounds: 1e-7 relative on each estimate (the fits converge to about 1e-8),
/// 1e-4 on the deviance; the shifted files carry x + 1e6 to about 1e-10 absolute.
@Suite("Estimation: estimates transform exactly when an uncentred predictor is shifted")
struct PredictorShiftInvarianceTests {
    /// A model: its equations and variance predictors.
    struct Model: Sendable, CustomTestStringConvertible {
        var equations: [String]
        var variance: [String] = []
        var testDescription: String { (equations + variance.map { "--sigma2 \($0)" }).joined(separator: "; ") }
    }

    /// A model and the change of one column of its data.
    struct Case: Sendable, CustomTestStringConvertible {
        var model: Model
        var change: ScaleInvarianceTests.Change
        var testDescription: String { "\(change.column) + \(change.shift) in \(model.testDescription)" }

        init(_ model: Model, _ file: String, _ column: String, shift: Double) {
            self.model = model
            change = ScaleInvarianceTests.Change(file: file, column: column, scale: 1, shift: shift)
        }
    }

    static let sectorModel = Model(equations: ScaleInvarianceTests.models)
    static let fixedSlope = Model(equations: ["MATHACH = INTRCPT1 + SES", "INTRCPT1 = INTRCPT2 + SECTOR + random",
                                              "SES = INTRCPT2 + SECTOR"])
    static let randomSlope = Model(equations: ["MATHACH = INTRCPT1 + SES", "INTRCPT1 = INTRCPT2 + SECTOR + random",
                                               "SES = INTRCPT2 + random"])
    static let varianceModel = Model(equations: ScaleInvarianceTests.models, variance: ["SES"])

    static func analysis(_ model: Model, _ change: ScaleInvarianceTests.Change?, method: EstimationMethod,
                         inference: InferenceOptions = InferenceOptions()) throws -> HLMAnalysis {
        let folder = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        func path(_ name: String) throws -> String {
            guard let change, change.file == name else { return exampleFilePath(name) }
            let path = folder.appendingPathComponent(name).path
            try ScaleInvarianceTests.transformed(name, change).write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        let specification = try ModelSpecification.parse(models: model.equations, variancePredictors: model.variance)
        return try HLMAnalysis.run(AnalysisRequest(level1Path: try path("hsb1.csv"), level2Path: try path("hsb2.csv"),
                                                   idColumn: "ID", specification: specification,
                                                   options: EstimationOptions(method: method)),
                                   inference: inference)
    }

    /// The shifted fit's gamma against the base's mapped by the rule: each (coefficient, predictor) whose
    /// level-1 or level-2 variable is `column` leaves -s times itself on its intercept partner.
    static func expectGamma(_ fit: HLMFit, _ base: HLMFit, column: String, shift s: Double) {
        var expected = base.fixedEffects.map(\.estimate)
        for (k, effect) in base.fixedEffects.enumerated() {
            let partner: Int?
            if effect.predictor == column {
                partner = base.fixedEffects.firstIndex { $0.coefficient == effect.coefficient && $0.predictor == "INTRCPT2" }
            } else if effect.coefficient == column {
                partner = base.fixedEffects.firstIndex { $0.coefficient == "INTRCPT1" && $0.predictor == effect.predictor }
            } else {
                partner = nil
            }
            if let partner { expected[partner] -= s * base.fixedEffects[k].estimate }
        }
        for (ours, value) in zip(fit.fixedEffects, expected) {
            expectClose(ours.estimate, value, absolute: 1e-9, relative: 1e-7, "gamma \(ours.coefficient)/\(ours.predictor)")
        }
    }

    @Test("a level-2 predictor (SECTOR) or an uncentred fixed level-1 slope (SES) shifted by 1e3 or 1e6",
          arguments: [
        Case(sectorModel, "hsb2.csv", "SECTOR", shift: 1e6), Case(sectorModel, "hsb2.csv", "SECTOR", shift: 1e3),
        Case(fixedSlope, "hsb1.csv", "SES", shift: 1e6), Case(fixedSlope, "hsb2.csv", "SECTOR", shift: -1e6),
    ], [EstimationMethod.reml, .fml])
    func fixedShift(_ testCase: Case, _ method: EstimationMethod) throws {
        let model = testCase.model, change = testCase.change
        let base = try Self.analysis(model, nil, method: method)
        let shifted = try Self.analysis(model, change, method: method)
        let fit = shifted.fit
        #expect(fit.convergence.converged, "\(fit.convergence.message)")
        Self.expectGamma(fit, base.fit, column: change.column, shift: change.shift)
        // The slopes' SEs (robust too) and the whole of Tau, sigma^2, the deviance, the variance-component
        // chi-squares and reliabilities (both at the same predicted level-1 coefficients) are unchanged.
        let moved = { (e: FixedEffectEstimate) in e.predictor == "INTRCPT2" || e.coefficient == "INTRCPT1" }
        let inference = try #require(shifted.inference), baseInference = try #require(base.inference)
        for ((ours, theirs), (robust, baseRobust)) in zip(zip(fit.fixedEffects, base.fit.fixedEffects),
                                                          zip(inference.robustFixedEffects,
                                                              baseInference.robustFixedEffects))
            where !moved(ours) {
            expectClose(ours.standardError, theirs.standardError, relative: 1e-7, "SE \(ours.coefficient)/\(ours.predictor)")
            expectClose(robust.standardError, baseRobust.standardError, relative: 1e-7, "robust SE")
        }
        ScaleInvarianceTests.expectTau(fit, base.fit, factor: 1)
        expectClose(fit.sigma2 ?? .nan, base.fit.sigma2 ?? .nan, relative: 1e-7, "sigma^2")
        expectClose(fit.deviance, base.fit.deviance, absolute: 1e-4, "deviance")
        if change.file == "hsb2.csv" {
            for (ours, theirs) in zip(inference.varianceComponents, baseInference.varianceComponents)
                where theirs.chiSquare != nil {
                expectClose(ours.chiSquare ?? .nan, theirs.chiSquare ?? .nan, relative: 1e-6, "chi-square \(ours.coefficient)")
            }
            for (ours, theirs) in zip(inference.reliabilities, baseInference.reliabilities) {
                expectClose(ours.estimate, theirs.estimate, relative: 1e-6, "reliability \(ours.coefficient)")
            }
        }
    }

    @Test("an uncentred random slope (SES) shifted by 1e3 or 1e6: Tau maps as G^-1 Tau G^-T", arguments: [1e3, 1e6],
          [EstimationMethod.reml, .fml])
    func randomSlopeShift(_ s: Double, _ method: EstimationMethod) throws {
        let base = try Self.analysis(Self.randomSlope, nil, method: method).fit
        let fit = try Self.analysis(Self.randomSlope, ScaleInvarianceTests.Change(file: "hsb1.csv", column: "SES",
                                                                                   scale: 1, shift: s), method: method).fit
        #expect(fit.convergence.converged, "\(fit.convergence.message)")
        Self.expectGamma(fit, base, column: "SES", shift: s)
        let t = base.tau
        expectClose(fit.tau[1][1], t[1][1], relative: 1e-7, "tau_11")
        expectClose(fit.tau[1][0], t[1][0] - s * t[1][1], relative: 1e-7, "tau_01 - s tau_11")
        expectClose(fit.tau[0][0], t[0][0] - 2 * s * t[1][0] + s * s * t[1][1], relative: 1e-7,
                    "tau_00 - 2 s tau_01 + s^2 tau_11")
        expectClose(fit.sigma2 ?? .nan, base.sigma2 ?? .nan, relative: 1e-7, "sigma^2")
        expectClose(fit.deviance, base.deviance, absolute: 1e-4, "deviance")
    }

    @Test("a random slope's shift: Wald test, Satterthwaite df and robust SE of the slopes, EB residuals (u_0 - s u_1), fitted values",
          arguments: [1e3, 1e6])
    func randomSlopeInference(_ s: Double) throws {
        let options = InferenceOptions(hypothesisTests: [try FixedEffectHypothesis.parse("SES/INTRCPT2 = 0")],
                                       satterthwaite: true, residuals: true)
        let change = ScaleInvarianceTests.Change(file: "hsb1.csv", column: "SES", scale: 1, shift: s)
        let base = try #require(Self.analysis(Self.randomSlope, nil, method: .reml, inference: options).inference)
        let ours = try #require(Self.analysis(Self.randomSlope, change, method: .reml, inference: options).inference)
        let (test, baseTest) = (try #require(ours.hypothesisTests.first), try #require(base.hypothesisTests.first))
        expectClose(test.chiSquare, baseTest.chiSquare, relative: 1e-6, "Wald chi-square")
        expectClose(test.robustChiSquare, baseTest.robustChiSquare, relative: 1e-6, "robust Wald chi-square")
        // Fixed effects 1 (INTRCPT1/SECTOR) and 2 (SES/INTRCPT2) do not move with SES's origin.
        let df = try #require(ours.satterthwaite), baseDF = try #require(base.satterthwaite)
        for k in [1, 2] {
            expectClose(df[k].degreesOfFreedom, baseDF[k].degreesOfFreedom, relative: 1e-4, "Satterthwaite df \(k)")
            expectClose(ours.robustFixedEffects[k].standardError, base.robustFixedEffects[k].standardError,
                        relative: 1e-6, "robust SE \(k)")
        }
        let units = try #require(ours.residuals?.level2), baseUnits = try #require(base.residuals?.level2)
        func column(_ table: ResidualTable, _ name: String) throws -> Int { try #require(table.columns.firstIndex(of: name)) }
        let (u0, u1) = (try column(units, "EB_INTRCPT1"), try column(units, "EB_SES"))
        for (row, baseRow) in zip(units.rows, baseUnits.rows) {
            expectClose(row[u1], baseRow[u1], absolute: 1e-7, "EB_SES")
            expectClose(row[u0], baseRow[u0] - s * baseRow[u1], absolute: 1e-7 * s, "EB_INTRCPT1 - s EB_SES")
        }
        let rows = try #require(ours.residuals?.level1), baseRows = try #require(base.residuals?.level1)
        let fitted = try column(rows, "FITTED")
        for (row, baseRow) in zip(rows.rows, baseRows.rows) {
            expectClose(row[fitted], baseRow[fitted], absolute: 1e-6, "FITTED")
        }
    }

    @Test("a continuous --sigma2 predictor (SES) shifted by 1e6: alpha_0 - s alpha_1, the rest unchanged",
          arguments: [EstimationMethod.reml, .fml])
    func varianceShift(_ method: EstimationMethod) throws {
        let s = 1e6
        let base = try Self.analysis(Self.varianceModel, nil, method: method).fit
        let fit = try Self.analysis(Self.varianceModel, ScaleInvarianceTests.Change(file: "hsb1.csv", column: "SES",
                                                                                     scale: 1, shift: s), method: method).fit
        #expect(fit.convergence.converged, "\(fit.convergence.message)")
        let alpha = try #require(base.level1Variance?.alpha), ours = try #require(fit.level1Variance?.alpha)
        expectClose(ours[1].estimate, alpha[1].estimate, relative: 1e-7, "alpha_1")
        expectClose(ours[1].standardError, alpha[1].standardError, relative: 1e-7, "SE(alpha_1)")
        expectClose(ours[0].estimate, alpha[0].estimate - s * alpha[1].estimate, relative: 1e-7, "alpha_0 - s alpha_1")
        Self.expectGamma(fit, base, column: "none", shift: s)
        ScaleInvarianceTests.expectTau(fit, base, factor: 1)
        expectClose(fit.deviance, base.deviance, absolute: 1e-4, "deviance")
    }
}
