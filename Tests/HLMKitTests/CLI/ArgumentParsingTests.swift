import Foundation
import Testing

/// `hlm`'s own argument parser (Sources/hlm/ArgumentParsing.swift) keeps swift-argument-parser's contract: the
/// help texts are the snapshots recorded from swift-argument-parser's output (Fixtures/Report/cli-help-*.txt),
/// and the usage errors below are its messages, word for word, with exit status 64.
@Suite("hlm: argument parsing, help and usage errors")
struct ArgumentParsingTests {
    @Test("--help of hlm and of each command is laid out as before",
          arguments: ["root", "fit", "example", "simulate", "compare"])
    func help(command: String) throws {
        let result = try CLIRunner.run(command == "root" ? ["--help"] : [command, "--help"])
        #expect(result.status == 0 && result.stderr.isEmpty)
        try expectSnapshot(result.stdout, named: "cli-help-\(command)")
    }

    @Test("`hlm`, `hlm help`, `hlm help fit`, `-h` and --version anywhere")
    func helpForms() throws {
        let root = try CLIRunner.run(["--help"]).stdout
        #expect(try CLIRunner.run([]).stdout == root)
        #expect(try CLIRunner.run(["help"]).stdout == root)
        let fit = try CLIRunner.run(["fit", "--help"]).stdout
        #expect(try CLIRunner.run(["help", "fit"]).stdout == fit)
        #expect(try CLIRunner.run(["fit", "-h"]).stdout == fit)
        #expect(try CLIRunner.run(["example", "x", "--help"]).stdout.hasPrefix("OVERVIEW: Fit an example model"))
        let version = try CLIRunner.run(["fit", "--id", "x", "--version"])
        let rootVersion = try CLIRunner.run(["--version"])
        #expect(version.status == 0 && version.stdout == rootVersion.stdout)
    }

    /// Arguments and the message swift-argument-parser gave for them (its first line, `Error: ...`).
    static let usageErrors: [([String], String)] = [
        (["bogus"], "Unexpected argument 'bogus'"),
        (["--versio"], "Unknown option '--versio'"),
        (["fit", "a.csv"], "Missing expected argument '--id <id>'"),
        (["fit", "a.csv", "--id"], "Missing value for '--id <id>'"),
        (["fit", "-x"], "Missing expected argument '--id <id>'"),
        (["fit", "a.csv", "--id", "X", "--bogus"], "Unknown option '--bogus'"),
        (["fit", "a.csv", "--id", "X", "--method", "foo"], "The value 'foo' is invalid for '--method <method>'"),
        (["fit", "a.csv", "--id", "X", "--max-iterations", "0"], "--max-iterations must be at least 1."),
        (["fit", "--test", "--id", "X"], "Missing expected argument '--id <id>'"),
        (["fit", "a", "b", "c", "--id", "I"], "expected LEVEL1.csv and optionally LEVEL2.csv, got 3 file arguments."),
        (["example", "--df", "x"],
         "The value 'x' is invalid for '--df <METHOD>'. Please provide one of 'hlm' and 'satterthwaite'."),
        (["example", "--homvar=3"], "The option '--homvar' does not take any value, but '3' was specified."),
        (["example", "--hom"], "Unknown option '--hom'. Did you mean '--html'?"),
        (["example", "--title="], "Missing value for '--title <title>'"),
        (["example", "a", "b"], "Unexpected argument 'b'"),
        (["example", "--tolerance", "5"],
         "--tolerance must be a positive number no larger than 0.01 (got 5.0); the default is 1e-8."),
        (["simulate", "--seed", "-1"], "Missing value for '--seed <seed>'"),
        (["simulate", "--groups", "1.5"], "The value '1.5' is invalid for '--groups <groups>'"),
        (["simulate", "--family", "x"], "The value 'x' is invalid for '--family <FAMILY>'. Please provide one of "
            + "'normal', 'bernoulli', 'binomial' or 'poisson'."),
        (["compare", "a"], "Missing expected argument '<second>'"),
    ]

    @Test("usage errors: swift-argument-parser's messages, exit status 64", arguments: usageErrors)
    func usageError(arguments: [String], message: String) throws {
        let result = try CLIRunner.run(arguments)
        #expect(result.status == 64)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("Error: \(message)\n"), "\(result.stderr)")
    }

    @Test("an error about one argument shows its help, then the command's usage")
    func usageErrorLayout() throws {
        let result = try CLIRunner.run(["fit", "data.csv"])
        #expect(result.stderr == """
            Error: Missing expected argument '--id <id>'
            Help:  --id <id>  The ID column linking level-1 rows to level-2 units (in both files).
            Usage: hlm fit [<options>] [<files> ...] --id <id>
              See 'hlm fit --help' for more information.

            """)
        let simulate = try CLIRunner.run(["simulate", "--groups"]).stderr
        #expect(simulate.hasSuffix("Usage: hlm simulate <options>\n  See 'hlm simulate --help' for more information.\n"))
    }

    @Test("values: --name=value, case-insensitive enumerations, values starting with - where the option takes any")
    func values() throws {
        let folder = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try CLIRunner.run(["example", "hsb-null", "--method=FML", "--df", "SATTERTHWAITE",
                                        "--json=fit.json", "--test", "-INTRCPT1/INTRCPT2 = 0"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("fit.json").path))
        #expect(result.stdout.contains("Satterthwaite"))
    }
}
