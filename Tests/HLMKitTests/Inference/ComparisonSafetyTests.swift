import Foundation
import Testing
@testable import HLMKit

/// `hlm compare` and command-file `deviance:`/`df:` comparisons check what they compare (issues 11 and 12):
/// the fixed part as fitted under REML, the data by fingerprint, the fields of hand-edited JSON, df = 0 and
/// negative chi-squares, and fits that did not converge. End to end, on the HS&B files.
@Suite("Model comparisons check what they compare")
struct ComparisonSafetyTests {
    static let randomSlope = ["MATHACH = INTRCPT1 + group(SES)", "SES = INTRCPT2 + random"]
    static let fixedSlope = ["MATHACH = INTRCPT1 + group(SES)"]

    /// `hlm fit` on `level1`/`level2` (default: the HS&B files) with `models`, saved as JSON `name` in `folder`.
    static func save(_ name: String, _ models: [String], method: String = "fml", extra: [String] = [],
                     level1: String? = nil, level2: String? = nil, in folder: URL) throws {
        let files = [try level1 ?? ReferenceFixture.resolve("hsb1.csv"), try level2 ?? ReferenceFixture.resolve("hsb2.csv")]
        let result = try CLIRunner.run(["fit"] + files + ["--id", "ID"] + models.flatMap { ["--model", $0] }
                                       + ["--method", method, "--json", name] + extra, in: folder)
        #expect(result.status == 0, "\(result.stderr)")
    }

    static func compare(_ first: String, _ second: String, in folder: URL) throws -> CLIRunner.Result {
        try CLIRunner.run(["compare", first, second], in: folder)
    }

