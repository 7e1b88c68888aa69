import Foundation
import Testing
@testable import HLMKit

/// A CSV file is scanned in segments and its columns parsed in chunks of rows, side by side (`CSVChunking`):
/// whatever the sizes, the table, its columns and every message must be those of one piece.
@Suite("Data: CSV read in pieces")
struct CSVChunkingTests {
    /// Piece sizes from one byte up (a segment then starts on nearly every line, often inside a quoted field).
    static let chunkings = [CSVChunking(pieceBytes: 1, indexBytes: 1), CSVChunking(pieceBytes: 3, indexBytes: 2),
                            CSVChunking(pieceBytes: 7, indexBytes: 5), CSVChunking(pieceBytes: 16, indexBytes: 40)]
    static let whole = CSVChunking(pieceBytes: 1 << 40, indexBytes: 1 << 40)

    /// Everything a reader can ask of a table, as text; or the error's message.
    static func readAll(_ text: [UInt8], _ chunking: CSVChunking, options: CSVReadOptions = CSVReadOptions()) -> String {
        do {
            let table = try CSVTable(storage: CSVBytes(text), source: "pieces.csv", options: options, chunking: chunking)
            var parts = ["header \(table.header) rows \(table.rowCount) format \(table.format)"]
            parts.append("lines \((0..<table.rowCount).map(table.line(ofRow:)))")
            for column in table.header.indices {
                parts.append("texts \(column): \((0..<table.rowCount).map { table.text(row: $0, column: column) })")
                parts.append("strings \(column): " + ((try? table.stringColumn(column).description) ?? "error"))
                let missing = MissingValueCodes(["-99", "x"])
                parts.append("ids \(column): \(String(describing: table.integerIDs(column, missing: missing)?.map(\.bitPattern)))")
                do {
                    let read = try table.numericColumns([column, 0, column], integerIDs: 0, missing: missing)
                    parts.append("numbers \(column): \(read.columns.map { $0.map(\.bitPattern) }) \(read.codeCounts) "
                                 + "\(String(describing: read.integerIDs?.map(\.bitPattern)))")
                } catch {
                    parts.append("numbers \(column): \(error)")
                }
            }
            return parts.joined(separator: "\n")
        } catch {
            return "error: \(error)"
        }
    }

    static let files = [
        "ID,X,Y\n1,2.5,-3\n1,4,5e-1\n2,-99,NA\n2, 7 ,\"8\"\n3,.,x\n",
        "ID,NOTE,X\n1,\"a\nb\nc\",1\n\n\n2,\"x,\"\"y\"\"\n\",2\n2,plain,3\r\n3,\"\n\n\",4",
        "\u{FEFF}ID;X;Y\n1;2,5;3\n\n2;4,25;-1\n",
        "ID,X\r1,2\r3,4\r",
        "ID,X,,\n1,2,,\n3,4,,\n",
        "ID,X,,\n1,2,,\n3,4,5,\n",
        "ID,X\n1,2\n3,4,5\n6,7\n",
        "ID,X\n1,2\n3,\"4\n5,6\n",
        "ID,X\n1,2\n3,\"4\"x\n",
        "ID,X\n1,2\n3,abc\n4,5\n6,zz\n",
        "ID,X\n1,2\n3,4\u{0}\n",
        "ID,X\n\"1\n2\",3\n4,5\u{0}",
        "ID,X\n01,1\n1.0,2\n2,3\n",
        "ID,X\nA,1\nb,2\n",
        "ID,X\n\n\n",
        "",
    ]

    @Test("tables, columns and messages do not depend on the pieces", arguments: files.indices)
    func samePiecesOrNot(_ file: Int) {
        let bytes = Array(Self.files[file].utf8)
        let expected = Self.readAll(bytes, Self.whole)
        for chunking in Self.chunkings + [Self.whole] {
            #expect(Self.readAll(bytes, chunking) == expected, "pieces \(chunking)")
            #expect(Self.readAll(bytes, chunking, options: Self.prefetching) == expected, "prefetched, pieces \(chunking)")
        }
    }

    /// Every column of the test files (and one they do not have) parsed in the scan, with the codes
    /// `readAll` reads with.
    static let prefetching = {
        var options = CSVReadOptions()
        options.prefetch = CSVPrefetch(names: ["X", "Y", "A", "B", "NOTE", "Z"], idColumn: "id", missingCodes: ["-99", "x"])
        return options
    }()

