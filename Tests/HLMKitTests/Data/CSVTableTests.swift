import Foundation
import Testing
@testable import HLMKit

@Suite("Data: CSV reading")
struct DataCSVTableTests {
    @Test func plainFile() throws {
        let table = try csv("ID,x,y\n1,2.5,-3\n2,4,5e-1\n")
        #expect(table.header == ["ID", "x", "y"])
        #expect(table.rowCount == 2)
        #expect(try table.numericColumn(1, missingCodes: []) == [2.5, 4])
        #expect(try table.numericColumn(2, missingCodes: []) == [-3, 0.5])
        #expect(try table.stringColumn(0) == ["1", "2"])
        #expect(table.line(ofRow: 1) == 3)
    }

    @Test func byteOrderMarkAndCRLF() throws {
        let table = try CSVTable(bytes: [0xEF, 0xBB, 0xBF] + Array("ID,X\r\n1,2\r\n3,4\r\n".utf8), source: "bom.csv")
        #expect(table.header == ["ID", "X"])
        #expect(try table.stringColumn(0) == ["1", "3"])
        #expect(try table.numericColumn(1, missingCodes: []) == [2, 4])
    }

    @Test func noTrailingNewlineAndBlankLines() throws {
        let table = try csv("A,B\n\n1,2\n   \n3,4")
        #expect(table.rowCount == 2)
        #expect(table.line(ofRow: 0) == 3)
        #expect(table.line(ofRow: 1) == 5)
        #expect(try table.numericColumn(1, missingCodes: []) == [2, 4])
    }

    @Test func quotedFieldsWithCommasNewlinesAndQuotes() throws {
        let table = try csv("ID,NAME,X\n\"a, b\",\"line1\nline2\",1\n\"say \"\"hi\"\"\", plain ,\" 2 \"\n7,x,3\n")
        #expect(try table.stringColumn(0) == ["a, b", "say \"hi\"", "7"])
        #expect(try table.stringColumn(1) == ["line1\nline2", "plain", "x"])
        #expect(try table.numericColumn(2, missingCodes: []) == [1, 2, 3])
        #expect(table.line(ofRow: 0) == 2)
        #expect(table.line(ofRow: 1) == 4)
        #expect(table.line(ofRow: 2) == 5)
    }

    @Test func spacesAroundUnquotedFieldsAreTrimmed() throws {
        let table = try csv("  ID , X \n  school 1 ,  1.5  \n")
        #expect(table.header == ["ID", "X"])
        #expect(try table.stringColumn(0) == ["school 1"])
        #expect(try table.numericColumn(1, missingCodes: []) == [1.5])
    }

    @Test func missingValueCodes() throws {
        // The blank line is skipped, not read as an empty cell.
        let table = try csv("X\n1\n\nNA\n.\n-99\n\" -99 \"\n 9 \n2\n")
        let values = try table.numericColumn(0, missingCodes: [" -99", "9"])
        #expect(values.count == 7)
        #expect(values.map(\.isNaN) == [false, true, true, true, true, true, false])
        #expect(values.last == 2)
        let withoutCodes = try table.numericColumn(0, missingCodes: [])
        #expect(withoutCodes.filter(\.isNaN).count == 2)
        #expect(withoutCodes[3] == -99)
    }

    @Test func emptyCellsAreMissing() throws {
        let table = try csv("A,B,C\n1,,3\n,2,\n")
        #expect(try table.numericColumn(1, missingCodes: [])[0].isNaN)
        #expect(try table.numericColumn(0, missingCodes: [])[1].isNaN)
        #expect(try table.numericColumn(2, missingCodes: [])[1].isNaN)
    }

    @Test func columnLookupIgnoresCase() throws {
        let table = try csv("Id,MathAch\n1,2\n")
        #expect(table.columnIndex("MATHACH") == 1)
        #expect(table.columnIndex("id") == 0)
        #expect(table.columnIndex("SES") == nil)
    }

    @Test func readsFromDisk() throws {
        let path = try temporaryFile("ID,X\n1,2\n")
        let table = try CSVTable.read(path: path)
        #expect(table.source == path)
        #expect(table.rowCount == 1)
    }

    @Test func numbersMatchDoubleFromString() throws {
        let texts = ["12.345", "-1.528", "1e-3", "0.1", "-0.588", "19.708", "1234567.891011121314"]
        let table = try csv("X\n" + texts.joined(separator: "\n"))
        let values = try table.numericColumn(0, missingCodes: [])
        #expect(values.map(\.bitPattern) == texts.map { Double($0)!.bitPattern })
    }
}
