import Foundation
import Testing
@testable import HLMKit

/// Units are the same only when their IDs are: numeric IDs compared exactly, not through `Double`, and IDs
/// that are not UTF-8 refused rather than decoded to U+FFFD (issue 11).
@Suite("Data: identity of units")
struct UnitIdentityTests {
    private func join(_ level1: String, _ level2: String? = nil) throws -> MultilevelData {
        try MultilevelData.join(level1: csv(level1, source: "l1.csv"), level2: level2.map { try csv($0, source: "l2.csv") },
                                idColumn: "ID", level1Variables: ["Y"], level2Variables: [], missingCodes: [],
                                dropUnmatched: false)
    }

    /// 160 IDs above 2^53, one apart (Double keeps every second one).
    private static let bigIDs = (0..<160).map { "\(9_007_199_254_740_993 + $0)" }

    @Test("Numeric IDs above 2^53 stay distinct, with or without a level-2 file")
    func bigIDs() throws {
        let level1 = "ID,Y\n" + Self.bigIDs.enumerated().map { "\($1),\($0)\n\($1),\($0 + 1)" }.joined(separator: "\n")
        let data = try join(level1)
        #expect(data.grouping.unitCount == 160)
        #expect(Set(data.grouping.level2.ids) == Set(Self.bigIDs))
        let withLevel2 = try join(level1, "ID\n" + Self.bigIDs.joined(separator: "\n"))
        #expect(withLevel2.grouping.unitCount == 160)
    }

    @Test("Numeric IDs written differently are one unit; numbers with more digits than a Double holds are not")
    func writtenDifferently() throws {
        let data = try join("ID,Y\n01,1\n1,2\n1.0,3\n1e0,4\n+1.00,5\n1.00000000000000001,6\n-0,7\n0.0,8\n")
        #expect(data.grouping.level2.ids == ["0", "1", "1.00000000000000001"])
        #expect(data.grouping.level2.offsets == [0, 2, 7, 8])
        #expect(try join("ID,Y\n99999999999999999999,1\n99999999999999999998,2\n1.5e40,3\n").grouping.level2.ids
            == ["99999999999999999998", "99999999999999999999", "1.5e40"])
    }

    @Test("Exact decimals order and print as numbers")
    func exactDecimals() throws {
        let texts = ["-12.5", "-2", "-0.001", "0", "0.001", "0.0105", "2", "10", "12.5", "1e31"]
        let numbers = try texts.map { try #require(ExactDecimal($0)) }
        #expect(numbers.sorted() == numbers)
        #expect(numbers.map(\.text) == ["-12.5", "-2", "-0.001", "0", "0.001", "0.0105", "2", "10", "12.5", "1e31"])
        #expect(ExactDecimal("1.2.3") == nil && ExactDecimal("e5") == nil && ExactDecimal("") == nil)
    }

    @Test("IDs that are not UTF-8 (Latin-1) are refused with the line and byte offset, never merged")
    func latin1IDs() {
        let bytes: [UInt8] = Array("ID,Y\ncaf".utf8) + [0xE9] + Array(",1\ncaf".utf8) + [0xE8] + Array(",2\n".utf8)
        expectDataError(.invalidUTF8(path: "l1.csv", line: 2, byteOffset: 8),
                        mentioning: ["l1.csv", "line 2", "byte offset 8", "UTF-8"]) {
            _ = try MultilevelData.join(level1: CSVTable(bytes: bytes, source: "l1.csv"), level2: nil, idColumn: "ID",
                                        level1Variables: ["Y"], level2Variables: [], missingCodes: [],
                                        dropUnmatched: false)
        }
        expectDataError(.invalidUTF8(path: "h.csv", line: 1, byteOffset: 4), mentioning: ["h.csv", "line 1"]) {
            _ = try CSVTable(bytes: Array("ID,S".utf8) + [0xC9, 0x53] + Array("\n1,2\n".utf8), source: "h.csv")
        }
    }

    @Test("UTF-8 validation agrees with Swift's decoder on well-formed and ill-formed sequences", arguments: [
        [0x41], [0xC3, 0xA9], [0xE2, 0x82, 0xAC], [0xF0, 0x9F, 0x98, 0x80], [0xC0, 0x80], [0xE0, 0x80, 0x80],
        [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE9], [0xC3], [0x80], [0xFF],
    ] as [[UInt8]])
    func validation(bytes: [UInt8]) {
        let found = bytes.withUnsafeBufferPointer { UTF8Validation.firstInvalidByte(in: $0, from: 0, to: $0.count) }
        #expect((found == nil) == (String(validating: bytes, as: UTF8.self) != nil))
    }

    @Test("hlm fit keeps IDs above 2^53 apart when a level-2 file is given")
    func cliBigIDs() throws {
        let level1 = "ID,Y,X\n" + Self.bigIDs.prefix(20).enumerated().map { index, id in
            (0..<4).map { "\(id),\(Double((index * 7 + $0 * 3) % 11)),\($0)" }.joined(separator: "\n")
        }.joined(separator: "\n") + "\n"
        let level2 = "ID,W\n" + Self.bigIDs.prefix(20).enumerated().map { "\($1),\($0 % 2)" }.joined(separator: "\n")
        let (result, _) = try InputFiles.run(["fit", "l1.csv", "l2.csv", "--id", "ID", "--model", "Y = INTRCPT1 + X",
                                              "--model", "INTRCPT1 = INTRCPT2 + W + random"],
                                             files: ["l1.csv": Array(level1.utf8), "l2.csv": Array(level2.utf8)])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Number of level-2 units used     = 20"))
    }
}
