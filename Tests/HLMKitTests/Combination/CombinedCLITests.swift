import Foundation
import Testing
@testable import HLMKit

/// `hlm fit --plausible-values / --imputed`, the command-file keywords, `hlm example survey-plausible-values`,
/// the combined JSON, and the refusals with their exit statuses.
@Suite("Combined analyses: command line")
struct CombinedCLITests {
    /// The survey example's model as `hlm fit` arguments on data/.
    static let model = [exampleFilePath("survey-level1.csv"), exampleFilePath("survey-level2.csv"), "--id", "ID",
                        "--model", "PV1 = INTRCPT1 + X + G", "--model", "INTRCPT1 = INTRCPT2 + W + random",
                        "--model", "X = INTRCPT2 + random"]

    @Test("the example prints the pinned combined report (the wall time masked)")
    func exampleSnapshot() throws {
        let result = try CLIRunner.run(["example", "survey-plausible-values"])
        #expect(result.status == 0, "\(result.stderr)")
        let stable = result.stdout.replacing(/wall time \S+ s/, with: "wall time * s")
            .replacing(/run concurrently on \d+ cores?/, with: "run concurrently on * cores")
            .replacing(/\|change in deviance\| = \S+, gradient norm = \S+/,
                       with: "|change in deviance| = *, gradient norm = *")
        try expectSnapshot(stable, named: "example-survey-plausible-values")
    }

    @Test("--plausible-values and the command file's plausiblevalues: give the same JSON; hlm compare refuses it")
    func flagsAndCommandFile() throws {
        let directory = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let flags = try CLIRunner.run(["fit"] + Self.model + ["--plausible-values", "PV1,PV2", "--plausible-values",
                                                             "PV3", "--json", "flags.json"], in: directory)
        #expect(flags.status == 0, "\(flags.stderr)")
        try """
            level1:PV1=INTRCPT1+X+G+RANDOM
            level2:INTRCPT1=INTRCPT2+W+random/
            level2:X=INTRCPT2+random/
            level2:G=INTRCPT2/
            plausiblevalues:PV1, PV2, PV3

            """.write(to: directory.appendingPathComponent("pv.hlm"), atomically: true, encoding: .utf8)
        let file = try CLIRunner.run(["fit", "--command", "pv.hlm", exampleFilePath("survey-level1.csv"),
                                      exampleFilePath("survey-level2.csv"), "--id", "ID", "--json", "file.json"],
                                     in: directory)
        #expect(file.status == 0, "\(file.stderr)")
        let documents = try ["flags.json", "file.json"].map { name in
            try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent(name)))
                as! [String: Any]
        }
        let combined = documents.map { $0["combined"] as! [String: Any] }
        #expect(combined[0]["kind"] as? String == "plausible_values" && combined[0]["m"] as? Int == 3)
        #expect(combined[0]["data_sets"] as? [String] == ["PV1", "PV2", "PV3"])
        #expect((combined[0]["wall_time_seconds"] as? Double ?? 0) > 0)
        #expect((documents[0]["fits"] as? [Any])?.count == 3)
        let estimates = combined.map { ($0["fixed_effects"] as! [[String: Any]]).map { $0["estimate"] as! Double } }
        #expect(estimates[0] == estimates[1] && estimates[0].count == 4)
        let first = (combined[0]["fixed_effects"] as! [[String: Any]])[0]
        #expect(Set(first.keys) == ["coefficient", "predictor", "estimate", "se", "t", "df", "p", "within", "between",
                                    "total", "relative_increase", "lambda", "fmi", "df_complete"])
        let compare = try CLIRunner.run(["compare", "flags.json", "file.json"], in: directory)
        #expect(compare.status == 64 && compare.stderr.contains("is a combined analysis"))
    }

    @Test("--imputed takes a pattern; the imputed files are level-1 files and the file argument the level-2 file")
    func imputedPattern() throws {
        let directory = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        _ = try CombinedAnalysisTests.imputedFiles(in: directory, values: ["PV1", "PV2", "PV3"])
        let result = try CLIRunner.run(["fit", exampleFilePath("survey-level2.csv"), "--id", "ID",
                                        "--model", "PV = INTRCPT1 + X + G", "--imputed", "imputed*.csv"],
                                       in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Combined over 3 imputed level-1 files (Rubin's rules)"))
        #expect(result.stdout.contains("imputed1.csv (the first of 3 imputed files)"))
    }

    @Test("refusals name the problem and exit 64 (usage) or 65 (data)", arguments: [
        (["--plausible-values", "PV1"], 64, "at least 2 data sets"),
        (["--plausible-values", "PV2,PV3"], 64, "is not among the plausible values"),
        (["--plausible-values", "PV1,PV2", "--imputed", "a.csv,b.csv"], 64, "given together"),
        (["--imputed-level", "2"], 64, "without imputed files"),
        (["--plausible-values", "PV1,PV2", "--residuals1", "r.csv"], 64, "residual files"),
        (["--plausible-values", "PV1,PV2", "--test", "gamma10 = 0"], 64, "Wald tests"),
        (["--plausible-values", "PV1,PV2", "--full-output"], 64, "--full-output"),
        (["--plausible-values", "PV1,NOPE"], 65, "NOPE"),
    ] as [([String], Int32, String)])
    func refused(arguments: [String], status: Int32, message: String) throws {
        let result = try CLIRunner.run(["fit"] + Self.model + arguments)
        #expect(result.status == status, "\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    @Test("imputed files: no match, a level-2 run without its level-1 file")
    func imputedRefused() throws {
        let none = try CLIRunner.run(["fit", "--id", "ID", "--model", "PV = INTRCPT1", "--imputed", "nothing-*.csv"])
        #expect(none.status == 65 && none.stderr.contains("no file matches nothing-*.csv"), "\(none.stderr)")
        let level2 = try CLIRunner.run(["fit", "--id", "ID", "--model", "PV = INTRCPT1", "--imputed", "a.csv,b.csv",
                                        "--imputed-level", "2"])
        #expect(level2.status == 64 && level2.stderr.contains("give the level-1 file"), "\(level2.stderr)")
    }
}
