import Foundation
import Testing

/// The catalogue of bad and awkward inputs, each run through the real `hlm` (issue 7): every input either
/// fits or is refused with a message naming what is wrong and how to fix it, with the documented exit
/// status (docs/ERRORS.md).
@Suite("Reliability: catalogue of bad inputs")
struct BadInputTests {
    @Test("data files", arguments: BadInput.files)
    func files(_ input: BadInput) throws { try input.check() }

    @Test("models and numerical edge cases", arguments: BadInput.models)
    func models(_ input: BadInput) throws { try input.check() }

    @Test("model syntax, command files and the command line", arguments: BadInput.commandLine)
    func commandLine(_ input: BadInput) throws { try input.check() }

    @Test("non-normal outcomes and their settings", arguments: BadInput.responses)
    func responses(_ input: BadInput) throws { try input.check() }

    @Test("the catalogue has at least 40 distinct cases")
    func size() {
        let names = (BadInput.files + BadInput.models + BadInput.commandLine + BadInput.responses).map(\.name)
        #expect(names.count >= 40)
        #expect(Set(names).count == names.count)
    }

    /// Awkward but valid encodings of the same data must give exactly the same estimates.
    @Test("unsorted rows, text IDs, a BOM and CRLF give the estimates of the plain files",
          arguments: [["unsorted-level1.csv", "unsorted-level2.csv"], ["string-ids-level1.csv", "string-ids-level2.csv"],
                      ["bom.csv", "level2.csv"], ["crlf-level1.csv", "crlf-level2.csv"]])
    func sameEstimates(_ files: [String]) throws {
        let reference = try BadInput("plain files", BadInput.fit("level1.csv"), status: 0).check()
        let awkward = try BadInput(files.joined(separator: " + "), BadInput.fit(files[0], files[1]), status: 0).check()
        #expect(Self.results(awkward.stdout) == Self.results(reference.stdout))
        #expect(!Self.results(reference.stdout).isEmpty)
    }

    /// 100,000 units of two rows each: read, joined and fitted to convergence.
    @Test("100,000 groups of 2")
    func manyPairs() throws {
        let directory = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var generator = SeededGenerator(state: 100_000)
        var text = "ID,Y,X\n"
        text.reserveCapacity(4_000_000)
        for unit in 0..<100_000 {
            let effect = Double.random(in: -2...2, using: &generator)
            for _ in 0..<2 {
                let x = Double.random(in: -1...1, using: &generator)
                let y = 10 + effect + 0.5 * x + Double.random(in: -1...1, using: &generator)
                text += "\(unit),\(y),\(x)\n"
            }
        }
        try Data(text.utf8).write(to: directory.appendingPathComponent("pairs.csv"))
        // About 35 s of CPU in a debug build (10 iterations), 100 s on a loaded 2-core machine: the limit fails a
        // fit that stops converging (a broken gradient once ran for over ten minutes) without flaking under load.
        let result = try CLIRunner.run(["fit", "pairs.csv", "--id", "ID", "--model", "Y = INTRCPT1 + X"],
                                       in: directory, timeout: 300)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Iterations stopped due to small change in deviance"))
        #expect(result.stdout.contains("Number of level-1 units used     = 200000"))
        #expect(result.stdout.contains("Number of level-2 units used     = 100000"))
        try BadInput.checkCommonPromises(result, in: directory)
    }

    /// The report from "Final Results" on: the estimates, without the file names.
    private static func results(_ report: String) -> String {
        report.components(separatedBy: "Final Results").dropFirst().joined()
    }
}
