import Foundation
import HLMExamples
import Testing

/// The text compiled into HLMExamples is byte for byte the files in data/ (regenerate it with data/embed.sh).
@Suite("Embedded example data")
struct ExampleDataTests {
    @Test("ExampleData holds exactly the bytes of data/NAME", arguments: ["hsb1.csv", "hsb2.csv"])
    func matchesDataFolder(name: String) throws {
        let file = try Data(contentsOf: URL(fileURLWithPath: exampleFilePath(name)))
        let embedded = try #require(ExampleData.text(name), "\(name) is not embedded")
        #expect(Array(embedded.utf8) == Array(file), "\(name) differs from data/\(name): run data/embed.sh")
    }

    @Test("the embedded files are hsb1.csv and hsb2.csv, and nothing else")
    func names() {
        #expect(ExampleData.names == ["hsb1.csv", "hsb2.csv"])
        #expect(ExampleData.text("hsb3.csv") == nil)
    }
}