    /// A refusal: exit `status`, `message` on standard error, nothing on standard output.
    static func expectRefused(_ result: CLIRunner.Result, status: Int32, _ message: String) {
        #expect(result.status == status)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    /// Rewrites `file` in `folder`, replacing the first match of the regular expression `pattern`.
    static func edit(_ file: String, in folder: URL, replacing pattern: String, with replacement: String,
                     as newFile: String) throws {
        let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
        let range = try #require(text.range(of: pattern, options: .regularExpression), "\(pattern) not in \(file)")
        try text.replacingCharacters(in: range, with: replacement)
            .write(to: folder.appendingPathComponent(newFile), atomically: true, encoding: .utf8)
    }

    @Test("REML: group(SES) and SES are different fixed parts (was chi-square 83.6); the valid pair gives 4.77, p = 0.092")
    func remlFixedPartAsFitted() throws {
        let folder = try CLIRunner.temporaryDirectory()
        try Self.save("group-fixed.json", Self.fixedSlope, method: "reml", in: folder)
        try Self.save("raw-random.json", ["MATHACH = INTRCPT1 + SES", "SES = INTRCPT2 + random"], method: "reml",
                      in: folder)
        try Self.save("raw-fixed.json", ["MATHACH = INTRCPT1 + SES"], method: "reml", in: folder)
        Self.expectRefused(try Self.compare("group-fixed.json", "raw-random.json", in: folder), status: 64,
                           "only in the first: group(SES)/INTRCPT2; only in the second: SES/INTRCPT2")
        let valid = try Self.compare("raw-random.json", "raw-fixed.json", in: folder)
        #expect(valid.status == 0, "\(valid.stderr)")
        #expect(valid.stdout.contains("Chi-square statistic         = 4.77106"))
        #expect(valid.stdout.contains("Number of degrees of freedom = 2"))
        #expect(valid.stdout.contains("P-value                      = 0.092"))
    }

    @Test("a fit that did not converge is named in a warning (hlm compare and command files)")
    func nonConvergedFit() throws {
        let folder = try CLIRunner.temporaryDirectory()
        try Self.save("short.json", Self.randomSlope, extra: ["--max-iterations", "1"], in: folder)
        try Self.save("fixed.json", Self.fixedSlope, in: folder)
        let result = try Self.compare("fixed.json", "short.json", in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("WARNING: short.json: the iterations did NOT converge"))
        #expect(!result.stdout.contains("WARNING: fixed.json"))
        #expect(result.stderr.contains("warning: short.json: the iterations did NOT converge"))
        try "level1:MATHACH=INTRCPT1+SES,1+RANDOM\nlevel2:SES=INTRCPT2+random/\nmlf:y\nnumit:1\n"
            .appending("deviance:99999\ndf:3\n")
            .write(to: folder.appendingPathComponent("short.hlm"), atomically: true, encoding: .utf8)
        let fromFile = try CLIRunner.run(["fit", try ReferenceFixture.resolve("hsb1.csv"),
                                          try ReferenceFixture.resolve("hsb2.csv"), "--id", "ID",
                                          "--command", "short.hlm"], in: folder)
        #expect(fromFile.status == 0, "\(fromFile.stderr)")
        #expect(fromFile.stdout.contains("WARNING: this fit did NOT converge; the test uses its last iteration's deviance"))
    }

    @Test("hand-edited JSON: every field is checked and named, nothing crashes",
          arguments: [
            (#""parameters": [0-9]+"#, #""parameters": -9223372036854775808"#,
             "parameters must be a whole number from 1 to 2147483647, not -9223372036854775808"),
            (#""parameters": [0-9]+"#, #""parameters": -3"#, "parameters must be a whole number from 1 to 2147483647, not -3"),
            (#""parameters": [0-9]+"#, #""parameters": 1e30"#, "not a JSON report written by hlm fit --json (The given data"),
            (#""deviance": [0-9.e+]+"#, #""deviance": null"#, "deviance must be a finite number"),
            (#""level1_used": [0-9]+"#, #""level1_used": 0"#, "data.level1_used and data.level2_used must be positive"),
            (#""rows": "[0-9a-f]+""#, #""rows": "xyz""#, "data.fingerprint.rows must be 16 hexadecimal digits"),
            (#""fingerprint": \{[^}]*\}[^}]*\}"#, #""fingerprint": null"#, "data.fingerprint must be present"),
            (#""level1": "[^"]*""#, #""level1": "MATHACH""#, "model.level1 and model.level2 must be equations"),
            (#""converged": true"#, #""converged": "yes""#, "converged has the wrong type"),
            (#""outcome": "MATHACH""#, #""outcome": "SES""#, "model.outcome must be the left side of model.level1"),
            (#""method": "fml""#, #""method": "ols""#, "method has an invalid value"),
          ])
    func handEditedJSON(pattern: String, replacement: String, message: String) throws {
        let folder = try CLIRunner.temporaryDirectory()
        try Self.save("fixed.json", Self.fixedSlope, in: folder)
        try Self.edit("fixed.json", in: folder, replacing: pattern, with: replacement, as: "edited.json")
        Self.expectRefused(try Self.compare("fixed.json", "edited.json", in: folder), status: 65,
                           "cannot read edited.json: " + message)
    }

    @Test("df = 0 (the same file twice, non-nested models) and a negative chi-square are refused")
    func degenerateTests() throws {
        let folder = try CLIRunner.temporaryDirectory()
        try Self.save("fixed.json", Self.fixedSlope, in: folder)
        try Self.save("slope.json", Self.randomSlope, in: folder)
        try Self.save("female.json", ["MATHACH = INTRCPT1 + group(FEMALE)"], in: folder)
        Self.expectRefused(try Self.compare("fixed.json", "fixed.json", in: folder), status: 64,
                           "fixed.json and fixed.json both have 4 estimated parameters, so the likelihood-ratio test "
                            + "has 0 degrees of freedom: the models are equal or not nested")
        Self.expectRefused(try Self.compare("fixed.json", "female.json", in: folder), status: 64, "0 degrees of freedom")
        try Self.edit("slope.json", in: folder, replacing: #""deviance": [0-9.]+"#, with: #""deviance": 99999.5"#,
                      as: "worse.json")
        Self.expectRefused(try Self.compare("fixed.json", "worse.json", in: folder), status: 64,
                           "worse.json has more parameters but a larger deviance than fixed.json")
    }

    @Test("command-file deviance:/df: follow the same rules: df = 0 and negative chi-square refused, REML note")
    func commandFileRules() throws {
        let folder = try CLIRunner.temporaryDirectory()
        let files = [try ReferenceFixture.resolve("hsb1.csv"), try ReferenceFixture.resolve("hsb2.csv"), "--id", "ID"]
        func run(_ lines: String) throws -> CLIRunner.Result {
            try ("level1:MATHACH=INTRCPT1+SES,1+RANDOM\nlevel2:SES=INTRCPT2+random/\n" + lines)
                .write(to: folder.appendingPathComponent("m.hlm"), atomically: true, encoding: .utf8)
            return try CLIRunner.run(["fit"] + files + ["--command", "m.hlm"], in: folder)
        }
        let equal = try run("deviance:46700\ndf:4\n")
        #expect(equal.status == 64)
        #expect(equal.stderr.contains("the previous model (command file deviance: and df:) and this model both have 4 "
                                      + "estimated parameters"))
        let negative = try run("deviance:1000\ndf:2\n")
        #expect(negative.status == 64)
        #expect(negative.stderr.contains("this model has more parameters but a larger deviance than the previous model"))
        let valid = try run("deviance:99999\ndf:2\n")
        #expect(valid.status == 0, "\(valid.stderr)")
        #expect(valid.stdout.contains("REML deviances: the test is valid only if the previous model has the same fixed part"))
    }

    @Test("a p-value that cannot be computed says why; the JSON keeps null")
    func notComputable() throws {
        let folder = try CLIRunner.temporaryDirectory()
        try Self.save("homvar.json", Self.fixedSlope, extra: ["--homvar", "--homvar-min-df", "1000"], in: folder)
        let result = try CLIRunner.run(["fit", try ReferenceFixture.resolve("hsb1.csv"), try ReferenceFixture.resolve("hsb2.csv"),
                                        "--id", "ID", "--model", Self.fixedSlope[0], "--homvar", "--homvar-min-df", "1000"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("P-value                      = not computable (fewer than 2 units have at least "
                                       + "1000 residual degrees of freedom"))
        #expect(!result.stdout.contains("NaN"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("homvar.json")))
            as? [String: Any])
        let test = try #require(json["homogeneity_test"] as? [String: Any])
        #expect(test["p"] is NSNull)
    }
}
