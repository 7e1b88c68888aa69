import Foundation
import HLMExamples
import Testing
@testable import HLMKit

/// Command files as users save them: with a byte order mark, with relative output paths (resolved against
/// the command file's folder, as HLM does), and without keywords HLM does not have (issue 12).
@Suite("Specification: command files as saved")
struct CommandFileInputTests {
    private static let model = "level1:MATHACH=INTRCPT1+RANDOM\nlevel2:INTRCPT1=INTRCPT2+random/\n"

    @Test("A UTF-8 byte order mark at the start is skipped")
    func byteOrderMark() throws {
        let file = try CommandFile.parse(contents: "\u{FEFF}" + Self.model, path: "bom.hlm")
        #expect(file.specification.level1.outcome == "MATHACH")
    }

    @Test("Invisible characters in a quoted value are escaped")
    func invisibleValue() {
        let error = #expect(throws: SpecificationError.self) {
            try CommandFile.parse(contents: Self.model + "numit:\u{200B}5\n", path: "z.hlm")
        }
        #expect(error?.description.contains("numit:\\u{200B}5 on line 3 of z.hlm") == true, "\(String(describing: error))")
    }

    @Test("Relative output: and resfil*name: paths are relative to the command file's folder", arguments: [
        ("models/m.hlm", "models/report.txt", "models/res1.csv", "/tmp/res2.csv"),
        ("m.hlm", "report.txt", "res1.csv", "/tmp/res2.csv"),
        ("/a/b/m.hlm", "/a/b/report.txt", "/a/b/res1.csv", "/tmp/res2.csv"),
    ])
    func relativePaths(path: String, output: String, level1: String, level2: String) throws {
        let file = try CommandFile.parse(contents: Self.model + "output:report.txt\nresfil1:y\nresfil1name:res1.csv\n"
                                         + "resfil2:y\nresfil2name:/tmp/res2.csv\n", path: path)
        #expect(file.outputPath == output)
        #expect(file.level1ResidualFile == level1)
        #expect(file.level2ResidualFile == level2)
    }

    @Test("hlm fit reads a command file with a BOM and writes its output: beside it; --help says flags win")
    func cli() throws {
        let hsb = Array((ExampleData.text("hsb1.csv") ?? "").utf8)
        let command = [0xEF, 0xBB, 0xBF] + Array((Self.model + "output:report.txt\n").utf8)
        let (result, folder) = try InputFiles.run(["fit", "hsb1.csv", "--id", "ID", "--command", "models/m.hlm"],
                                                  files: ["hsb1.csv": hsb, "models/m.hlm": command])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("models/report.txt").path))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("report.txt").path))
        let help = try CLIRunner.run(["fit", "--help"])
        #expect(help.stdout.contains("Options on the command line override the command file's settings"))
    }

    @Test("A delimiter: line is refused: HLM has no such keyword, so the delimiter is a command-line option only")
    func noDelimiterKeyword() throws {
        let (result, _) = try InputFiles.run(["fit", "l1.csv", "--id", "ID", "--command", "m.hlm"],
                                             files: ["l1.csv": Array("ID,MATHACH\n1,2\n".utf8),
                                                     "m.hlm": Array((Self.model + "delimiter:;\n").utf8)])
        #expect(result.status == 64)
        #expect(result.stderr.contains("unknown keyword delimiter on line 3 of m.hlm"))
    }
}
