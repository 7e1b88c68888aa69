import Foundation
import Testing

/// `--html PATH` on `hlm example` and `hlm fit`, end to end: the page is written beside the text report, and
/// the paths the other outputs refuse are refused too, before anything is written.
@Suite("hlm --html")
struct HTMLCommandTests {
    @Test("hlm example writes the page with its plots; the text report still goes to standard output")
    func example() throws {
        let folder = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try CLIRunner.run(["example", "hsb-heterogeneous-sigma2", "--html", "report.html"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("RESULTS FOR HETEROGENEOUS SIGMA-SQUARED"))
        let html = try String(contentsOf: folder.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.contains("Fitted level-1 standard deviation sigma by FEMALE"))
        #expect(HTMLWellFormedness.problem(in: html) == nil)
        // Asking for the page writes no residual file.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["report.html"])
    }

    @Test("a three-level example and a combined (plausible values) example write their pages too",
          arguments: [("egsingle-growth", "Caterpillar plot: EB estimates of u0k"),
                      ("survey-plausible-values", "the 5 estimates and the combined estimate")])
    func levelsAndCombined(name: String, plot: String) throws {
        let folder = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try CLIRunner.run(["example", name, "--html", "report.html"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let html = try String(contentsOf: folder.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(html.contains(plot))
        #expect(HTMLWellFormedness.problem(in: html) == nil)
    }

    @Test("hlm fit writes the page for a model from files")
    func fit() throws {
        let folder = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try CLIRunner.run(["fit", exampleFilePath("hsb1.csv"), exampleFilePath("hsb2.csv"), "--id", "ID",
                                        "--model", "MATHACH = INTRCPT1 + group(SES)",
                                        "--model", "INTRCPT1 = INTRCPT2 + SECTOR + random",
                                        "--html", "fit.html", "--output", "fit.txt"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let html = try String(contentsOf: folder.appendingPathComponent("fit.html"), encoding: .utf8)
        #expect(html.contains("Equation graph: predicted MATHACH by unit") && html.contains("SECTOR = 1"))
    }

    @Test("a directory, an input file or the path of another output is refused, and nothing is written")
    func refusedPaths() throws {
        let folder = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let directory = try CLIRunner.run(["example", "hsb-null", "--html", folder.path, "--json", "out.json"], in: folder)
        #expect(directory.status == 65 && directory.stderr.contains("directory"))
        let input = exampleFilePath("hsb1.csv")
        let overInput = try CLIRunner.run(["fit", input, exampleFilePath("hsb2.csv"), "--id", "ID",
                                           "--model", "MATHACH = INTRCPT1", "--html", input], in: folder)
        #expect(overInput.status != 0 && overInput.stderr.contains(input))
        let same = try CLIRunner.run(["example", "hsb-null", "--html", "x.out", "--json", "x.out"], in: folder)
        #expect(same.status == 64 && same.stderr.contains("x.out"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }
}
