import Foundation
import HLMExamples
import Testing
@testable import HLMKit

/// The invariance at 1e-8 relative, deterministically, on the HS&B data: the level-1 rows in a
/// fixed shuffled order and the school IDs recoded as text give the same estimates, for the homogeneous
/// REML model and the manual's heterogeneous model.
@Suite("Reliability: HS&B estimates do not depend on row order or ID coding")
struct HSBInvarianceTests {
    /// hsb1/hsb2 rewritten with rows in a fixed pseudo-random order and IDs "S-<reversed digits>".
    static func transformedFiles() throws -> (level1: String, level2: String) {
        let folder = try CLIRunner.temporaryDirectory()
        func recode(_ id: Substring) -> String { "S-" + String(id.reversed()) }
        func rewrite(_ name: String, shuffle: Bool) throws -> String {
            let text = try #require(ExampleData.text(name))
            var lines = text.split(separator: "\n")
            let header = lines.removeFirst()
            var rows = lines.map { line -> String in
                let id = line.prefix { $0 != "," }
                return recode(id) + line.dropFirst(id.count)
            }
            if shuffle {
                var uniform = SyntheticData.Uniform(state: 2026)
                for i in stride(from: rows.count - 1, to: 0, by: -1) {
                    rows.swapAt(i, Int(uniform.next() * Double(i + 1)))
                }
            }
            let path = folder.appendingPathComponent(name).path
            try ([String(header)] + rows).joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        return (try rewrite("hsb1.csv", shuffle: true), try rewrite("hsb2.csv", shuffle: false))
    }

    static func estimates(_ fit: HLMFit) -> [Double] {
        fit.fixedEffects.map(\.estimate) + fit.tau.flatMap { $0 } + [fit.sigma2 ?? 0]
            + (fit.level1Variance?.alpha.map(\.estimate) ?? [])
    }

    @Test("same estimates to 1e-8 relative", arguments: [
        ["MATHACH = INTRCPT1 + group(SES)", "INTRCPT1 = INTRCPT2 + SECTOR + MEANSES + random",
         "SES = INTRCPT2 + SECTOR + MEANSES + random"],
        ["MATHACH = INTRCPT1 + FEMALE", "INTRCPT1 = INTRCPT2 + random", "FEMALE = INTRCPT2 + random"],
    ])
    func invariance(models: [String]) throws {
        let heterogeneous = models[0].contains("FEMALE")
        let specification = try ModelSpecification.parse(models: models,
                                                          variancePredictors: heterogeneous ? ["FEMALE"] : [])
        let original = try HLMAnalysis.run(AnalysisRequest(
            level1Path: exampleFilePath("hsb1.csv"),
            level2Path: exampleFilePath("hsb2.csv"), idColumn: "ID",
            specification: specification))
        let files = try Self.transformedFiles()
        let transformed = try HLMAnalysis.run(AnalysisRequest(level1Path: files.level1, level2Path: files.level2,
                                                              idColumn: "ID", specification: specification))
        for (a, b) in zip(Self.estimates(transformed.fit), Self.estimates(original.fit)) {
            expectClose(a, b, absolute: 1e-12, relative: 1e-8, "estimate after shuffling rows and recoding IDs")
        }
        expectClose(transformed.fit.deviance, original.fit.deviance, relative: 1e-12, "deviance")
    }
}
