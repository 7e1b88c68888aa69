import Foundation
import HLMExamples
import HLMKit
import Testing

/// The library snippet of the README and the DocC "Getting started" article compiles, runs from any folder
/// and prints what its comments say.
///
/// A page marks its copy with `<!-- snippet: Tests/HLMKitTests/Docs/LibrarySnippetTests.swift NAME -->`
/// before the fence, and `DocumentedOutputTests` checks that the copy is the lines between
/// `// snippet NAME begin` and `// snippet NAME end` below, unindented, after the line that follows
/// `begin, after:` (code that cannot stand inside a function, such as imports, one line each between `; `) and
/// an empty line.
@Suite("documentation snippets")
struct LibrarySnippetTests {
    @Test("the README's library snippet fits the heterogeneous model on the embedded data")
    func librarySnippet() throws {
        var printed: [String] = []
        func print(_ item: Any) { printed.append("\(item)") }
        // snippet library begin, after: import HLMExamples; import HLMKit
        // The HS&B files compiled into HLMExamples; use CSVTable.read(path:) for your own files.
        let students = try CSVTable(bytes: Array(ExampleData.text("hsb1.csv")!.utf8), source: "hsb1.csv")
        let schools = try CSVTable(bytes: Array(ExampleData.text("hsb2.csv")!.utf8), source: "hsb2.csv")

        let specification = try ModelSpecification.parse(
            models: ["MATHACH = INTRCPT1 + FEMALE", "INTRCPT1 = INTRCPT2 + random", "FEMALE = INTRCPT2 + random"],
            variancePredictors: ["FEMALE"])
        let request = AnalysisRequest(level1Path: "hsb1.csv", level2Path: "hsb2.csv", idColumn: "ID",
                                      specification: specification, options: EstimationOptions(method: .fml))
        let analysis = try HLMAnalysis.run(request, level1: students, level2: schools)   // fit and inference

        print(analysis.fit.level1Variance!.alpha.map(\.estimate))   // [3.704005..., -0.091312...]
        print(TextReport.render(analysis))                            // the HLM-style report
        print(JSONReport.render(analysis))                            // the JSON of docs/JSON.md
        // snippet library end
        let alpha = analysis.fit.level1Variance!.alpha.map(\.estimate)
        // Reference: nlme / references/hetmle.R (docs/COMPARISON.md), alpha0 = 3.704005, alpha1 = -0.091313.
        #expect(abs(alpha[0] - 3.704005) < 1e-6 && abs(alpha[1] + 0.091313) < 1e-6)
        #expect(printed.count == 3 && printed[1].contains("RESULTS FOR HETEROGENEOUS SIGMA-SQUARED")
                && printed[2].hasPrefix("{"))
    }

    @Test("the Getting Started article's one-call example fits the embedded data")
    func exampleSnippet() throws {
        var printed: [String] = []
        func print(_ item: Any) { printed.append("\(item)") }
        // snippet example begin
        let analysis = try Example.named("hsb-intercepts-slopes-as-outcomes")!.run()
        print(TextReport.render(analysis))
        // snippet example end
        // Reference: HLM 8 and lme4 (docs/COMPARISON.md), gamma00 = 12.095997.
        #expect(abs(analysis.fit.fixedEffects[0].estimate - 12.095997) < 1e-6)
        #expect(printed.count == 1 && printed[0].contains("Final estimation of fixed effects"))
    }

    /// The lines of snippet `source` (`PATH NAME`) as a page shows them.
    static func snippet(_ source: String) throws -> [String] {
        let parts = source.split(separator: " ").map(String.init)
        let file = try String(contentsOf: packageRoot.appendingPathComponent(parts[0]), encoding: .utf8)
        let lines = file.components(separatedBy: "\n")
        let name = parts.count > 1 ? parts[1] : ""
        let marker = "// snippet \(name) "
        guard let begin = lines.firstIndex(where: { $0.contains(marker + "begin") }),
              let end = lines.firstIndex(where: { $0.hasSuffix(marker + "end") }) else {
            throw SnippetError.missing(source)
        }
        let before = lines[begin].firstMatch(of: /begin, after: (.+)/)
            .map { $0.1.split(separator: "; ").map(String.init) + [""] } ?? []
        let body = lines[(begin + 1)..<end]
        let indent = body.filter { !$0.isEmpty }.map { $0.prefix { $0 == " " }.count }.min() ?? 0
        return before + body.map { $0.isEmpty ? $0 : String($0.dropFirst(indent)) }
    }
}

/// A page names a snippet that is not there.
enum SnippetError: Error, CustomStringConvertible {
    case missing(String)

    var description: String { "no lines between `// snippet NAME begin` and `// snippet NAME end` for \(source)" }

    private var source: String {
        switch self { case let .missing(source): return source }
    }
}
