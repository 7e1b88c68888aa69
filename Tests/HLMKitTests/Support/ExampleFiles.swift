import Foundation

/// The package's root folder (where Package.swift is), found from this source file's path
/// (Tests/HLMKitTests/Support/ExampleFiles.swift), for tests that read the repository's own files.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

/// The path of the example file `name` (`hsb1.csv`, `hsb2.csv`) in the package's data/ folder, whose text
/// HLMKit embeds as `ExampleData`, for tests that need the examples as files.
func exampleFilePath(_ name: String) -> String {
    packageRoot.appendingPathComponent("data").appendingPathComponent(name).path
}
