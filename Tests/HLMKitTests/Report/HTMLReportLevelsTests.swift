import Foundation
import HLMExamples
import Testing
@testable import HLMKit

/// The HTML report of a three-level fit (the egsingle growth example) and of a combined run (the survey's five
/// plausible values): strict parse and tidy, the tables' numbers, the plots and their data.
@Suite("HTML report: three levels and combined runs")
struct HTMLReportLevelsTests {
    static let threeLevel: ThreeLevelAnalysis = {
        let example = Example.named("egsingle-growth")!
        return try! example.runThreeLevel(try! example.resolved())
    }()

    static let combined: CombinedAnalysis = {
        let example = Example.named("survey-plausible-values")!
        return try! example.runCombined(try! example.resolved())
    }()

    @Test("the two-level entry point refuses the three-level example rather than fitting it as two levels")
    func twoLevelEntryRefusesThreeLevel() throws {
        let example = try #require(Example.named("egsingle-growth"))
        #expect(throws: SpecificationError.self) { try example.run(try example.resolved()) }
    }

    @Test("both pages are well-formed, self-contained and pass tidy where it is installed")
    func valid() throws {
        for html in [HTMLReport.render(Self.threeLevel), HTMLReport.render(Self.combined)] {
            #expect(HTMLWellFormedness.problem(in: html) == nil, "\(HTMLWellFormedness.problem(in: html) ?? "")")
            for forbidden in ["http:", "https:", "<script", "<link", "<img", "src=\""] { #expect(!html.contains(forbidden)) }
            for plot in HTMLReportTests.plots(html) {
                #expect(plot.contains("<title>") && plot.contains("<desc ") && plot.contains("aria-label=\""))
            }
            guard let tidy = HTMLValidatorTests.tidy else { continue }
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("hlm-levels-\(UUID()).html")
            defer { try? FileManager.default.removeItem(at: file) }
            try html.write(to: file, atomically: true, encoding: .utf8)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: tidy)
            process.arguments = ["-q", "-e", "--show-warnings", "yes", file.path]
            let messages = Pipe()
            process.standardError = messages
            try process.run()
            let text = String(decoding: messages.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0 && text.isEmpty, "tidy: \(text)")
        }
    }

    @Test("the three-level page holds the document's tables (fixed effects, Tau_pi, Tau_beta) and its plots")
    func threeLevelPage() throws {
        let html = HTMLReport.render(Self.threeLevel)
        let results = Self.threeLevel.results
        for effect in results.fixedEffects {
            #expect(html.contains(">\(ReportNumberFormat.fixed(effect.estimate, 6))</td>"), "\(effect.estimate)")
        }
        #expect(html.contains("<caption>Tau: level2</caption>") && html.contains("<caption>Tau: level3</caption>"))
        let titles = html.matches(of: /<figcaption>([^<]*)<\/figcaption>/).map { String($0.output.1) }
        #expect(titles.filter { $0.hasPrefix("Caterpillar plot") }.count
                == results.level2Tau.coefficients.count + results.level3Tau.coefficients.count)
        #expect(titles.contains("Level-1 residuals against fitted values"))
        #expect(titles.contains { $0.hasPrefix("Equation graph") })
        #expect(titles.contains { $0.hasPrefix("Mahalanobis") })
    }

    @Test("each level-2 unit's level-1 coefficients reproduce the fitted values: sum_p a_pi pi_pj = FITTED_i")
    func threeLevelCoefficients() throws {
        let tables = Self.threeLevel.plotTables
        let predictors = try #require(tables.level1Predictors)
        var largest = 0.0
        for i in tables.fitted.indices {
            let pi = tables.coefficients[tables.unitOfRow[i]]
            let value = pi[0] + predictors.enumerated().reduce(0) { $0 + pi[$1.offset + 1] * $1.element.values[i] }
            largest = max(largest, abs(value - tables.fitted[i]))
        }
        #expect(largest < 1e-9, "largest difference \(largest)")
        // The level-1 residual file's FITTED column, row for row.
        let file = Self.threeLevel.residuals.level1.split(separator: "\n").dropFirst()
        for (row, line) in zip(tables.fitted, file) {
            #expect(abs(row - Double(line.split(separator: ",")[2])!) < 1e-9 * max(1, abs(row)))
        }
    }

    @Test("the combined page holds Rubin's estimates with df and FMI, and one plot per parameter")
    func combinedPage() throws {
        let html = HTMLReport.render(Self.combined)
        let combination = Self.combined.combination
        for pooled in combination.fixedEffects {
            #expect(html.contains(">\(ReportNumberFormat.fixed(pooled.estimate, 6))</td>"))
            #expect(html.contains(">\(ReportNumberFormat.fixed(pooled.fractionMissingInformation, 3))</td>"))
            #expect(html.contains(">\(ReportNumberFormat.fixed(pooled.degreesOfFreedom, 1))</td>"))
        }
        let titles = html.matches(of: /<figcaption>([^<]*)<\/figcaption>/).map { String($0.output.1) }
        #expect(titles.count == combination.fixedEffects.count + combination.covarianceParameters.count)
        #expect(titles.allSatisfy { $0.hasSuffix("the 5 estimates and the combined estimate") })
    }
}
