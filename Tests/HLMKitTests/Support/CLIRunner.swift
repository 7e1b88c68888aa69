import Foundation
import Testing

/// Runs the built `hlm` executable, as a user would, and captures what it prints and its exit status.
///
/// `swift test` builds every product; the executable sits in the same folder as the test bundle
/// (`.build/<configuration>/`), which is where this looks for it.
struct CLIRunner {
    /// What one run printed and returned.
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The `hlm` binary next to the test bundle.
    static func executable() throws -> URL {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while folder.pathExtension == "xctest" || folder.lastPathComponent == "Contents"
            || folder.lastPathComponent == "MacOS" {
            folder = folder.deletingLastPathComponent()
        }
        let candidate = folder.appendingPathComponent("hlm")
        guard FileManager.default.isExecutableFile(atPath: candidate.path) else {
            throw CLIRunnerError.missingExecutable(candidate.path)
        }
        return candidate
    }

    /// Runs `hlm arguments...` in `directory` (default: a fresh temporary folder).
    static func run(_ arguments: [String], in directory: URL? = nil) throws -> Result {
        let process = Process()
        process.executableURL = try executable()
        process.arguments = arguments
        process.currentDirectoryURL = directory ?? FileManager.default.temporaryDirectory
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }

    /// A new empty temporary folder.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("hlm-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

enum CLIRunnerError: Error, CustomStringConvertible {
    case missingExecutable(String)

    var description: String {
        switch self {
        case let .missingExecutable(path): return "the hlm executable is not at \(path); run `swift build` first"
        }
    }
}
