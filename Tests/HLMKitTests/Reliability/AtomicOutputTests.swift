import Foundation
import Testing

/// Output files are written atomically (temporary file, then rename): a failed run leaves no partial
/// file and does not touch an existing one.
@Suite("Reliability: atomic output files")
struct AtomicOutputTests {
    private static let existing = "the previous report\n"

    /// Runs `arguments` in a copy of Fixtures/BadInputs where `report.txt` already exists, expects
    /// `status`, and hands the result and the folder to `body`.
    private func run(_ arguments: [String], status: Int32,
                     _ body: (CLIRunner.Result, URL) throws -> Void) throws {
        let directory = try CLIRunner.copyOfFixtures("BadInputs")
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data(Self.existing.utf8).write(to: directory.appendingPathComponent("report.txt"))
        let result = try CLIRunner.run(arguments, in: directory)
        #expect(result.status == status, "\(result.stderr)")
        try BadInput.checkCommonPromises(result, in: directory)
        try body(result, directory)
    }

    private func contents(_ name: String, in directory: URL) -> String? {
        FileManager.default.contents(atPath: directory.appendingPathComponent(name).path)
            .map { String(decoding: $0, as: UTF8.self) }
    }

    @Test("a run refused for bad data leaves an existing report untouched and writes no JSON")
    func failedRun() throws {
        try run(BadInput.fit("non-numeric.csv", options: ["--output", "report.txt", "--json", "fit.json"]),
                status: 65) { _, directory in
            #expect(contents("report.txt", in: directory) == Self.existing)
            #expect(contents("fit.json", in: directory) == nil)
        }
    }

    @Test("when the JSON cannot be written, the report is not written either")
    func jsonUnwritable() throws {
        try run(BadInput.fit("level1.csv", options: ["--output", "report.txt", "--json", "no-such-dir/fit.json"]),
                status: 65) { result, directory in
            #expect(result.stderr.contains("cannot write no-such-dir/fit.json"))
            #expect(contents("report.txt", in: directory) == Self.existing)
        }
    }

    @Test("a JSON path that is a directory is refused before anything is renamed")
    func jsonIsDirectory() throws {
        try run(BadInput.fit("level1.csv", options: ["--output", "report.txt", "--json", "."]), status: 65) {
            result, directory in
            #expect(result.stderr.contains("it is a directory"))
            #expect(contents("report.txt", in: directory) == Self.existing)
        }
    }

    @Test("a successful run replaces the report and writes the JSON")
    func success() throws {
        try run(BadInput.fit("level1.csv", options: ["--output", "report.txt", "--json", "fit.json"]), status: 0) {
            result, directory in
            #expect(result.stdout.isEmpty)
            #expect(contents("report.txt", in: directory)?.contains("Final estimation of fixed effects") == true)
            #expect(contents("fit.json", in: directory)?.contains("\"fixed_effects\"") == true)
        }
    }

    @Test("an output path that is a symbolic link to an input is refused")
    func symbolicLink() throws {
        let directory = try CLIRunner.copyOfFixtures("BadInputs")
        defer { try? FileManager.default.removeItem(at: directory) }
        let link = directory.appendingPathComponent("link.csv")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "level1.csv")
        let before = contents("level1.csv", in: directory)
        let result = try CLIRunner.run(BadInput.fit("level1.csv", options: ["--json", "link.csv"]), in: directory)
        #expect(result.status == 64)
        #expect(result.stderr.contains("the output path link.csv is one of the input files"))
        #expect(contents("level1.csv", in: directory) == before)
    }
}
