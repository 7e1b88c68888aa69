import Foundation
import Testing

/// Expects |actual - expected| <= absolute + relative * |expected|, naming the quantity and the
/// reference it came from in the failure message.
func expectClose(_ actual: Double, _ expected: Double, absolute: Double = 0, relative: Double = 0,
                 _ what: @autoclosure () -> String, sourceLocation: SourceLocation = #_sourceLocation) {
    let bound = absolute + relative * abs(expected)
    #expect(abs(actual - expected) <= bound,
            "\(what()): got \(actual), reference \(expected), difference \(actual - expected), bound \(bound)",
            sourceLocation: sourceLocation)
}

/// The URL of a file in the test bundle's Fixtures folder.
func fixtureURL(_ relativePath: String) throws -> URL {
    let root = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
    return root.appendingPathComponent(relativePath)
}
