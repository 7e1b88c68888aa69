import Foundation
import Testing
@testable import HLMKit

/// The three-level join: level-3 units from the level-1 rows, exclusions counted, conflicting IDs refused.
@Suite struct ThreeLevelJoinTests {
    static func table(_ text: String) throws -> CSVTable {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("hlm3-\(UUID().uuidString).csv")
        try text.write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        return try CSVTable.read(path: url.path)
    }

    static func join(_ level1: String, level3: String?) throws -> MultilevelData {
        try MultilevelData.join(level1: table(level1), level2: nil, level3: level3.map(table), idColumn: "C",
                                level3IDColumn: "S", level1Variables: ["Y"], level2Variables: [],
                                level3Variables: ["W"], missingCodes: [], dropUnmatched: true)
    }

    @Test func groupsLevel2UnitsInLevel3Units() throws {
        let data = try Self.join("C,S,Y\n1,20,1\n2,10,2\n1,20,3\n3,10,4\n4,,5\n5,30,6\n",
                                 level3: "S,W\n10,0.5\n20,1.5\n30,\n")
        #expect(data.grouping.level3?.ids == ["10", "20"])
        #expect(data.grouping.level2.ids == ["2", "3", "1"])
        #expect(data.level1["Y"] == [2, 4, 1, 3])
        #expect(data.level3["W"] == [0.5, 1.5])
        #expect(data.summary.level2Used == 3)
        #expect(data.summary.level3Used == 2)
        #expect(data.summary.exclusionReasons.contains { $0.contains("missing level-3 ID") })
        #expect(data.summary.exclusionReasons.contains { $0.contains("missing value in W") })
    }

    @Test func level2UnitUnderTwoLevel3UnitsIsAnError() throws {
        #expect(throws: DataError.self) { try Self.join("C,S,Y\n1,20,1\n1,10,2\n", level3: "S,W\n10,0.5\n20,1.5\n") }
        do {
            _ = try Self.join("C,S,Y\n1,20,1\n1,10,2\n", level3: "S,W\n10,0.5\n20,1.5\n")
        } catch let error as DataError {
            #expect(error.description.contains("'20'") && error.description.contains("'10'"))
        }
    }
}
