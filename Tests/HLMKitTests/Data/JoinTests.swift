import Foundation
import Testing
@testable import HLMKit

/// Joins inline CSV texts with the ID column `ID`.
private func join(_ level1: String, _ level2: String?, level1Variables: [String] = ["Y"],
                  level2Variables: [String] = [], missingCodes: Set<String> = [],
                  dropUnmatched: Bool = false) throws -> MultilevelData {
    try MultilevelData.join(level1: csv(level1, source: "l1.csv"), level2: level2.map { try csv($0, source: "l2.csv") },
                            idColumn: "id", level1Variables: level1Variables, level2Variables: level2Variables,
                            missingCodes: missingCodes, dropUnmatched: dropUnmatched)
}

/// Checks the invariants documented on `MultilevelData`.
private func expectInvariants(_ data: MultilevelData, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(data.grouping.level2.offsets.count == data.grouping.level2.ids.count + 1, sourceLocation: sourceLocation)
    #expect(data.grouping.level2.offsets.first == 0, sourceLocation: sourceLocation)
    let offsets = data.grouping.level2.offsets
    #expect(zip(offsets, offsets.dropFirst()).allSatisfy { $0 < $1 }, sourceLocation: sourceLocation)
    #expect(data.level1.values.allSatisfy { $0.count == data.grouping.rowCount && !$0.contains(where: \.isNaN) },
            sourceLocation: sourceLocation)
    #expect(data.level2.values.allSatisfy { $0.count == data.grouping.unitCount && !$0.contains(where: \.isNaN) },
            sourceLocation: sourceLocation)
    #expect(data.level1Lines.count == data.grouping.rowCount, sourceLocation: sourceLocation)
    let summary = data.summary
    #expect(summary.level1Used == data.grouping.rowCount && summary.level2Used == data.grouping.unitCount,
            sourceLocation: sourceLocation)
    #expect(summary.level1Read == summary.level1Used + summary.level1Excluded, sourceLocation: sourceLocation)
    #expect(summary.level2Read == summary.level2Used + summary.level2Excluded, sourceLocation: sourceLocation)
}

@Suite("Data: joining level 1 to level 2")
struct DataJoinTests {
    @Test func hsbExampleFilesJoinTo7185RowsIn160Schools() throws {
        let level1 = try CSVTable.read(path: exampleFilePath("hsb1.csv"))
        let level2 = try CSVTable.read(path: exampleFilePath("hsb2.csv"))
        let data = try MultilevelData.join(level1: level1, level2: level2, idColumn: "ID",
                                           level1Variables: ["mathach", "SES", "MINORITY", "FEMALE"],
                                           level2Variables: ["MEANSES", "SECTOR", "SIZE"], missingCodes: [],
                                           dropUnmatched: false)
        expectInvariants(data)
        #expect(data.grouping.rowCount == 7185)
        #expect(data.grouping.unitCount == 160)
        #expect(data.idColumn == "ID")
        #expect(data.grouping.level2.ids.first == "1224")
        #expect(data.grouping.level2.offsets[1] == 47)
        #expect(data.level1["MATHACH"]?.first == 5.876)
        #expect(data.level1["SES"]?.first == -1.528)
        #expect(data.level2["MEANSES"]?.first == -0.428)
        #expect(data.level1Lines.prefix(2) == [2, 3])
        #expect(data.summary.exclusionReasons.isEmpty)
        #expect(data.summary.level2Read == 160 && data.summary.level1Read == 7185)
    }

    @Test func unsortedRowsAreGroupedByUnitInFileOrder() throws {
        let data = try join("ID,Y\n2,20\n1,10\n2,21\n1,11\n10,100\n", "ID,W\n10,1\n2,2\n1,3\n", level2Variables: ["w"])
        expectInvariants(data)
        #expect(data.grouping.level2.ids == ["1", "2", "10"])
        #expect(data.grouping.level2.offsets == [0, 2, 4, 5])
        #expect(data.level1["Y"] == [10, 11, 20, 21, 100])
        #expect(data.level1Lines == [3, 5, 2, 4, 6])
        #expect(data.level2["W"] == [3, 2, 1])
    }

    /// Interleaves the units' rows at random, keeping each unit's rows in their relative order (the
    /// order within a unit is part of the result).
    private func interleave(_ rows: [(unit: Int, text: String)], using generator: inout SeededGenerator) -> [String] {
        var pending = Dictionary(grouping: rows, by: \.unit).mapValues { $0.map(\.text)[...] }
        return rows.map(\.unit).shuffled(using: &generator).map { pending[$0]!.popFirst()! }
    }

