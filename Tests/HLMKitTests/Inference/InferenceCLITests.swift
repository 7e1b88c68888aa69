import Foundation
import Testing
@testable import HLMKit

/// `hlm fit` inference options, command-file tests and `hlm compare`, end to end.
@Suite("Inference on the command line")
struct InferenceCLITests {
    static func hsb() throws -> [String] {
        [try ReferenceFixture.resolve("hsb1.csv"), try ReferenceFixture.resolve("hsb2.csv"), "--id", "ID"]
    }

    static let slopesAsOutcomes = ["--model", "MATHACH = INTRCPT1 + group(SES)",
                                   "--model", "INTRCPT1 = INTRCPT2 + SECTOR + MEANSES + random",
                                   "--model", "SES = INTRCPT2 + SECTOR + MEANSES + random"]

    static func json(_ url: URL) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }

    @Test("--homvar and --test add their sections to the report and the JSON")
    func fitOptions() throws {
        let folder = try CLIRunner.temporaryDirectory()
        let result = try CLIRunner.run(["fit"] + Self.hsb() + Self.slopesAsOutcomes + [
            "--homvar", "--homvar-min-df", "20", "--test", "INTRCPT1/SECTOR = 0; SES/SECTOR = 0",
            "--json", "out.json"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Test of homogeneity of level-1 variance"))
        #expect(result.stdout.contains("at least 20"))
        #expect(result.stdout.contains("Results of General Linear Hypothesis Testing - Test 1: INTRCPT1/SECTOR = 0; SES/SECTOR = 0"))
        #expect(result.stdout.contains("(with robust standard errors)"))
        let json = try Self.json(folder.appendingPathComponent("out.json"))
        let homogeneity = try #require(json["homogeneity_test"] as? [String: Any])
        #expect(homogeneity["minimum_df"] as? Int == 20)
        #expect((json["hypothesis_tests"] as? [Any])?.count == 1)
    }

    @Test("a command file's gammaK:, deviance:, df: and homvar: lines")
    func commandFile() throws {
        let folder = try CLIRunner.temporaryDirectory()
        try """
            level1:MATHACH=INTRCPT1+SES,1+RANDOM
            level2:INTRCPT1=INTRCPT2+SECTOR+MEANSES+random/
            level2:SES=INTRCPT2+SECTOR+MEANSES+random/
            hypoth:y
            gamma1:0,1,0,0,0,0
            gamma1:0,0,0,0,1,0
            deviance:46504.790628
            df:2
            homvar:y
            """.write(to: folder.appendingPathComponent("tests.hlm"), atomically: true, encoding: .utf8)
        let result = try CLIRunner.run(["fit"] + Self.hsb() + ["--command", "tests.hlm", "--json", "out.json"],
                                       in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Test 1: gamma1 (command file line 5)"))
        #expect(result.stdout.contains("Likelihood-ratio test against a previous model"))
        #expect(result.stdout.contains("Test of homogeneity of level-1 variance"))
        let comparison = try #require(try Self.json(folder.appendingPathComponent("out.json"))["model_comparison"]
            as? [String: Any])
        #expect(comparison["df"] as? Int == 2, "the same fixed part with a fixed SES slope (deviance 46504.790628)")
    }

    @Test("--df satterthwaite and --full-output (or fulloutput:y) add their tables")
    func satterthwaiteAndFullOutput() throws {
        let folder = try CLIRunner.temporaryDirectory()
        let result = try CLIRunner.run(["fit"] + Self.hsb() + ["--model", "MATHACH = INTRCPT1", "--df", "satterthwaite",
                                                               "--full-output", "--json", "out.json"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("(Satterthwaite degrees of freedom)"))
        #expect(result.stdout.contains("    INTRCPT2, gamma_00    12.636974   0.244394    51.707  156.6     <0.001"))
        #expect(result.stdout.contains("Standard errors of the covariance parameters"))
        let effects = try #require(try Self.json(folder.appendingPathComponent("out.json"))["fixed_effects"]
            as? [[String: Any]])
        #expect(effects[0]["satterthwaite_df"] is Double)
        try "level1:MATHACH=INTRCPT1+RANDOM\nfulloutput:y\n"
            .write(to: folder.appendingPathComponent("m.hlm"), atomically: true, encoding: .utf8)
        let fromFile = try CLIRunner.run(["fit"] + Self.hsb() + ["--command", "m.hlm"], in: folder)
        #expect(fromFile.stdout.contains("Standard errors of the covariance parameters"))
        #expect(!fromFile.stdout.contains("Satterthwaite"))
        let bad = try CLIRunner.run(["fit"] + Self.hsb() + ["--model", "MATHACH = INTRCPT1", "--df", "kenward"])
        #expect(bad.status == 64)
    }

    @Test("a hypothesis naming an unknown fixed effect is a usage error")
    func unknownName() throws {
        let result = try CLIRunner.run(["fit"] + Self.hsb() + Self.slopesAsOutcomes + ["--test", "SES/SIZE = 0"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("SES/SIZE, which is not a fixed effect"))
    }

    /// Fits `models` by `method` into `name` in `folder`.
    static func save(_ name: String, _ models: [String], method: String, in folder: URL) throws {
        let result = try CLIRunner.run(["fit"] + hsb() + models.flatMap { ["--model", $0] }
                                       + ["--method", method, "--json", name], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test("hlm compare: full ML models with different fixed parts")
    func compareFML() throws {
        let folder = try CLIRunner.temporaryDirectory()
        try Self.save("null.json", ["MATHACH = INTRCPT1"], method: "fml", in: folder)
        try Self.save("ses.json", ["MATHACH = INTRCPT1 + group(SES)", "SES = INTRCPT2 + random"], method: "fml",
                      in: folder)
        let result = try CLIRunner.run(["compare", "ses.json", "null.json"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let null = try Self.json(folder.appendingPathComponent("null.json"))
        let ses = try Self.json(folder.appendingPathComponent("ses.json"))
        let chiSquare = try #require(null["deviance"] as? Double) - (try #require(ses["deviance"] as? Double))
        #expect(result.stdout.contains("Chi-square statistic         = " + String(format: "%.5f", chiSquare)))
        #expect(result.stdout.contains("Number of degrees of freedom = 3"))
    }

    @Test("hlm compare refuses REML fits with different fixed effects, mixed methods and unreadable files")
    func compareRefusals() throws {
        let folder = try CLIRunner.temporaryDirectory()
        try Self.save("null-reml.json", ["MATHACH = INTRCPT1"], method: "reml", in: folder)
        try Self.save("sector-reml.json", ["MATHACH = INTRCPT1", "INTRCPT1 = INTRCPT2 + SECTOR + random"],
                      method: "reml", in: folder)
        try Self.save("null-fml.json", ["MATHACH = INTRCPT1"], method: "fml", in: folder)
        let reml = try CLIRunner.run(["compare", "null-reml.json", "sector-reml.json"], in: folder)
        #expect(reml.status == 64)
        #expect(reml.stderr.contains("REML deviances of models with different fixed effects are not comparable"))
        #expect(reml.stderr.contains("only in the second: INTRCPT1/SECTOR"))
        let mixed = try CLIRunner.run(["compare", "null-reml.json", "null-fml.json"], in: folder)
        #expect(mixed.status == 64 && mixed.stderr.contains("refit both with the same --method"))
        let missing = try CLIRunner.run(["compare", "null-reml.json", "nothing.json"], in: folder)
        #expect(missing.status == 65 && missing.stderr.contains("cannot read nothing.json"))
    }
}
