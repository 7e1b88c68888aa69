import Foundation
import Testing
@testable import HLMKit

/// Inputs that are not data files at all: endless or binary streams, huge fields, invisible characters.
/// Each run must end quickly with a data error that quotes a bounded, visible piece of the input (issue 11,
/// issue 12).
@Suite("Reliability: hostile inputs")
struct HostileInputTests {
    @Test("/dev/zero as the data file, the command file or a JSON to compare is refused at once", arguments: [
        (["fit", "/dev/zero", "--id", "ID", "--model", "Y = INTRCPT1"], "line 1 contains a NUL byte"),
        (["fit", "l1.csv", "--id", "ID", "--command", "/dev/zero"], "cannot read the command file /dev/zero: line 1"),
        (["compare", "/dev/zero", "/dev/zero"], "cannot read /dev/zero"),
    ])
    func devZero(arguments: [String], message: String) throws {
        let start = Date()
        let (result, _) = try InputFiles.run(arguments, files: ["l1.csv": Array("ID,Y\n1,2\n".utf8)])
        #expect(result.status == 65)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(Date().timeIntervalSince(start) < 30)
    }

    @Test("A stream with no line end is refused after 64 MiB, not read until memory runs out")
    func endlessLine() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "head -c 70000000 /dev/zero | tr '\\000' a | timeout 60 \"$0\" fit /dev/stdin --id ID "
                             + "--model 'Y = INTRCPT1' 2>&1 >/dev/null", try CLIRunner.executable().path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 65)
        #expect(text.contains("line 1 goes on past 64 MiB without a line end"), "\(text)")
    }

    @Test("A huge value is quoted cut to 80 characters with its length; invisible characters are escaped")
    func quotedInput() throws {
        let huge = String(repeating: "a", count: 1_000_000)
        let (result, _) = try InputFiles.run(["fit", "l1.csv", "--id", "ID", "--model", "Y = INTRCPT1 + X"],
                                             files: ["l1.csv": Array("ID,Y,X\n1,\(huge),1\n".utf8)])
        #expect(result.status == 65)
        #expect(result.stderr.contains("'" + String(repeating: "a", count: 80) + "… (1,000,000 characters)'"))
        #expect(result.stderr.utf8.count < 1_000)
        let (hidden, _) = try InputFiles.run(["fit", "l1.csv", "--id", "ID", "--model", "Y = INTRCPT1"],
                                             files: ["l1.csv": Array("I\u{200B}D,Y\n1,2\n".utf8)])
        #expect(hidden.status == 65)
        #expect(hidden.stderr.contains("Available columns: I\\u{200B}D, Y"), "\(hidden.stderr)")
        let (equation, _) = try InputFiles.run(["fit", "l1.csv", "--id", "ID", "--model", "Y = INTRCPT1 + X\u{200B}"],
                                               files: ["l1.csv": Array("ID,Y,X\n1,2,3\n".utf8)])
        #expect(equation.status == 64)
        #expect(equation.stderr.contains("unexpected `\\u{200B}` at column 17"), "\(equation.stderr)")
        let caret = "  Y = INTRCPT1 + X\\u{200B}\n" + String(repeating: " ", count: 18) + "^"
        #expect(equation.stderr.contains(caret), "\(equation.stderr)")
    }

    @Test("Messages show invisible and non-printing characters escaped", arguments: [
        ("\u{FEFF}ID", "\\u{FEFF}ID"), ("a\u{200B}b", "a\\u{200B}b"), ("tab\there", "tab\there"), ("line\nend", "line\\u{A}end"),
        ("caf\u{FFFD}", "caf\\u{FFFD}"), ("é ü", "é ü"), ("nbsp\u{00A0}", "nbsp\\u{A0}"),
    ])
    func escaped(text: String, shown: String) {
        #expect(text.shownInMessage == shown)
    }
}
