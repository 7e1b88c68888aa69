import Foundation
import Testing

/// Failed and interrupted writes (issue 11, section 4): a report that cannot reach standard output (`> /dev/full`,
/// `>&-`) is an I/O error, exit 65, in every command that prints one; SIGINT and SIGTERM while writing remove the
/// temporary files.
@Suite("Reliability: failed and interrupted output")
struct OutputFailureTests {
    /// Runs `hlm arguments...` through `/bin/sh` with standard output redirected as `redirection` says
    /// (`>/dev/full`, `>&-`); returns the exit status and standard error.
    private func runRedirected(_ arguments: [String], _ redirection: String,
                               in directory: URL) throws -> (status: Int32, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "exec \"$0\" \"$@\" \(redirection)", try CLIRunner.executable().path] + arguments
        process.currentDirectoryURL = directory
        let errors = Pipe()
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let stderr = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stderr, as: UTF8.self))
    }

    /// The commands that print to standard output, each in a copy of Fixtures/BadInputs.
    static let printingCommands: [[String]] = [
        BadInput.fit("level1.csv"),
        ["example", "hsb-null"],
        ["example"],
        ["compare", "a.json", "b.json"],
        ["simulate", "--groups", "5", "--mean-size", "4", "--output", "sim"],
    ]

    @Test("a report to a full device or a closed standard output exits 65",
          arguments: printingCommands, [">/dev/full", ">&-"])
    func standardOutputFailure(arguments: [String], redirection: String) throws {
        let directory = try CLIRunner.copyOfFixtures("BadInputs")
        defer { try? FileManager.default.removeItem(at: directory) }
        if arguments.first == "compare" {
            // b.json's model is a's with a random X slope added, so the two are nested (compare refuses df = 0).
            let randomSlope = BadInput.model + ["--model", "X = INTRCPT2 + random"]
            for (name, model) in [("a.json", BadInput.model), ("b.json", randomSlope)] {
                let options = ["--json", name, "--output", "r.txt", "--method", "fml"]
                let saved = try CLIRunner.run(BadInput.fit("level1.csv", model: model, options: options), in: directory)
                try #require(saved.status == 0, "\(saved.stderr)")
            }
        }
        let result = try runRedirected(arguments, redirection, in: directory)
        #expect(result.status == 65, "\(arguments) \(redirection): \(result.stderr)")
        #expect(result.stderr.contains("cannot write standard output"), "\(result.stderr)")
    }

    @Test("with standard output closed, fit writes no JSON either (the check comes before the fit)")
    func closedStandardOutputWritesNothing() throws {
        let directory = try CLIRunner.copyOfFixtures("BadInputs")
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try runRedirected(BadInput.fit("level1.csv", options: ["--json", "fit.json"]), ">&-",
                                       in: directory)
        #expect(result.status == 65)
        #expect(result.stderr.contains("cannot write standard output: it is closed"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("fit.json").path))
    }

    @Test("SIGINT or SIGTERM while simulate writes leaves no file behind", arguments: [SIGINT, SIGTERM])
    func interrupted(signalNumber: Int32) throws {
        let directory = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let process = Process()
        process.executableURL = try CLIRunner.executable()
        // 50 million rows: minutes of writing, so the signal always comes in the middle.
        process.arguments = ["simulate", "--groups", "500000", "--mean-size", "100", "--output", "big"]
        process.currentDirectoryURL = directory
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        let deadline = Date().addingTimeInterval(120)
        func largestFile() -> Int {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
            return names.compactMap { name in
                (try? FileManager.default.attributesOfItem(atPath: directory.appendingPathComponent(name).path))?[.size]
                    as? Int
            }.max() ?? 0
        }
        while largestFile() < 1 << 20, process.isRunning, Date() < deadline { usleep(20_000) }
        try #require(process.isRunning, "simulate finished before it could be interrupted")
        try #require(largestFile() >= 1 << 20, "simulate wrote less than 1 MB in 120 s")
        kill(process.processIdentifier, signalNumber)
        let exitDeadline = Date().addingTimeInterval(10)
        while process.isRunning, Date() < exitDeadline { usleep(20_000) }
        try #require(!process.isRunning, "simulate did not stop within 10 s of the signal")
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(process.terminationStatus == signalNumber)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }

    @Test("a run longer than its time limit is stopped and fails")
    func timeLimit() throws {
        let directory = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let start = Date()
        #expect(throws: CLIRunnerError.self) {
            try CLIRunner.run(["simulate", "--groups", "500000", "--mean-size", "100", "--output", "big"],
                              in: directory, timeout: 1)
        }
        #expect(Date().timeIntervalSince(start) < 1 + CLIRunner.killGrace + 20)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }
}
