import Foundation
@testable import HLMKit

/// The package's root folder (where Package.swift is), found from this source file's path
/// (Tests/HLMKitTests/Support/ExampleFiles.swift), for tests that read the repository's own files.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

/// The path of the example file `name` (`hsb1.csv`, `hsb2.csv`) in the package's data/ folder, whose text
/// HLMKit embeds as `ExampleData`, for tests that need the examples as files.
func exampleFilePath(_ name: String) -> String {
    packageRoot.appendingPathComponent("data").appendingPathComponent(name).path
}

/// The HS&B files of data/ joined for `specification` (variance predictors sorted into level 1 and level 2 as
/// the pipeline does), for tests that run the stages by hand.
func joinedHSB(for specification: ModelSpecification) throws -> MultilevelData {
    let level1 = try CSVTable.read(path: exampleFilePath("hsb1.csv"))
    let level2 = try CSVTable.read(path: exampleFilePath("hsb2.csv"))
    let variables = VariableCatalog(level1: level1, level2: level2, idColumn: "ID").joinedVariables(for: specification)
    return try MultilevelData.join(level1: level1, level2: level2, idColumn: "ID", level1Variables: variables.level1,
                                   level2Variables: variables.level2, missingCodes: [], dropUnmatched: false)
}
