import Foundation
import Testing

/// One entry of the catalogue of bad or awkward inputs: a command line, run by the real `hlm` in a copy
/// of Fixtures/BadInputs, and what the user must see (exit status, fragments of standard error and output).
///
/// Every case also checks the promises common to all runs (`BadInput.checkCommonPromises`).
struct BadInput: Sendable, CustomTestStringConvertible {
    var name: String
    var arguments: [String]
    var status: Int32
    var stderr: [String]
    var stdout: [String]

    init(_ name: String, _ arguments: [String], status: Int32, stderr: [String] = [], stdout: [String] = []) {
        self.name = name
        self.arguments = arguments
        self.status = status
        self.stderr = stderr
        self.stdout = stdout
    }

    var testDescription: String { name }

    /// The random-intercept model of the fixtures: Y on X at level 1, the intercept on W at level 2.
    static let model = ["--model", "Y = INTRCPT1 + X", "--model", "INTRCPT1 = INTRCPT2 + W + random"]

    /// `fit LEVEL1 [LEVEL2] --id ID` with `model` (default: `BadInput.model`) and further `options`.
    static func fit(_ level1: String, _ level2: String? = "level2.csv", model: [String] = model,
                    options: [String] = []) -> [String] {
        ["fit", level1] + (level2.map { [$0] } ?? []) + ["--id", "ID"] + model + options
    }

    /// Runs the case and checks its status, its messages and the common promises; returns the result.
    @discardableResult
    func check(sourceLocation: SourceLocation = #_sourceLocation) throws -> CLIRunner.Result {
        let directory = try CLIRunner.copyOfFixtures("BadInputs")
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try CLIRunner.run(arguments, in: directory)
        #expect(result.status == status, "\(name): exit status \(result.status)\n\(result.stderr)",
                sourceLocation: sourceLocation)
        for fragment in stderr {
            #expect(result.stderr.contains(fragment), "\(name): standard error lacks \"\(fragment)\":\n\(result.stderr)",
                    sourceLocation: sourceLocation)
        }
        for fragment in stdout {
            #expect(result.stdout.contains(fragment), "\(name): standard output lacks \"\(fragment)\"",
                    sourceLocation: sourceLocation)
        }
        try Self.checkCommonPromises(result, in: directory, sourceLocation: sourceLocation)
        return result
    }

    /// What every run promises: a refusal prints one `error:` message on standard error and nothing on
    /// standard output; a success prints only `warning:` lines on standard error; no NaN or infinity is
    /// ever printed; no temporary output file is left behind.
    static func checkCommonPromises(_ result: CLIRunner.Result, in directory: URL,
                                    sourceLocation: SourceLocation = #_sourceLocation) throws {
        if result.status == 0 {
            let lines = result.stderr.split(separator: "\n")
            #expect(lines.allSatisfy { $0.hasPrefix("warning: ") }, "stderr of a success: \(result.stderr)",
                    sourceLocation: sourceLocation)
        } else {
            #expect(result.stdout.isEmpty, "a refused run printed a report", sourceLocation: sourceLocation)
            #expect(result.stderr.lowercased().hasPrefix("error: "), "\(result.stderr)", sourceLocation: sourceLocation)
            #expect(result.stderr.filter { $0 == "\n" }.count >= 1, sourceLocation: sourceLocation)
        }
        let nonFinite = /(?i)\b(nan|-?inf(inity)?)\b/
        #expect(result.stdout.firstMatch(of: nonFinite) == nil, "NaN or infinity in the report",
                sourceLocation: sourceLocation)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty, "temporary files left: \(leftovers)", sourceLocation: sourceLocation)
    }
}
