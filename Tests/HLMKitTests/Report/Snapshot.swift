import Foundation
import Testing

/// Compares text with a stored snapshot in Fixtures/Report/<name>.txt (read from the test bundle).
/// With `HLM_RECORD_SNAPSHOTS=1` the snapshot in the source tree is rewritten instead, and the test records
/// an issue so a recording run never passes silently.
func expectSnapshot(_ actual: String, named name: String, filePath: String = #filePath,
                    sourceLocation: SourceLocation = #_sourceLocation) throws {
    if recordingSnapshots {
        let source = URL(fileURLWithPath: filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/Report/\(name).txt")
        try actual.write(to: source, atomically: true, encoding: .utf8)
        Issue.record("Recorded snapshot \(name).txt; run again without HLM_RECORD_SNAPSHOTS",
                     sourceLocation: sourceLocation)
        return
    }
    let fixtures = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
    guard let expected = try? String(contentsOf: fixtures.appendingPathComponent("Report/\(name).txt"),
                                     encoding: .utf8) else {
        Issue.record("No snapshot \(name).txt; record it with HLM_RECORD_SNAPSHOTS=1", sourceLocation: sourceLocation)
        return
    }
    guard actual != expected else { return }
    let actualLines = actual.components(separatedBy: "\n")
    let expectedLines = expected.components(separatedBy: "\n")
    let common = min(actualLines.count, expectedLines.count)
    let line = (0..<common).first { actualLines[$0] != expectedLines[$0] } ?? common
    Issue.record("""
        Snapshot \(name).txt differs at line \(line + 1):
          expected: \(line < expectedLines.count ? expectedLines[line] : "<end>")
          actual:   \(line < actualLines.count ? actualLines[line] : "<end>")
        """, sourceLocation: sourceLocation)
}
