import Foundation

/// The path of the example file `name` (`hsb1.csv`, `hsb2.csv`) in the package's data/ folder, whose text
/// HLMKit embeds as `ExampleData`. Found from this source file's path
/// (Tests/HLMKitTests/Support/ExampleFiles.swift), for tests that need the examples as files.
func exampleFilePath(_ name: String) -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("data").appendingPathComponent(name).path
}
