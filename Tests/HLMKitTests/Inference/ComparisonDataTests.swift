import Foundation
import Testing
@testable import HLMKit

/// `hlm compare` decides "same data" by the fingerprints saved in the JSON (issue 12): not by file names,
/// independent of row order and of how IDs are written, and per variable for the variables both models use.
@Suite("Model comparisons check the data by fingerprint")
struct ComparisonDataTests {
    static func hsbText(_ name: String) throws -> String {
        try String(contentsOfFile: try ReferenceFixture.resolve(name), encoding: .utf8)
    }

    /// Writes `text` to `folder/sub/name`, creating `sub`.
    static func write(_ text: String, _ sub: String, _ name: String, in folder: URL) throws -> String {
        let directory = folder.appendingPathComponent(sub)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        return sub + "/" + name
    }

    /// The level-1 HS&B text with `change` applied to the data rows (header kept).
    static func level1(_ change: ([String]) -> [String]) throws -> String {
        let lines = try hsbText("hsb1.csv").split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        return ([lines[0]] + change(Array(lines.dropFirst()))).joined(separator: "\n") + "\n"
    }

    /// Each row's `column` (0-based) changed by `transform` in the rows `every` apart.
    static func changing(_ column: Int, every: Int, _ transform: @escaping (String) -> String) -> ([String]) -> [String] {
        { rows in
            rows.enumerated().map { index, row in
                guard index % every == 0 else { return row }
                var fields = row.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                fields[column] = transform(fields[column])
                return fields.joined(separator: ",")
            }
        }
    }

    static func fingerprint(_ file: String, in folder: URL) throws -> [String: Any] {
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent(file)))
            as? [String: Any])
        return try #require((json["data"] as? [String: Any])?["fingerprint"] as? [String: Any])
    }

    @Test("the embedded example and data/hsb1.csv are the same data; shuffled rows and 0-padded IDs too")
    func sameDataDifferentFiles() throws {
        let folder = try CLIRunner.temporaryDirectory()
        let example = try CLIRunner.run(["example", "hsb-random-coefficient", "--method", "fml", "--json", "ex.json"],
                                        in: folder)
        #expect(example.status == 0, "\(example.stderr)")
        try ComparisonSafetyTests.save("fixed.json", ComparisonSafetyTests.fixedSlope, in: folder)
        let result = try ComparisonSafetyTests.compare("ex.json", "fixed.json", in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Number of degrees of freedom = 2"))

        let padded = { (id: String) in "00" + id }
        let shuffled = try Self.write(try Self.level1 { rows in
            Self.changing(0, every: 1, padded)(rows.reversed())
        }, "shuffled", "students.csv", in: folder)
        let schools = try Self.write(try Self.hsbText("hsb2.csv").split(separator: "\n").enumerated().map { index, line in
            index == 0 ? String(line) : "00" + line
        }.joined(separator: "\n") + "\n", "shuffled", "schools.csv", in: folder)
        try ComparisonSafetyTests.save("shuffled.json", ComparisonSafetyTests.randomSlope, level1: shuffled,
                                       level2: schools, in: folder)
        let reordered = try ComparisonSafetyTests.compare("fixed.json", "shuffled.json", in: folder)
        #expect(reordered.status == 0, "\(reordered.stderr)")
        #expect(try Self.fingerprint("shuffled.json", in: folder)["rows"] as? String
                == (try Self.fingerprint("fixed.json", in: folder)["rows"] as? String))
        let rows = try #require(try Self.fingerprint("fixed.json", in: folder)["rows"] as? String)
        #expect(rows.count == 16 && rows.allSatisfy(\.isHexDigit))
    }

    @Test("two different files named students.csv are refused; so is a shared variable with other values")
    func differentDataSameName() throws {
        let folder = try CLIRunner.temporaryDirectory()
        let school = try ReferenceFixture.resolve("hsb2.csv")
        let original = try Self.write(try Self.level1 { $0 }, "a", "students.csv", in: folder)
        let otherScores = try Self.write(try Self.level1(Self.changing(4, every: 7) { "\((Double($0) ?? 0) + 3)" }),
                                         "b", "students.csv", in: folder)
        let otherSES = try Self.write(try Self.level1(Self.changing(3, every: 5) { "\((Double($0) ?? 0) + 0.5)" }),
                                      "c", "students.csv", in: folder)
        try ComparisonSafetyTests.save("a.json", ComparisonSafetyTests.fixedSlope, level1: original, level2: school,
                                       in: folder)
        try ComparisonSafetyTests.save("b.json", ComparisonSafetyTests.randomSlope, level1: otherScores, level2: school,
                                       in: folder)
        try ComparisonSafetyTests.save("c.json", ComparisonSafetyTests.randomSlope, level1: otherSES, level2: school,
                                       in: folder)
        ComparisonSafetyTests.expectRefused(try ComparisonSafetyTests.compare("a.json", "b.json", in: folder), status: 65,
                                            "a.json and b.json were fitted to different data (the used rows' unit "
                                                + "IDs or outcome values differ")
        ComparisonSafetyTests.expectRefused(try ComparisonSafetyTests.compare("a.json", "c.json", in: folder), status: 65,
                                            "(the values of SES differ")
    }

    @Test("the fingerprint does not depend on row order or ID spelling, and sees a changed value")
    func fingerprintProperties() throws {
        func data(ids: [String], y: [Double], x: [Double], order: [Int]) -> MultilevelData {
            let offsets = [0, 2, 4]
            let summary = DataSummary(level1File: "a", level2File: nil, level1Read: 4, level1Used: 4, level1Excluded: 0,
                                      level2Read: 2, level2Used: 2, level2Excluded: 0, exclusionReasons: [])
            return MultilevelData(idColumn: "ID",
                                  grouping: Grouping(unitIDs: ids, rowOffsets: offsets),
                                  level1: ["Y": order.map { y[$0] }, "X": order.map { x[$0] }], level2: ["W": [1, 2]],
                                  level1Lines: [1, 2, 3, 4], summary: summary)
        }
        let y = [1.0, 2, 3, 4], x = [0.5, -0.0, 7, 8]
        let base = DataFingerprint(data(ids: ["1", "2"], y: y, x: x, order: [0, 1, 2, 3]), outcome: "Y")
        #expect(DataFingerprint(data(ids: ["1", "2"], y: y, x: x, order: [1, 0, 3, 2]), outcome: "Y") == base)
        #expect(DataFingerprint(data(ids: ["1", "2"], y: y, x: [0.5, 0, 7, 8], order: [0, 1, 2, 3]), outcome: "Y") == base)
        let changed = DataFingerprint(data(ids: ["1", "2"], y: y, x: [0.5, 0, 7, 9], order: [0, 1, 2, 3]), outcome: "Y")
        #expect(changed.rows == base.rows && changed.variables["W"] == base.variables["W"])
        #expect(changed.variables["X"] != base.variables["X"])
        #expect(DataFingerprint(data(ids: ["1", "3"], y: y, x: x, order: [0, 1, 2, 3]), outcome: "Y").rows != base.rows)
        #expect(Set(base.variables.keys) == ["X", "W"])
        #expect(DataFingerprint.value(DataFingerprint.text(base.rows)) == base.rows)
        #expect(DataFingerprint.value("12345") == nil && DataFingerprint.value("zzzzzzzzzzzzzzzz") == nil)
    }
}