    @Test("the columns asked for are parsed in the scan, those with a cell that is not a number are not kept")
    func prefetchedColumns() throws {
        let bytes = Array("ID,X,Y,NOTE\n1,2.5,-99,a\n2, 3 ,\"4\",b\n".utf8)
        let table = try CSVTable(storage: CSVBytes(bytes), source: "p.csv", options: Self.prefetching)
        let prefetched = try #require(table.prefetched)
        #expect(prefetched.columns.keys.sorted() == [1, 2])
        #expect(prefetched.columns[1] == [2.5, 3] && prefetched.columns[2]?[1] == 4 && prefetched.codeCounts[2] == [1, 0])
        #expect(prefetched.integerIDs == [1, 2])
        #expect(prefetched.read([2, 1, 2], idColumn: 0, missing: MissingValueCodes(["x", "-99"]))?.codeCounts == [1, 0])
        #expect(prefetched.read([1], idColumn: nil, missing: MissingValueCodes([])) == nil)
        #expect(prefetched.read([3], idColumn: nil, missing: MissingValueCodes(["-99", "x"])) == nil)
        let semicolons = try CSVTable(bytes: Array("ID;X\n1;2,5\n".utf8), source: "s.csv", options: Self.prefetching)
        #expect(semicolons.prefetched == nil)  // the decimal mark is detected after the scan
    }

    /// Random files with quoted fields holding line breaks, delimiters and quotes, blank lines, CRLF and
    /// missing cells, and now and then a malformed row: read whole and in pieces of every size.
    @Test func randomFilesInPieces() {
        var random = SeededGenerator(state: 18)
        let cells = ["1", "-2.5", "3e2", " 4 ", "\"5\"", "\"a\nb\"", "\"c,\"\"d\"\"\"", "NA", "", "x", "-99", "7.000001",
                     "+3", "-0", "1.", ".5", "1.2.3", "-99.0", "123456789012345678", "1234567890123456789", "9007199254740993"]
        for _ in 0..<60 {
            var text = "ID,A,B\n"
            for row in 0..<Int.random(in: 1...25, using: &random) {
                if Int.random(in: 0..<8, using: &random) == 0 { text += "\n" }
                var fields = ["\(row / 3)"] + (0..<2).map { _ in cells.randomElement(using: &random)! }
                if Int.random(in: 0..<40, using: &random) == 0 { fields.append("9") }
                if Int.random(in: 0..<60, using: &random) == 0 { fields[1] = "\"open" }
                if Int.random(in: 0..<40, using: &random) == 0 { fields[0] += ".5" }
                text += fields.joined(separator: ",") + (Bool.random(using: &random) ? "\n" : "\r\n")
            }
            let bytes = Array(text.utf8)
            let expected = Self.readAll(bytes, Self.whole)
            for pieces in [1, 2, 5, 11] {
                let chunking = CSVChunking(pieceBytes: pieces, indexBytes: pieces + 1)
                #expect(Self.readAll(bytes, chunking) == expected, "file \(text.debugDescription), pieces \(pieces)")
                #expect(Self.readAll(bytes, chunking, options: Self.prefetching) == expected,
                        "prefetched, file \(text.debugDescription), pieces \(pieces)")
            }
        }
    }

    @Test("a file on disk is mapped and read as the same bytes in memory")
    func mappedFile() throws {
        let text = (0..<5000).map { "\($0 / 7),\(Double($0) / 1000),\($0 % 2)" }.joined(separator: "\n")
        let path = try temporaryFile("ID,X,G\n" + text)
        let mapped = try CSVTable.read(path: path)
        let inMemory = try CSVTable(bytes: Array(("ID,X,G\n" + text).utf8), source: path)
        #expect(try mapped.numericColumns([1, 2], missingCodes: []) == inMemory.numericColumns([1, 2], missingCodes: []))
        #expect(mapped.integerIDs(0, missing: MissingValueCodes([])) == inMemory.integerIDs(0, missing: MissingValueCodes([])))
        #expect(mapped.rowCount == 5000)
        #expect(mapped.text(row: 4321, column: 1) == "4.321")
    }
}
