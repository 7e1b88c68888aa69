import Foundation
import HLMExamples
import Testing
@testable import HLMKit

/// Issue 11, section 1: on HS&B (`MATHACH = INTRCPT1 + group(SES)`, `INTRCPT1 = INTRCPT2 + SECTOR + random`,
/// `SES = INTRCPT2 + random`), the estimates transform exactly as the data do.
///
/// Outcome y -> c y + s: gamma -> c gamma (+ s on INTRCPT1/INTRCPT2), SE(gamma) -> |c| SE, Tau and sigma^2
/// -> c^2, alpha_0 -> alpha_0 + 2 ln|c|, deviance -> deviance + 2 N ln|c| (FML) or + 2 (N - p) ln|c| (REML,
/// whose ln|X'V^-1X| term loses 2p ln|c|). A predictor column scaled by c divides its gammas and SEs by c and
/// leaves Tau and sigma^2 alone; the FML deviance is unchanged, the REML deviance rises by 2 ln|c| for each
/// fixed-effect column of X that the predictor scales (ln|X'V^-1X| with X -> X D).
///
/// Before the fix the outcome times 1e10 stopped at tau11 = 0.133 (truth 0.696) marked converged, and the
/// outcome plus 1e8 with `--sigma2 FEMALE` reported deviance 45846.28 (truth 46652.07). Bounds: 1e-7 relative
/// (the shifted files carry the outcome to about 1e-7 absolute, so their data differ from c y + s at 1e-8
/// relative) and 1e-4 on the deviance.
@Suite("Estimation: estimates transform exactly with the outcome's and predictors' scale and shift")
struct ScaleInvarianceTests {
    static let models = ["MATHACH = INTRCPT1 + group(SES)", "INTRCPT1 = INTRCPT2 + SECTOR + random",
                         "SES = INTRCPT2 + random"]

    /// A change of one column of hsb1.csv or hsb2.csv: value -> scale * value + shift.
    struct Change: Sendable, CustomTestStringConvertible {
        var file: String, column: String, scale: Double, shift: Double
        var heterogeneous = false
        var testDescription: String {
            "\(column) x \(scale) + \(shift)\(heterogeneous ? " with --sigma2 FEMALE" : "")"
        }
    }

