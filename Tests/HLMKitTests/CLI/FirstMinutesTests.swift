import Foundation
import Testing

/// What a newcomer meets first, end to end: `--version`, `hlm example list`, the output options of
/// `hlm example`, the examples and model syntax of `hlm fit --help`, and the message for a model without
/// INTRCPT1.
@Suite("hlm: help and the first five minutes")
struct FirstMinutesTests {
    @Test("--version prints the version the README's Package.swift line depends on")
    func version() throws {
        let result = try CLIRunner.run(["--version"])
        #expect(result.status == 0)
        let version = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(version.wholeMatch(of: /\d+\.\d+\.\d+/) != nil)
        let readme = try String(contentsOf: packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains(#"from: "\#(version)")"#))
    }

    @Test("`hlm example list` is the listing of `hlm example`")
    func exampleList() throws {
        let listing = try CLIRunner.run(["example"])
        let list = try CLIRunner.run(["example", "list"])
        #expect(list.status == 0 && listing.status == 0)
        #expect(list.stdout == listing.stdout && list.stdout.contains("hsb-heterogeneous-sigma2"))
    }

    @Test("`hlm example NAME` takes every output option of fit")
    func exampleOutputOptions() throws {
        let folder = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try CLIRunner.run(["example", "hsb-heterogeneous-sigma2", "--title", "By gender",
                                        "--output", "report.txt", "--json", "results.json", "--hlm-deviance",
                                        "--full-output"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let report = try String(contentsOf: folder.appendingPathComponent("report.txt"), encoding: .utf8)
        #expect(report.contains("By gender") && !report.contains("Heterogeneous level-1 variance by gender"))
        #expect(report.contains("47042.27482"))   // --hlm-deviance: the HLM convention (docs/COMPARISON.md)
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("results.json").path))
        let help = try CLIRunner.run(["example", "--help"]).stdout
        let fitHelp = try CLIRunner.run(["fit", "--help"]).stdout
        for option in ["--title", "--output", "--json", "--hlm-deviance", "--full-output"] {
            #expect(help.contains(option) && fitHelp.contains(option), "\(option)")
        }
    }

    @Test("fit --help shows a two-level model, --sigma2, --command, one file, plausible values, 0/1 outcomes, syntax")
    func fitHelp() throws {
        let help = try CLIRunner.run(["fit", "--help"])
        #expect(help.status == 0)
        let examples = Self.commands(in: help.stdout)
        #expect(examples.count == 6)
        #expect(examples.contains { $0.contains("--sigma2") } && examples.contains { $0.contains("--command") })
        #expect(examples.contains { $0.contains("--plausible-values") })
        #expect(examples.contains { $0.contains("--family") && $0.contains("--estimation") })
        #expect(examples.contains { $0.filter { $0.hasSuffix(".csv") }.count == 1 })
        for phrase in ["INTRCPT1 must be written", "group(X)", "grand(", "INTRCPT1 = INTRCPT2 + random"] {
            #expect(help.stdout.contains(phrase), "\(phrase)")
        }
    }

    @Test("each example of fit --help runs on the files of data/")
    func fitHelpExamplesRun() throws {
        let help = try CLIRunner.run(["fit", "--help"]).stdout
        for command in Self.commands(in: help) {
            let result = try CLIRunner.run(Array(command.dropFirst()), in: packageRoot.appendingPathComponent("data"))
            #expect(result.status == 0, "\(command.joined(separator: " ")): \(result.stderr)")
            #expect(result.stdout.contains("Final estimation of fixed effects"))
        }
    }

    @Test("the README's hlm fit commands run from the package's folder")
    func readmeCommandsRun() throws {
        let readme = try String(contentsOf: packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let commands = Self.commands(in: readme)
        #expect(commands.count >= 3)
        for command in commands {
            let result = try CLIRunner.run(Array(command.dropFirst()), in: packageRoot)
            #expect(result.status == 0, "\(command.joined(separator: " ")): \(result.stderr)")
        }
    }

    @Test("a level-1 equation without INTRCPT1 and no random coefficient says that INTRCPT1 is missing")
    func missingIntercept() throws {
        let result = try CLIRunner.run(["fit", "data/hsb1.csv", "--id", "ID", "--model", "MATHACH = FEMALE"],
                                       in: packageRoot)
        #expect(result.status == 64)
        #expect(result.stderr.contains("no INTRCPT1") && result.stderr.contains("MATHACH = INTRCPT1 + ..."),
                "\(result.stderr)")
    }

    /// The `hlm fit ...` commands of a help text, each as its words, lines ending in `\` joined.
    static func commands(in help: String) -> [[String]] {
        var commands: [String] = []
        var continued = false
        for line in help.components(separatedBy: "\n") {
            let text = line.trimmingCharacters(in: .whitespaces)
            if continued {
                commands[commands.count - 1] += " " + text
            } else if text.hasPrefix("hlm fit ") {
                commands.append(text)
            }
            continued = (continued || text.hasPrefix("hlm fit ")) && text.hasSuffix("\\")
            if continued { commands[commands.count - 1].removeLast() }
        }
        return commands.map(shellWords)
    }
}
