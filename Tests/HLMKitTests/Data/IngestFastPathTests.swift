import Testing
@testable import HLMKit

/// The fast paths of reading and joining give what the general ones give: SWAR digits, the line-end count
/// that sizes each segment's rows, row numbers without an array, and the join of a file sorted by ID.
@Suite("Data: ingest fast paths")
struct IngestFastPathTests {
    @Test func eightDigitsMatchDigitsReadOneAtATime() {
        var generator = SeededGenerator(state: 18)
        let alphabet = Array("0123456789.,-+e \n\r\t\"|;".utf8) + [0, 0x2F, 0x3A, 0x7F, 0x80, 0xFF]
        for _ in 0..<20_000 {
            let bytes = (0..<8).map { _ in
                Bool.random(using: &generator) ? UInt8.random(in: 0x30...0x39, using: &generator)
                    : alphabet.randomElement(using: &generator)!
            }
            var value: UInt64 = 0, count = 0
            while count < 8, (0x30...0x39).contains(bytes[count]) {
                value = value * 10 + UInt64(bytes[count] - 0x30)
                count += 1
            }
            let word = bytes.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
            let parsed = DecimalParser.eightDigits(word)
            #expect(parsed.count == count && parsed.value == value, "\(bytes)")
        }
    }

    @Test func lineEndsAreCountedAtEveryOffset() {
        var generator = SeededGenerator(state: 7)
        let bytes = (0..<700).map { _ in UInt8.random(in: 0...3, using: &generator) == 0 ? UInt8(ascii: "\n") : 0x41 }
        bytes.withUnsafeBufferPointer { buffer in
            for start in stride(from: 0, to: 700, by: 13) {
                for end in stride(from: start, through: 700, by: 29) {
                    let expected = bytes[start..<end].filter { $0 == UInt8(ascii: "\n") }.count
                    #expect(CSVRowSlots.countNewlines(buffer, from: start, to: end) == expected)
                }
            }
        }
    }

    @Test func consecutiveRowNumbersEqualTheirArray() {
        let consecutive = RowNumbers(consecutive: 5..<12)
        #expect(consecutive == RowNumbers(Array(5..<12)))
        #expect(consecutive.isConsecutive && !RowNumbers(Array(5..<12)).isConsecutive)
        #expect(consecutive[2..<4] == [7, 8] && consecutive[2..<4].startIndex == 2)
        #expect(consecutive.shifted(by: 2) == RowNumbers(Array(7..<14)) && consecutive.shifted(by: 2).isConsecutive)
        #expect(RowNumbers([4, 1, 9]).shifted(by: 1) == [5, 2, 10])
    }

    /// A file sorted by ID (joined from its runs of IDs) and the same rows with the units in reverse order
    /// (joined row by row) give the same data and exclusions; only the file rows differ.
    @Test func sortedFileJoinsAsTheSameRowsUnsorted() throws {
        let units = [(id: 3, rows: ["1.5", "2.25"]), (id: 7, rows: ["-4"]), (id: 12, rows: ["0.125", "8", "9.5"])]
        let level2 = "ID,W\n12,1.5\n3,2\n40,7\n7,-1\n55,NA\nNA,3\n"
        func text(_ order: [(id: Int, rows: [String])]) -> String {
            "ID,Y\n" + order.flatMap { unit in unit.rows.map { "\(unit.id),\($0)\n" } }.joined()
        }
        func join(_ level1: String) throws -> MultilevelData {
            try MultilevelData.join(level1: csv(level1, source: "l1.csv"), level2: csv(level2, source: "l2.csv"),
                                    idColumn: "ID", level1Variables: ["Y"], level2Variables: ["W"], missingCodes: [],
                                    dropUnmatched: false)
        }
        let sorted = try join(text(units))
        let reversed = try join(text(units.reversed()))
        #expect(sorted.level1Rows.isConsecutive && !reversed.level1Rows.isConsecutive)
        #expect(sorted.grouping == reversed.grouping)
        #expect(sorted.grouping.level2.ids == ["3", "7", "12"])
        #expect(sorted.level1 == reversed.level1 && sorted.level2 == reversed.level2)
        #expect(sorted.summary == reversed.summary)
        #expect(sorted.summary.exclusionReasons.count == 3)
        #expect(sorted.level1Lines == [2, 3, 4, 5, 6, 7] && reversed.level1Lines == [6, 7, 5, 2, 3, 4])
    }
}
