import Foundation
import Testing
@testable import HLMKit

/// `--missing` codes that are numbers match cells by value, and the report counts what each code removed
/// (issue 11).
@Suite("Data: numeric missing-value codes")
struct MissingCodeTests {
    @Test("-99 matches -99, -99.0, -9.9e1 and \" -99 \"; text codes match as text; each code's cells are counted")
    func byValue() throws {
        let level1 = try csv("ID,Y,SES\n1,1,-99.0\n1,2,-99\n2,3,-9.9e1\n2,4,\" -99 \"\n2,5,NA\n3,-99.00,1\n3,7,x\n"
            + "3,8,2\n3,9,3\n")
        let data = try MultilevelData.join(level1: level1, level2: nil, idColumn: "ID", level1Variables: ["Y", "SES"],
                                           level2Variables: [], missingCodes: ["-99", " x", "999"], dropUnmatched: false)
        #expect(data.level1["Y"] == [8, 9])
        #expect(data.summary.missingCodeCounts == [MissingCodeCount(code: "-99", cells: 5),
                                                   MissingCodeCount(code: "999", cells: 0),
                                                   MissingCodeCount(code: "x", cells: 1)])
        #expect(try level1.numericColumn(2, missingCodes: ["-99", "x"]).filter(\.isNaN).count == 6)
    }

    @Test("hlm fit --missing -99 removes cells written -99.0, and the report and JSON say how many")
    func cli() throws {
        var rows = InputFiles.hsbRows("hsb1.csv")
        for index in stride(from: 1, to: rows.count, by: 100) { rows[index][3] = "-99.0" }
        let text = rows.map { $0.joined(separator: ",") }.joined(separator: "\n") + "\n"
        let (result, folder) = try InputFiles.run(["fit", "l1.csv", "--id", "ID", "--missing", "-99,999"]
                                                  + InputFiles.model + ["--json", "r.json"],
                                                  files: ["l1.csv": Array(text.utf8)])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Number of level-1 units used     = 7113"))
        #expect(result.stdout.contains("missing-value code -99: 72 cells"))
        #expect(result.stdout.contains("missing-value code 999: 0 cells"))
        let data = try #require(try InputFiles.json("r.json", in: folder)["data"] as? [String: Any])
        let codes = try #require(data["missing_codes"] as? [[String: Any]])
        #expect(codes.map { $0["code"] as? String } == ["-99", "999"])
        #expect(codes.map { $0["cells"] as? Int } == [72, 0])
    }
}
