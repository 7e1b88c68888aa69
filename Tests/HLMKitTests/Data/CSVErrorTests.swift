import Foundation
import Testing
@testable import HLMKit
import HLMPlatform

@Suite("Data: CSV errors")
struct DataCSVErrorTests {
    @Test func missingFile() {
        let path = "/nonexistent/hsb1.csv"
        expectDataError(.fileNotFound(path: path), mentioning: [path]) { _ = try CSVTable.read(path: path) }
    }

    @Test func directoryIsUnreadable() throws {
        let path = FileManager.default.temporaryDirectory.path
        expectDataError(.unreadableFile(path: path, reason: "it is a directory"), mentioning: [path, "directory"]) {
            _ = try CSVTable.read(path: path)
        }
    }

    @Test("text given in memory is read, and refused, under its name; read(path:) never looks there")
    func fileInMemory() throws {
        let table = try CSVTable(bytes: Array("A,B\n1,2\n".utf8), source: "memory.csv")
        #expect(table.source == "memory.csv" && table.rowCount == 1)
        expectDataError(.raggedRow(path: "memory.csv", line: 2, fieldCount: 3, headerCount: 2),
                        mentioning: ["'memory.csv'"]) {
            _ = try CSVTable(bytes: Array("A,B\n1,2,3\n".utf8), source: "memory.csv")
        }
        expectDataError(.fileNotFound(path: "memory.csv"), mentioning: ["memory.csv"]) {
            _ = try CSVTable.read(path: "memory.csv")
        }
    }

    @Test("a file whose size the system does not state (/proc) is read to its end")
    func fileOfUnstatedSize() throws {
        #if os(Linux)
        let bytes = try FileBytes.contents(atPath: "/proc/self/status")
        #expect(String(decoding: bytes, as: UTF8.self).hasPrefix("Name:"))
        #endif
    }

    @Test func emptyFile() throws {
        let path = try temporaryFile("")
        expectDataError(.emptyFile(path: path), mentioning: [path, "empty", "header"]) {
            _ = try CSVTable.read(path: path)
        }
        expectDataError(.emptyFile(path: "b.csv"), mentioning: ["b.csv"]) { _ = try csv("\n  \r\n", source: "b.csv") }
    }

    @Test func binaryFile() {
        expectDataError(.binaryFile(path: "x.sav", line: 2), mentioning: ["x.sav", "line 2", "NUL"]) {
            _ = try CSVTable(bytes: Array("A,B\n1,".utf8) + [0, 7], source: "x.sav")
        }
    }

    @Test func headerOnly() {
        expectDataError(.noDataRows(path: "h.csv"), mentioning: ["h.csv", "no data rows"]) {
            _ = try csv("ID,X\n\n", source: "h.csv")
        }
    }

    @Test func raggedRow() {
        expectDataError(.raggedRow(path: "r.csv", line: 3, fieldCount: 3, headerCount: 2),
                        mentioning: ["r.csv", "line 3", "3 fields", "header has 2"]) {
            _ = try csv("ID,X\n1,2\n3,4,5\n", source: "r.csv")
        }
    }

    @Test func duplicateColumnNames() {
        expectDataError(.duplicateColumn(path: "d.csv", name: "ses", firstPosition: 2, secondPosition: 3),
                        mentioning: ["d.csv", "columns 2 and 3", "'ses'", "case-insensitive"]) {
            _ = try csv("ID,SES,ses\n1,2,3\n", source: "d.csv")
        }
    }

    @Test func blankColumnName() {
        expectDataError(.blankColumnName(path: "b.csv", position: 2, line: 2, value: "2"),
                        mentioning: ["b.csv", "column 2", "no name", "line 2"]) {
            _ = try csv("ID, ,X\n1,2,3\n", source: "b.csv")
        }
    }

    @Test func unterminatedQuote() {
        expectDataError(.unterminatedQuote(path: "q.csv", line: 3), mentioning: ["q.csv", "line 3", "never closed"]) {
            _ = try csv("ID,X\n1,2\n\"3,4\n5,6\n", source: "q.csv")
        }
    }

    @Test func textAfterClosingQuote() {
        expectDataError(.textAfterClosingQuote(path: "q.csv", line: 2), mentioning: ["q.csv", "line 2"]) {
            _ = try csv("ID,X\n\"1\"x,2\n", source: "q.csv")
        }
    }

    @Test func nonNumericValue() throws {
        let table = try csv("ID,SES\n1,0.5\n\n2,high\n", source: "n.csv")
        expectDataError(.nonNumericValue(path: "n.csv", line: 4, column: "SES", value: "high"),
                        mentioning: ["n.csv", "line 4", "column SES", "'high'", "missing-value code"]) {
            _ = try table.numericColumn(1, missingCodes: [])
        }
    }

    @Test("Non-finite values are refused", arguments: ["inf", "-Infinity", "nan", "1e999", "NaN"])
    func nonFiniteValue(text: String) throws {
        let table = try csv("ID,SES\n1,\(text)\n", source: "f.csv")
        expectDataError(.nonFiniteValue(path: "f.csv", line: 2, column: "SES", value: text),
                        mentioning: ["f.csv", "line 2", "column SES", "'\(text)'", "finite"]) {
            _ = try table.numericColumn(1, missingCodes: [])
        }
    }
}