    @Test func resultDoesNotDependOnRowOrder() throws {
        let units = (0..<40).map { $0 % 7 }
        let rows = units.indices.map { (units[$0], "\(units[$0]),\($0),\($0 % 3 == 0 ? "NA" : String($0 * 2))") }
        let schools = (0..<7).map { "\($0),\($0 == 4 ? "." : String($0 * 10))" }
        let reference = try join("ID,Y,X\n" + rows.map(\.1).joined(separator: "\n"), "ID,W\n" + schools.joined(separator: "\n"),
                                 level1Variables: ["Y", "X"], level2Variables: ["W"])
        expectInvariants(reference)
        var generator = SeededGenerator(state: 7)
        for _ in 0..<5 {
            let shuffled = try join("ID,Y,X\n" + interleave(rows, using: &generator).joined(separator: "\n"),
                                    "ID,W\n" + schools.shuffled(using: &generator).joined(separator: "\n"),
                                    level1Variables: ["Y", "X"], level2Variables: ["W"])
            #expect(shuffled.grouping == reference.grouping)
            #expect(shuffled.level1 == reference.level1)
            #expect(shuffled.level2 == reference.level2)
            #expect(shuffled.summary == reference.summary)
        }
    }

    @Test func numericIDsAreNormalised() throws {
        let data = try join("ID,Y\n01,1\n1.0,2\n2,3\n 002 ,4\n", "ID,W\n1,5\n2e0,6\n", level2Variables: ["W"])
        #expect(data.grouping.level2.ids == ["1", "2"])
        #expect(data.grouping.level2.offsets == [0, 2, 4])
        #expect(data.level2["W"] == [5, 6])
    }

    @Test func textIDsAreTrimmedAndSortedAsText() throws {
        let data = try join("ID,Y\n school B ,1\nschool A,2\n\"school B\",3\n10,4\n9,5\n", nil)
        #expect(data.grouping.level2.ids == ["10", "9", "school A", "school B"])
        #expect(data.level1["Y"] == [4, 5, 2, 1, 3])
        #expect(data.level2.isEmpty)
        #expect(data.summary.level2Read == 4)
        #expect(data.summary.level2File == nil)
    }

    @Test func listwiseDeletionIsCountedOncePerRow() throws {
        let level1 = """
            ID,Y,X
            1,1,1
            1,NA,-9
            1,3,.
            2,4,4
            2,5,5
            3,6,6
            4,NA,7
            ,8,8
            """
        let level2 = "ID,W\n1,1\n2,NA\n3,3\n4,4\n5,5\nNA,6\n"
        let data = try join(level1, level2, level1Variables: ["y", "x"], level2Variables: ["w"], missingCodes: ["-9"])
        expectInvariants(data)
        #expect(data.grouping.level2.ids == ["1", "3"])
        #expect(data.level1["Y"] == [1, 6])
        #expect(data.summary.exclusionReasons == [
            "1 level-1 row excluded: missing ID",
            "3 level-1 rows excluded: missing value in Y (2), X (1)",
            "1 level-2 row excluded: missing ID",
            "1 level-2 unit (and their 2 level-1 rows) excluded: missing value in W (1)",
            "1 level-2 unit excluded: no level-1 rows",
            "1 level-2 unit excluded: all their level-1 rows were excluded",
        ])
        #expect(data.summary.level1Read == 8 && data.summary.level1Excluded == 6)
        #expect(data.summary.level2Read == 6 && data.summary.level2Excluded == 4)
    }

    @Test func droppedUnmatchedRowsAreReported() throws {
        let data = try join("ID,Y\n1,1\n7,2\n7,3\n8,4\n", "ID,W\n1,1\n", dropUnmatched: true)
        expectInvariants(data)
        #expect(data.grouping.level2.ids == ["1"])
        #expect(data.summary.exclusionReasons == ["3 level-1 rows excluded: ID not in l2.csv (2 IDs)"])
        #expect(data.summary.level2Read == 1 && data.summary.level2Excluded == 0)
    }

    @Test func withoutLevel2FileUnitsComeFromLevel1() throws {
        let data = try join("ID,Y\n3,1\n3,NA\n1,2\n2,NA\n", nil)
        expectInvariants(data)
        #expect(data.grouping.level2.ids == ["1", "3"])
        #expect(data.summary.level2Read == 3 && data.summary.level2Used == 2)
        #expect(data.summary.exclusionReasons == [
            "2 level-1 rows excluded: missing value in Y (2)",
            "1 level-2 unit excluded: all their level-1 rows were excluded",
        ])
    }
}
