import Testing
@testable import HLMKit

@Suite("Data: join errors")
struct DataJoinErrorTests {
    private let level1 = "ID,SES,MATHACH\n1,0.5,10\n2,-0.5,12\n"
    private let level2 = "ID,MEANSES\n1,0.1\n2,0.2\n"

    private func join(_ level1: String, _ level2: String?, level1Variables: [String] = ["SES"],
                      level2Variables: [String] = [], idColumn: String = "ID",
                      dropUnmatched: Bool = false) throws {
        _ = try MultilevelData.join(level1: csv(level1, source: "l1.csv"),
                                    level2: level2.map { try csv($0, source: "l2.csv") }, idColumn: idColumn,
                                    level1Variables: level1Variables, level2Variables: level2Variables,
                                    missingCodes: [], dropUnmatched: dropUnmatched)
    }

    @Test func unknownLevel1Variable() {
        expectDataError(.unknownColumn(path: "l1.csv", name: "MEANSES", available: ["ID", "SES", "MATHACH"]),
                        mentioning: ["l1.csv", "'MEANSES'", "ID, SES, MATHACH"]) {
            try join(level1, level2, level1Variables: ["meanses"])
        }
    }

    @Test func unknownLevel2Variable() {
        expectDataError(.unknownColumn(path: "l2.csv", name: "SECTOR", available: ["ID", "MEANSES"]),
                        mentioning: ["l2.csv", "'SECTOR'", "ID, MEANSES"]) {
            try join(level1, level2, level2Variables: ["Sector"])
        }
    }

    @Test func idColumnMissingFromEitherFile() {
        expectDataError(.missingIDColumn(path: "l1.csv", name: "SCHOOL", available: ["ID", "SES", "MATHACH"]),
                        mentioning: ["l1.csv", "'SCHOOL'", "ID, SES, MATHACH"]) {
            try join(level1, level2, idColumn: "SCHOOL")
        }
        expectDataError(.missingIDColumn(path: "l2.csv", name: "ID", available: ["SCHOOL", "MEANSES"]),
                        mentioning: ["l2.csv", "'ID'", "SCHOOL, MEANSES"]) {
            try join(level1, "SCHOOL,MEANSES\n1,0\n")
        }
    }

    @Test func level2VariableWithoutLevel2File() {
        expectDataError(.unknownColumn(path: "l1.csv", name: "MEANSES", available: ["ID", "SES", "MATHACH"]),
                        mentioning: ["l1.csv", "'MEANSES'"]) {
            try join(level1, nil, level2Variables: ["meanses"])
        }
    }

    @Test func duplicateLevel2IDs() {
        expectDataError(.duplicateLevel2ID(path: "l2.csv", id: "1.0", firstLine: 2, secondLine: 4),
                        mentioning: ["l2.csv", "'1.0'", "lines 2 and 4"]) {
            try join(level1, "ID,MEANSES\n1,0.1\n2,0.2\n1.0,0.3\n")
        }
    }

    @Test func unmatchedLevel1IDs() {
        let rows = (1...9).map { "\($0),0.\($0)" }.joined(separator: "\n")
        let examples = [3, 4, 5, 6, 7].map { DataError.UnmatchedID(id: "\($0)", line: $0 + 1) }
        expectDataError(.unmatchedLevel1IDs(path: "l1.csv", level2Path: "l2.csv", examples: examples,
                                            idCount: 7, rowCount: 8),
                        mentioning: ["l1.csv", "l2.csv", "8 level-1 rows", "(7 IDs)", "'3' (line 4)", "2 more",
                                     "--drop-unmatched"]) {
            try join("ID,SES\n" + rows + "\n9,0.99", "ID,MEANSES\n1,0.1\n2,0.2\n")
        }
    }

    @Test func nonNumericLevel1Value() {
        expectDataError(.nonNumericValue(path: "l1.csv", line: 3, column: "SES", value: "low"),
                        mentioning: ["l1.csv", "line 3", "SES", "'low'"]) {
            try join("ID,SES\n1,0.5\n2,low\n", level2)
        }
    }

    @Test func noDataLeftAfterExclusions() {
        let reasons = ["2 level-1 rows excluded: missing value in SES (2)",
                       "2 level-2 units excluded: all their level-1 rows were excluded"]
        expectDataError(.noDataLeft(path: "l1.csv", reasons: reasons),
                        mentioning: ["l1.csv", "missing value in SES (2)"]) {
            try join("ID,SES\n1,NA\n2,\n", level2)
        }
    }
}

@Suite("Data: variable catalog")
struct DataVariableCatalogTests {
    @Test func namesByLevelWithoutTheID() throws {
        let catalog = VariableCatalog(level1: try csv("id,SES,MathAch\n1,2,3\n"),
                                      level2: try csv("ID,MeanSES,SES\n1,2,3\n"), idColumn: "Id")
        #expect(catalog.level1Names == ["SES", "MATHACH"])
        #expect(catalog.level2Names == ["MEANSES", "SES"])
        #expect(catalog.level(of: "mathach") == .level1)
        #expect(catalog.level(of: "ses") == .level1)
        #expect(catalog.level(of: "MEANSES") == .level2)
        #expect(catalog.level(of: "ID") == nil)
        #expect(catalog.level(of: "SECTOR") == nil)
    }

    @Test func withoutLevel2File() throws {
        let catalog = VariableCatalog(level1: try csv("ID,Y\n1,2\n"), level2: nil, idColumn: "ID")
        #expect(catalog.level2Names == ["Y"])
        #expect(catalog.level(of: "y") == .level1)
    }
}
