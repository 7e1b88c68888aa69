import Foundation
import Testing
@testable import HLMKit

/// Files as spreadsheets and statistics packages write them: `;`, tab and `|` delimiters, decimal commas,
/// CR-only line ends and trailing empty columns (issue 12).
@Suite("Data: delimiters, decimal commas, line ends, unnamed columns")
struct DelimiterTests {
    @Test("The delimiter is detected from the header: ; tab | and , (also on a tie or with one column)", arguments: [
        ("ID;Y;X\n1;2;3\n", CSVFormat.Delimiter.semicolon, 3), ("ID\tY\tX\n1\t2\t3\n", .tab, 3),
        ("ID|Y|X\n1|2|3\n", .pipe, 3), ("ID,Y,X\n1,2,3\n", .comma, 3), ("\"a;b\",Y\n1,2\n", .comma, 2),
        ("ID;Y,X\n1;2,3\n", .comma, 2), ("ID\n1\n", .comma, 1),
    ])
    func detected(text: String, delimiter: CSVFormat.Delimiter, columns: Int) throws {
        let table = try csv(text)
        #expect(table.format.delimiter == delimiter)
        #expect(table.format.delimiterDetected)
        #expect(table.header.count == columns)
    }

    @Test("A given delimiter overrides detection; tabs inside fields of a tab file are delimiters, spaces trimmed")
    func given() throws {
        let table = try CSVTable(bytes: Array("ID;Y,Z\n1;2,3\n".utf8), source: "g.csv",
                                 options: CSVReadOptions(delimiter: .semicolon))
        #expect(table.header == ["ID", "Y,Z"])
        let tabs = try csv("ID\tY\tX\n 1 \t\t3\n")
        #expect(try tabs.numericColumns([0, 1, 2], missingCodes: []).map { $0[0].isNaN ? -1 : $0[0] } == [1, -1, 3])
    }

    @Test("Decimal commas are detected in ; files and read as decimals; the format is stated")
    func decimalCommaDetected() throws {
        let table = try csv("ID;Y;X\n1;2,5;-1\n2;4;-0,25\n")
        #expect(table.format.decimalComma)
        #expect(try table.numericColumns([1, 2], missingCodes: []) == [[2.5, 4], [-1, -0.25]])
        #expect(table.format.description == "semicolon-separated (detected), decimal comma (detected)")
        #expect(try csv("ID,Y\n1,2.5\n").format.description == nil)
    }

    @Test("A decimal comma in a file read with points is refused with the flag to pass")
    func decimalCommaInPointFile() {
        expectDataError(.decimalCommaValue(path: "p.csv", line: 3, column: "Y", value: "3,5"),
                        mentioning: ["p.csv", "line 3", "'3,5'", "--decimal-comma"]) {
            _ = try csv("ID;Y\n1;2.5\n2;3,5\n", source: "p.csv").numericColumn(1, missingCodes: [])
        }
        expectDataError(.decimalCommaInCommaSeparatedFile(path: "c.csv"), mentioning: ["c.csv", "--delimiter"]) {
            _ = try CSVTable(bytes: Array("ID,Y\n1,2\n".utf8), source: "c.csv", options: CSVReadOptions(decimalComma: true))
        }
    }

    @Test("CR-only line ends (old Mac, SPSS exports) are line ends")
    func carriageReturnOnly() throws {
        let table = try csv("ID,Y\r1,2\r2,3\r\r3,4")
        #expect(table.rowCount == 3)
        #expect(try table.numericColumn(1, missingCodes: []) == [2, 3, 4])
        #expect(table.line(ofRow: 2) == 5)
    }

    @Test("Unnamed columns empty in every row (Excel's ...,size,,) are ignored; one holding data is refused")
    func unnamedColumns() throws {
        let table = try csv("ID,Y,,\n1,2,,\n2,3, ,\n")
        #expect(table.namedColumns == ["ID", "Y"])
        #expect(VariableCatalog(level1: table, level2: nil, idColumn: "ID").level1Names == ["Y"])
        expectDataError(.blankColumnName(path: "b.csv", position: 3, line: 3, value: "7"),
                        mentioning: ["b.csv", "column 3 has no name", "'7' on line 3"]) {
            _ = try csv("ID,Y,\n1,2,\n2,3,7\n", source: "b.csv")
        }
    }

    @Test("hlm fit reads a ; file with decimal commas as the comma file, and the report says how it was read")
    func cliSemicolonDecimalComma() throws {
        let comma = InputFiles.longHSB(["SECTOR"])
        let semicolon = comma.replacing(",", with: "#").replacing(".", with: ",").replacing("#", with: ";")
        let arguments = { (file: String) in ["fit", file, "--id", "ID"] + InputFiles.model + ["--json", "\(file).json"] }
        let (reference, folder) = try InputFiles.run(arguments("c.csv"), files: ["c.csv": Array(comma.utf8)])
        let (result, other) = try InputFiles.run(arguments("s.csv"), files: ["s.csv": Array(semicolon.utf8)])
        #expect(reference.status == 0 && result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Data format: s.csv: semicolon-separated (detected), decimal comma (detected)"))
        let estimates = InputFiles.estimates(try InputFiles.json("s.csv.json", in: other))
        let expected = InputFiles.estimates(try InputFiles.json("c.csv.json", in: folder))
        #expect(!estimates.isEmpty && estimates == expected)
        let formats = (try InputFiles.json("s.csv.json", in: other)["data"] as? [String: Any])?["formats"] as? [String]
        #expect(formats == ["s.csv: semicolon-separated (detected), decimal comma (detected)"])
    }

    @Test("--delimiter tab and --decimal-comma are obeyed; --decimal-comma with ',' is a usage error")
    func cliFlags() throws {
        let tab = InputFiles.longHSB([]).replacing(",", with: "\t").replacing(".", with: ",")
        let (result, _) = try InputFiles.run(["fit", "t.txt", "--id", "ID", "--delimiter", "tab", "--decimal-comma"]
                                             + InputFiles.model, files: ["t.txt": Array(tab.utf8)])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Data format: t.txt: tab-separated, decimal comma"))
        let (refused, _) = try InputFiles.run(["fit", "t.txt", "--id", "ID", "--delimiter", ",", "--decimal-comma"]
                                              + InputFiles.model, files: ["t.txt": Array(tab.utf8)])
        #expect(refused.status == 64)
        #expect(refused.stderr.contains("--decimal-comma needs a delimiter other than ','"))
    }

    @Test("hlm fit reads a CR-only file and a file with trailing empty columns")
    func cliLineEndsAndEmptyColumns() throws {
        let text = InputFiles.longHSB([])
        let files = ["cr.csv": Array(text.replacing("\n", with: "\r").utf8),
                     "trailing.csv": Array(text.replacing("\n", with: ",,\n").utf8)]
        for file in files.keys {
            let (result, _) = try InputFiles.run(["fit", file, "--id", "ID"] + InputFiles.model, files: files)
            #expect(result.status == 0, "\(file): \(result.stderr)")
            #expect(result.stdout.contains("Number of level-1 units used     = 7185"), "\(file)")
        }
    }
}
