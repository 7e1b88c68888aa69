import Foundation
import Testing
@testable import HLMKit

/// A non-normal model's estimates transform exactly as the data do, and do not depend on row order or how the
/// unit IDs are written: Contraception with AGE shifted by 1000 (written exactly), with its rows reversed, and
/// with its district IDs rewritten as text.
@Suite("HGLM: estimates under shifted predictors, row order and ID coding")
struct GeneralizedInvarianceTests {
    /// The Contraception file with each data line passed through `edit` (fields DISTRICT, USE, URBAN, AGE, LIV).
    static func contraception(_ edit: ([String]) -> [String] = { $0 }, reversed: Bool = false) throws -> CSVTable {
        let text = try String(contentsOfFile: exampleFilePath("contraception.csv"), encoding: .utf8)
        var lines = text.split(separator: "\n").map(String.init)
        let header = lines.removeFirst()
        var rows = lines.map { edit($0.split(separator: ",").map(String.init)).joined(separator: ",") }
        if reversed { rows.reverse() }
        return try CSVTable(bytes: Array(([header] + rows).joined(separator: "\n").utf8), source: "contraception.csv")
    }

    /// The fit of `USE = INTRCPT1 + URBAN + AGE + LIV`, random intercept, by `estimation`.
    static func fit(_ table: CSVTable, _ estimation: GeneralizedEstimation) throws -> HLMFit {
        var specification = try ModelSpecification.parse(
            models: ["USE = INTRCPT1 + URBAN + AGE + LIV", "INTRCPT1 = INTRCPT2 + random"])
        specification.family = .bernoulli
        var options = EstimationOptions(method: .fml)
        options.generalized = estimation
        let request = AnalysisRequest(level1Path: "contraception.csv", level2Path: nil, idColumn: "DISTRICT",
                                      specification: specification, options: options)
        return try HLMAnalysis.run(request, level1: table, level2: nil).fit
    }

    @Test("AGE + 1000: gamma_AGE, Tau and the deviance unchanged, the intercept moves by -1000 gamma_AGE",
          arguments: [GeneralizedEstimation.pql, .laplace, .adaptiveQuadrature(points: 5)])
    func shift(estimation: GeneralizedEstimation) throws {
        let original = try Self.fit(Self.contraception(), estimation)
        let shifted = try Self.fit(Self.contraception { fields in
            var f = fields
            f[3] = String(format: "%.4f", Double(f[3])! + 1000)
            return f
        }, estimation)
        let age = original.fixedEffects[2].estimate
        #expect(abs(shifted.fixedEffects[2].estimate - age) <= 1e-9 * abs(age))
        #expect(abs(shifted.fixedEffects[0].estimate - (original.fixedEffects[0].estimate - 1000 * age)) < 1e-7)
        #expect(abs(shifted.tau[0][0] - original.tau[0][0]) <= 1e-8 * original.tau[0][0])
        if estimation != .pql { #expect(abs(shifted.deviance - original.deviance) < 1e-8) }
    }

    @Test("reversed rows and text IDs give the same estimates", arguments: [GeneralizedEstimation.pql, .laplace])
    func order(estimation: GeneralizedEstimation) throws {
        let original = try Self.fit(Self.contraception(), estimation)
        let other = try Self.fit(Self.contraception({ fields in ["district-\(fields[0])"] + fields.dropFirst() },
                                                    reversed: true), estimation)
        for (a, b) in zip(original.fixedEffects, other.fixedEffects) {
            #expect(abs(a.estimate - b.estimate) <= 1e-8 * max(1, abs(a.estimate)))
            #expect(abs(a.standardError - b.standardError) <= 1e-7 * a.standardError)
        }
        #expect(abs(original.tau[0][0] - other.tau[0][0]) <= 1e-8 * original.tau[0][0])
    }
}
