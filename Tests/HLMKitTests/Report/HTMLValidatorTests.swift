import Foundation
import HLMExamples
import Testing
@testable import HLMKit

/// The pages checked by HTML Tidy (Debian's `tidy`, an HTML5 validator; `.ci/run` installs it): no errors and
/// no warnings. Skipped, with the reason shown, where tidy is not installed; `HTMLReportTests` always checks
/// the markup with the strict parser of `HTMLWellFormedness`.
@Suite("HTML report: tidy")
struct HTMLValidatorTests {
    static let tidy = ["/usr/bin/tidy", "/usr/local/bin/tidy", "/opt/homebrew/bin/tidy"]
        .first(where: FileManager.default.isExecutableFile(atPath:))

    @Test("tidy finds no error or warning in any two-level example's page (three-level: HTMLReportLevelsTests)",
          .enabled(if: tidy != nil, "tidy is not installed (apt-get install tidy); the strict parser still runs"),
          arguments: HTMLReportTests.exampleNames)
    func validates(name: String) throws {
        let html = try #require(HTMLReportTests.reports[name]).html
        let folder = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("report.html")
        try html.write(to: file, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Self.tidy))
        // -q: no summary; -e: only report; tidy exits 0 when clean, 1 for warnings, 2 for errors.
        process.arguments = ["-q", "-e", "--show-warnings", "yes", file.path]
        let messages = Pipe()
        process.standardError = messages
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: messages.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "tidy: \(text)")
        #expect(text.isEmpty, "tidy: \(text)")
    }
}
