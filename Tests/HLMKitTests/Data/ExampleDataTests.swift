import Foundation
import HLMExamples
import Testing

/// The text compiled into HLMExamples is byte for byte the files in data/ (regenerate it with data/embed.sh).
@Suite("Embedded example data")
struct ExampleDataTests {
    @Test("ExampleData holds exactly the bytes of data/NAME", arguments: ExampleData.names)
    func matchesDataFolder(name: String) throws {
        let file = try Data(contentsOf: URL(fileURLWithPath: exampleFilePath(name)))
        let embedded = try #require(ExampleData.text(name), "\(name) is not embedded")
        #expect(Array(embedded.utf8) == Array(file), "\(name) differs from data/\(name): run data/embed.sh")
    }

    @Test("the embedded files include hsb1.csv and hsb2.csv; an unknown name has no text")
    func names() {
        #expect(ExampleData.names.contains("hsb1.csv") && ExampleData.names.contains("hsb2.csv"))
        #expect(ExampleData.text("hsb3.csv") == nil)
    }
}
