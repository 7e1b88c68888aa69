import Foundation
import Testing

/// Runs the built `hlm` executable, as a user would, and captures what it prints and its exit status.
///
/// `swift test` builds every product; the executable sits in the same folder as the test bundle
/// (`.build/<triple>/<configuration>/`, next to `<Package>PackageTests.xctest` and the tests' resource
/// bundle), which is where this looks for it. Standard input is closed and outputs go to files, so a
/// run can neither wait for input nor block on a full pipe; a run longer than `timeout` is an error.
struct CLIRunner {
    /// What one run printed and returned.
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Longest a run may take by default before it counts as a hang (HLM 8 waits for input on an unknown keyword).
    static let timeout: TimeInterval = 120

    /// How long a timed-out run has to exit after SIGTERM before it is sent SIGKILL.
    static let killGrace: TimeInterval = 5

    /// The `hlm` binary next to the test bundle.
    static func executable() throws -> URL {
        var runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        while runner.pathExtension == "xctest" || ["Contents", "MacOS"].contains(runner.lastPathComponent) {
            runner = runner.deletingLastPathComponent()
        }
        let folders = [runner, URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent(),
                       Bundle.module.bundleURL.deletingLastPathComponent()]
        let candidates = folders.map { $0.appendingPathComponent("hlm").path }
        guard let found = candidates.first(where: FileManager.default.isExecutableFile(atPath:)) else {
            throw CLIRunnerError.missingExecutable(candidates)
        }
        return URL(fileURLWithPath: found)
    }

    /// Runs `hlm arguments...` in `directory` (default: the temporary folder).
    ///
    /// A run longer than `timeout` seconds is stopped (SIGTERM, then SIGKILL after `killGrace`) and the call
    /// throws `CLIRunnerError.timedOut`, so a hang fails its test instead of stalling the suite.
    static func run(_ arguments: [String], in directory: URL? = nil, timeout: TimeInterval = timeout) throws -> Result {
        let process = Process()
        process.executableURL = try executable()
        process.arguments = arguments
        process.currentDirectoryURL = directory ?? FileManager.default.temporaryDirectory
        let captures = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: captures) }
        let paths = [captures.appendingPathComponent("stdout"), captures.appendingPathComponent("stderr")]
        for path in paths { _ = FileManager.default.createFile(atPath: path.path, contents: nil) }
        let handles = try paths.map(FileHandle.init(forWritingTo:))
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = handles[0]
        process.standardError = handles[1]
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        try process.run()
        if finished.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            if finished.wait(timeout: .now() + killGrace) == .timedOut {
                kill(process.processIdentifier, SIGKILL)
                finished.wait()
            }
            throw CLIRunnerError.timedOut(arguments, timeout)
        }
        for handle in handles { try handle.close() }
        let texts = try paths.map { String(decoding: try Data(contentsOf: $0), as: UTF8.self) }
        return Result(status: process.terminationStatus, stdout: texts[0], stderr: texts[1])
    }

    /// A new empty temporary folder.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("hlm-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A new temporary folder holding a copy of the fixture folder `fixtures` (e.g. `"BadInputs"`).
    static func copyOfFixtures(_ fixtures: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("hlm-tests-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: try fixtureURL(fixtures), to: url)
        return url
    }
}

enum CLIRunnerError: Error, CustomStringConvertible {
    case missingExecutable([String])
    case timedOut([String], TimeInterval)

    var description: String {
        switch self {
        case let .missingExecutable(paths):
            return "the hlm executable is not at any of \(paths.joined(separator: ", ")); run `swift build` first"
        case let .timedOut(arguments, seconds):
            return "hlm \(arguments.joined(separator: " ")) did not finish within \(Int(seconds)) s"
        }
    }
}