    static func fit(_ change: Change?, heterogeneous: Bool, method: EstimationMethod? = nil) throws -> HLMFit {
        let folder = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        func path(_ name: String) throws -> String {
            guard let change, change.file == name else { return exampleFilePath(name) }
            let path = folder.appendingPathComponent(name).path
            try transformed(name, change).write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        let specification = try ModelSpecification.parse(models: models,
                                                          variancePredictors: heterogeneous ? ["FEMALE"] : [])
        let options = try AnalysisSettings(method: method).resolved(for: specification).estimation
        return try HLMAnalysis.run(AnalysisRequest(level1Path: try path("hsb1.csv"), level2Path: try path("hsb2.csv"),
                                                   idColumn: "ID", specification: specification, options: options)).fit
    }

    /// The embedded file `name` with `change` applied to its column.
    static func transformed(_ name: String, _ change: Change) throws -> String {
        let lines = try #require(ExampleData.text(name)).split(separator: "\n").map(String.init)
        let column = try #require(lines[0].split(separator: ",").firstIndex { $0 == change.column })
        return ([lines[0]] + lines.dropFirst().map { line in
            var fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            fields[column] = "\(Double(fields[column])! * change.scale + change.shift)"
            return fields.joined(separator: ",")
        }).joined(separator: "\n") + "\n"
    }

    /// The fits of the unchanged files, computed once (static lets are initialised lazily and once).
    static let homogeneousBase = Result { try fit(nil, heterogeneous: false) }
    static let heterogeneousBase = Result { try fit(nil, heterogeneous: true) }

    static func base(heterogeneous: Bool) throws -> HLMFit {
        try (heterogeneous ? heterogeneousBase : homogeneousBase).get()
    }

    @Test("outcome scaled or shifted: gamma, SE, Tau, sigma^2, alpha and deviance transform exactly", arguments: [
        Change(file: "hsb1.csv", column: "MATHACH", scale: 1e10, shift: 0),
        Change(file: "hsb1.csv", column: "MATHACH", scale: 1e-10, shift: 0),
        Change(file: "hsb1.csv", column: "MATHACH", scale: 1, shift: 1e7),
        Change(file: "hsb1.csv", column: "MATHACH", scale: 1, shift: 1e9),
        Change(file: "hsb1.csv", column: "MATHACH", scale: 1, shift: 1e8, heterogeneous: true),
        Change(file: "hsb1.csv", column: "MATHACH", scale: 1, shift: 1e9, heterogeneous: true),
        Change(file: "hsb1.csv", column: "MATHACH", scale: 1e10, shift: 0, heterogeneous: true),
        Change(file: "hsb1.csv", column: "MATHACH", scale: -1e3, shift: -5e8, heterogeneous: true),
    ])
    func outcome(_ change: Change) throws {
        let base = try Self.base(heterogeneous: change.heterogeneous)
        let fit = try Self.fit(change, heterogeneous: change.heterogeneous)
        let c = change.scale, n = 7185.0, p = Double(base.fixedEffects.count)
        #expect(fit.convergence.converged, "\(fit.convergence.message)")
        #expect(fit.warnings.isEmpty, "\(fit.warnings)")
        for (ours, theirs) in zip(fit.fixedEffects, base.fixedEffects) {
            let intercept = ours.coefficient == "INTRCPT1" && ours.predictor == "INTRCPT2"
            expectClose(ours.estimate - (intercept ? change.shift : 0), c * theirs.estimate,
                        relative: 1e-7, "gamma \(ours.coefficient)/\(ours.predictor)")
            expectClose(ours.standardError, abs(c) * theirs.standardError, relative: 1e-7, "SE")
        }
        Self.expectTau(fit, base, factor: c * c)
        if let sigma2 = base.sigma2 { expectClose(try #require(fit.sigma2), c * c * sigma2, relative: 1e-7, "sigma^2") }
        if let alphas = base.level1Variance?.alpha {
            let ours = try #require(fit.level1Variance?.alpha)
            expectClose(ours[0].estimate, alphas[0].estimate + 2 * log(abs(c)), absolute: 1e-7, "alpha0 + 2 ln c")
            expectClose(ours[1].estimate, alphas[1].estimate, absolute: 1e-7, "alpha1")
            expectClose(ours[1].standardError, alphas[1].standardError, relative: 1e-7, "SE(alpha1)")
        }
        let jacobian = 2 * (fit.method == .fml ? n : n - p) * log(abs(c))
        expectClose(fit.deviance, base.deviance + jacobian, absolute: 1e-4, "deviance + Jacobian term")
    }

    static func expectTau(_ fit: HLMFit, _ base: HLMFit, factor: Double,
                          sourceLocation: SourceLocation = #_sourceLocation) {
        let scale = (base.tau.indices.map { base.tau[$0][$0] }.max() ?? 1) * factor
        for (ours, theirs) in zip(fit.tau.flatMap { $0 }, base.tau.flatMap { $0 }) {
            expectClose(ours, factor * theirs, absolute: 1e-7 * scale, "Tau", sourceLocation: sourceLocation)
        }
    }

    @Test("a predictor scaled by 1e6 or 1e-6: its gammas, SEs and Tau row and column divide by c; REML deviance + 2 ln c",
          arguments: [
        Change(file: "hsb2.csv", column: "SECTOR", scale: 1e6, shift: 0),
        Change(file: "hsb2.csv", column: "SECTOR", scale: 1e-6, shift: 0),
        Change(file: "hsb1.csv", column: "SES", scale: 1e6, shift: 0),
        Change(file: "hsb1.csv", column: "SES", scale: 1e-6, shift: 0),
    ], [EstimationMethod.reml, .fml])
    func predictorScale(_ change: Change, _ method: EstimationMethod) throws {
        let c = change.scale
        let base = method == .reml ? try Self.base(heterogeneous: false) : try Self.fit(nil, heterogeneous: false, method: method)
        let fit = try Self.fit(change, heterogeneous: false, method: method)
        #expect(fit.convergence.converged)
        // SECTOR enters one column of X (INTRCPT1/SECTOR), group(SES) one (SES/INTRCPT2) and Z's second column.
        let scaled = { (effect: FixedEffectEstimate) in effect.predictor == change.column || effect.coefficient == change.column }
        for (ours, theirs) in zip(fit.fixedEffects, base.fixedEffects) {
            let factor = scaled(ours) ? 1 / c : 1
            expectClose(ours.estimate, factor * theirs.estimate, relative: 1e-7, "gamma \(ours.coefficient)/\(ours.predictor)")
            expectClose(ours.standardError, factor * theirs.standardError, relative: 1e-7, "SE")
        }
        let d = fit.tauCoefficients.map { $0 == change.column ? 1 / c : 1 }
        for r in d.indices {
            for k in d.indices {
                let expected = d[r] * d[k] * base.tau[r][k]
                expectClose(fit.tau[r][k], expected, relative: 1e-7, "tau[\(r)][\(k)]")
            }
        }
        expectClose(fit.sigma2 ?? .nan, base.sigma2 ?? .nan, relative: 1e-7, "sigma^2")
        let jacobian = method == .reml ? 2 * log(c) : 0
        expectClose(fit.deviance, base.deviance + jacobian, absolute: 1e-4, "deviance")
    }
}
