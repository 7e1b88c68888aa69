import Foundation
import Testing
@testable import HLMKit

/// Parses CSV text given inline, as if read from the file `source`.
func csv(_ text: String, source: String = "test.csv") throws -> CSVTable {
    try CSVTable(bytes: Array(text.utf8), source: source)
}

/// Runs `body`, expects it to throw `expected`, and expects the message to contain every fragment.
func expectDataError(_ expected: DataError, mentioning fragments: [String],
                     sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) {
    let error = #expect(throws: DataError.self, sourceLocation: sourceLocation) { try body() }
    #expect(error == expected, sourceLocation: sourceLocation)
    let message = error?.description ?? ""
    for fragment in fragments {
        #expect(message.contains(fragment), "message lacks \(fragment): \(message)", sourceLocation: sourceLocation)
    }
    #expect(error?.category == .data, sourceLocation: sourceLocation)
}

/// Writes `text` to a new temporary file and returns its path.
func temporaryFile(_ text: String, name: String = "data.csv") throws -> String {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let url = directory.appendingPathComponent(name)
    try Data(text.utf8).write(to: url)
    return url.path
}

/// A small deterministic generator (SplitMix64) so that randomised tests are reproducible.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
