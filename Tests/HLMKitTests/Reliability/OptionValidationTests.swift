import Foundation
import Testing
@testable import HLMKit

/// Every numeric option is validated (usage error naming the option, exit 64, nothing written, never a crash),
/// hypothesis numbers are parsed as numbers, enumerated values are case-insensitive, and a level-2 variable
/// cannot be group-centred in the variance model (issue 11, sections 5 and 7).
@Suite("Reliability: option validation")
struct OptionValidationTests {
    /// Runs `arguments` in a copy of Fixtures/BadInputs and checks the status, that stderr contains `message`,
    /// the common promises, and that a refused run left no file but the fixtures.
    private func check(_ arguments: [String], status: Int32, message: String? = nil,
                       sourceLocation: SourceLocation = #_sourceLocation) throws {
        let directory = try CLIRunner.copyOfFixtures("BadInputs")
        defer { try? FileManager.default.removeItem(at: directory) }
        let before = Set(try FileManager.default.contentsOfDirectory(atPath: directory.path))
        let result = try CLIRunner.run(arguments, in: directory)
        #expect(result.status == status, "\(arguments): \(result.stderr)", sourceLocation: sourceLocation)
        if let message {
            #expect(result.stderr.contains(message), "\(result.stderr)", sourceLocation: sourceLocation)
        }
        try BadInput.checkCommonPromises(result, in: directory, sourceLocation: sourceLocation)
        if status != 0 {
            let after = Set(try FileManager.default.contentsOfDirectory(atPath: directory.path))
            #expect(after == before, "files written by a refused run: \(after.subtracting(before))",
                    sourceLocation: sourceLocation)
        }
    }

    /// `hlm simulate` with 20 units of about 5 rows and `options`.
    private static func simulate(_ options: [String]) -> [String] {
        ["simulate", "--output", "sim", "--groups", "20", "--mean-size", "5"] + options
    }

    static let refused: [(arguments: [String], message: String)] = [
        (simulate(["--alpha", "inf,0,0"]), "--alpha takes 3 comma-separated finite numbers"),
        (simulate(["--gamma", "nan,0,0,0"]), "--gamma takes 4 comma-separated finite numbers"),
        (simulate(["--tau", "1e999,0,1"]), "--tau takes 3 comma-separated finite numbers"),
        (simulate(["--alpha", "2000,0,0"]), "not a finite number"),
        (["simulate", "--groups", "1000000000000"], "--groups 1000000000000 with --mean-size 100"),
        (["simulate", "--mean-size", "9223372036854775807"], "at most 1000000000"),
        (BadInput.fit("level1.csv", options: ["--test", "INTRCPT1/W = inf"]), "'inf' after '=' is not a finite number"),
        (BadInput.fit("level1.csv", options: ["--test", "INTRCPT1/W = 1 2"]), "'1 2' after '=' is not a finite number"),
        (BadInput.fit("level1.csv", options: ["--test", "1e999*INTRCPT1/W"]), "'1e999' is not a finite number"),
        (BadInput.fit("level1.csv", options: ["--tolerance", "inf"]), "--tolerance must be a positive number no larger than 0.01"),
        (BadInput.fit("level1.csv", options: ["--sigma2", "group(W)", "--method", "fml"]),
         "group-mean centering of the level-2 variable W"),
    ]

    /// Non-finite numbers, junk after a number, absurd simulation sizes and group() of a level-2 variance predictor.
    @Test("bad option values are refused with exit 64, writing nothing", arguments: refused)
    func refusedOptions(arguments: [String], message: String) throws {
        try check(arguments, status: 64, message: message)
    }

    @Test("simulate with huge but finite values writes readable numbers instead of crashing",
          arguments: [["--alpha", "100,0,0"], ["--gamma", "2e19,0,0,0"]])
    func hugeSimulation(options: [String]) throws {
        let directory = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try CLIRunner.run(Self.simulate(options),
                                       in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let table = try CSVTable.read(path: directory.appendingPathComponent("sim-level1.csv").path)
        #expect(table.rowCount > 0)
    }

    @Test("option values are case-insensitive", arguments: [["--method", "REML"], ["--method", "Fml"],
                                                           ["--df", "SATTERTHWAITE"]])
    func caseInsensitive(options: [String]) throws {
        try check(BadInput.fit("level1.csv", options: options), status: 0)
    }

    @Test("a weight with a negative exponent is one number")
    func exponentWeight() throws {
        let hypothesis = try FixedEffectHypothesis.parse("1e-9*INTRCPT1/W - 2.5E+3 INTRCPT1/W = -1.5e-2")
        #expect(hypothesis.rows == [.named(terms: [.init(weight: 1e-9, name: "INTRCPT1/W"),
                                                   .init(weight: -2500, name: "INTRCPT1/W")], value: -0.015)])
        try check(BadInput.fit("level1.csv", options: ["--test", "1e-9*INTRCPT1/W = 0"]), status: 0)
    }

    @Test("command file: gamma01: is refused as ambiguous, non-finite numbers are refused",
          arguments: [("gamma01:0,1,0", "gamma01: on line 4 of m.hlm is ambiguous"),
                      ("gamma1:0,nan,0", "expected one finite number per fixed effect"),
                      ("stopval:inf", "expected a positive finite number")])
    func commandFile(line: String, message: String) throws {
        let directory = try CLIRunner.copyOfFixtures("BadInputs")
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = "level1:Y=INTRCPT1+X+RANDOM\nlevel2:INTRCPT1=INTRCPT2+W+random/\nlevel2:X=INTRCPT2/\n\(line)\n"
        try Data(file.utf8).write(to: directory.appendingPathComponent("m.hlm"))
        let result = try CLIRunner.run(["fit", "level1.csv", "level2.csv", "--id", "ID", "--command", "m.hlm"],
                                       in: directory)
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    @Test("command file: repeated gamma1: lines are rows of one test, gamma2: another")
    func commandFileTests() throws {
        let file = "level1:Y=INTRCPT1+X+RANDOM\nlevel2:INTRCPT1=INTRCPT2+W+random/\nlevel2:X=INTRCPT2/\n"
            + "gamma1:0,1,0\ngamma1:0,0,1\ngamma2:0,1,0\n"
        let parsed = try CommandFile.parse(contents: file, path: "m.hlm")
        #expect(parsed.hypothesisTests.map(\.rows.count) == [2, 1])
    }
}
