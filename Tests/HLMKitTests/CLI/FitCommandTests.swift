import Foundation
import Testing
@testable import HLMKit

/// `hlm fit` end to end on the embedded HS&B files: the CLI contract of the engine and the
/// heterogeneous-sigma^2 issues (flags, command files, JSON fields, exit statuses).
@Suite("hlm fit")
struct FitCommandTests {
    static func hsb() throws -> (level1: String, level2: String) {
        (exampleFilePath("hsb1.csv"), exampleFilePath("hsb2.csv"))
    }

    static let manualModel = ["--model", "MATHACH = INTRCPT1 + FEMALE", "--model", "INTRCPT1 = INTRCPT2 + random",
                              "--model", "FEMALE = INTRCPT2 + random"]

    /// Runs `hlm fit` with `--json` into a temporary folder and returns the result and the parsed JSON.
    static func fitJSON(_ arguments: [String]) throws -> (CLIRunner.Result, [String: Any]) {
        let folder = try CLIRunner.temporaryDirectory()
        let json = folder.appendingPathComponent("fit.json")
        let result = try CLIRunner.run(["fit"] + arguments + ["--json", json.path], in: folder)
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as? [String: Any]
        return (result, try #require(object))
    }

    @Test("--sigma2 fits the manual's model by full ML with the alpha table and comparison in the JSON")
    func heterogeneousJSON() throws {
        let (level1, level2) = try Self.hsb()
        let (result, json) = try Self.fitJSON([level1, level2, "--id", "ID"] + Self.manualModel + ["--sigma2", "FEMALE"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(json["method"] as? String == "fml")
        #expect(json["converged"] as? Bool == true)
        #expect(json["parameters"] as? Int == 7)
        #expect(json["sigma2"] is NSNull)
        let block = try #require(json["level1_variance"] as? [String: Any])
        #expect(block["predictors"] as? [String] == ["INTRCPT1", "FEMALE"])
        let alpha = try #require(block["alpha"] as? [[String: Any]])
        // References: the optimum (nlme and hetmle.R agree), the manual's expected-information SEs,
        // normal p 0.0074 and HLM's Student-t (J - 1 = 159 df) p 0.0082 for alpha1.
        expectClose(try #require(alpha[0]["estimate"] as? Double), 3.704005, absolute: 5e-6, "alpha0")
        expectClose(try #require(alpha[1]["estimate"] as? Double), -0.091313, absolute: 5e-6, "alpha1")
        expectClose(try #require(alpha[0]["se"] as? Double), 0.024798, absolute: 1e-6, "SE alpha0")
        expectClose(try #require(alpha[1]["se"] as? Double), 0.034089, absolute: 1e-6, "SE alpha1")
        expectClose(try #require(alpha[1]["z"] as? Double), -2.679, absolute: 1e-3, "z alpha1")
        expectClose(try #require(alpha[1]["p"] as? Double), 0.0074, absolute: 1e-4, "p alpha1")
        expectClose(try #require(alpha[1]["p_hlm"] as? Double), 0.0082, absolute: 1e-4, "p_hlm alpha1")
        let homogeneous = try #require(block["homogeneous"] as? [String: Any])
        let heterogeneous = try #require(block["heterogeneous"] as? [String: Any])
        expectClose(try #require(homogeneous["deviance"] as? Double), 47051.30061, absolute: 2e-3, "homogeneous deviance")
        expectClose(try #require(heterogeneous["deviance"] as? Double), 47044.11270, absolute: 2e-3, "heterogeneous deviance")
        expectClose(try #require(homogeneous["deviance_hlm"] as? Double), 47049.46273, absolute: 2e-3, "HLM deviance 1")
        expectClose(try #require(heterogeneous["deviance_hlm"] as? Double), 47042.27482, absolute: 2e-3, "HLM deviance 2")
        #expect(homogeneous["parameters"] as? Int == 6 && heterogeneous["parameters"] as? Int == 7)
        expectClose(try #require(block["chi_square"] as? Double), 7.18790, absolute: 2e-4, "chi-square")
        #expect(block["df"] as? Int == 1)
        expectClose(try #require(block["p"] as? Double), 0.0073, absolute: 1e-4, "chi-square p")
    }

    @Test("a command file with heterol1var and mlf gives the same fit as the flags")
    func commandFile() throws {
        let (level1, level2) = try Self.hsb()
        let folder = try CLIRunner.temporaryDirectory()
        let command = folder.appendingPathComponent("manual.hlm")
        try """
        #WHLM CMD FILE FOR hsb.mdm
        level1:MATHACH=INTRCPT1+FEMALE+RANDOM
        level2:INTRCPT1=INTRCPT2+random/
        level2:FEMALE=INTRCPT2+random/
        heterol1var:FEMALE
        mlf:y
        numit:100
        title:heterogeneous sigma^2 by gender
        """.write(to: command, atomically: true, encoding: .utf8)
        let result = try CLIRunner.run(["fit", "--command", command.path, level1, level2, "--id", "ID"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("heterogeneous sigma^2 by gender"))
        #expect(result.stdout.contains("RESULTS FOR HETEROGENEOUS SIGMA-SQUARED"))
        #expect(result.stdout.contains("Model 1 vs Model 2      7.18790      1    0.007"))
    }

    @Test("--hlm-deviance prints the comparison in HLM's convention")
    func hlmDeviance() throws {
        let result = try CLIRunner.run(["example", "hsb-heterogeneous-sigma2", "--hlm-deviance"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("47049.46272") && result.stdout.contains("47042.27482"))
    }

    @Test("--method reml with --sigma2 uses the REML criterion")
    func remlHeterogeneous() throws {
        let (level1, level2) = try Self.hsb()
        let (result, json) = try Self.fitJSON([level1, level2, "--id", "ID"] + Self.manualModel
                                              + ["--sigma2", "FEMALE", "--method", "reml"])
        #expect(result.status == 0)
        #expect(json["method"] as? String == "reml")
        #expect(json["parameters"] as? Int == 5)
        #expect(json["level1_variance"] is [String: Any])
    }

    @Test("the default method is REML without --sigma2; the intercepts- and slopes-as-outcomes model matches HLM")
    func homogeneousDefault() throws {
        let (level1, level2) = try Self.hsb()
        let (result, json) = try Self.fitJSON([level1, level2, "--id", "ID",
            "--model", "MATHACH = INTRCPT1 + group(SES)",
            "--model", "INTRCPT1 = INTRCPT2 + SECTOR + MEANSES + random",
            "--model", "SES = INTRCPT2 + SECTOR + MEANSES + random"])
        #expect(result.status == 0)
        #expect(json["method"] as? String == "reml")
        #expect(json["level1_variance"] is NSNull)
        expectClose(try #require(json["deviance"] as? Double), 46503.66412, absolute: 1e-3, "deviance (HLM 8)")
        expectClose(try #require(json["sigma2"] as? Double), 36.721168, relative: 1e-3, "sigma^2 (HLM 8)")
        let gammas = try #require(json["fixed_effects"] as? [[String: Any]])
        #expect(gammas.map { $0["predictor"] as? String } == ["INTRCPT2", "SECTOR", "MEANSES", "INTRCPT2", "SECTOR", "MEANSES"])
        #expect(gammas.map { $0["df"] as? Int } == Array(repeating: 157, count: 6))
    }

    @Test("an iteration limit exits 0 with converged = false and a warning on standard error")
    func nonConvergence() throws {
        let result = try CLIRunner.run(["example", "hsb-random-coefficient", "--max-iterations", "1"])
        #expect(result.status == 0)
        #expect(result.stderr.contains("warning") && result.stderr.contains("did not converge"))
        #expect(result.stdout.contains("did NOT converge"))
    }

    @Test("an output path equal to an input path is refused")
    func outputOverwritesInput() throws {
        let folder = try CLIRunner.temporaryDirectory()
        let level1 = folder.appendingPathComponent("l1.csv")
        try "ID,Y\n1,2\n1,3\n2,4\n2,6\n".write(to: level1, atomically: true, encoding: .utf8)
        let result = try CLIRunner.run(["fit", "l1.csv", "--id", "ID", "--model", "Y = INTRCPT1", "--output", "l1.csv"],
                                       in: folder)
        #expect(result.status == 64)
        #expect(result.stderr.contains("l1.csv"))
        #expect(try String(contentsOf: level1, encoding: .utf8) == "ID,Y\n1,2\n1,3\n2,4\n2,6\n")
    }

    @Test("--model and --command together, or neither, are usage errors")
    func modelSources() throws {
        let neither = try CLIRunner.run(["fit", "a.csv", "--id", "ID"])
        #expect(neither.status == 64 && neither.stderr.contains("--model"))
    }
}
