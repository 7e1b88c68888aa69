import Foundation
import Testing

/// Every block of README.md, docs/ and the DocC articles that claims to be what `hlm` prints is what it
/// prints, and every code snippet is the code a test runs.
///
/// Such a block is marked by a comment on the line before its opening fence:
///
///     <!-- program-output: hlm example hsb-heterogeneous-sigma2 | from RESULTS FOR HETEROGENEOUS -->
///     <!-- snippet: Tests/HLMKitTests/Docs/LibrarySnippetTests.swift library -->
///
/// The command runs in the package's root folder (so `data/hsb1.csv` can be named); `| from TEXT` keeps the
/// output from its first line starting with TEXT, `| to TEXT` up to (and with) the first line after that
/// starting with TEXT. A snippet is the marked part of a test file (`LibrarySnippetTests.snippet`). With
/// `HLM_RECORD_SNAPSHOTS=1` the blocks are rewritten from the program and the tests instead.
@Suite("documentation shows the program's output")
struct DocumentedOutputTests {
    @Test("marked blocks equal what the program prints and the code the tests run",
          arguments: try DocumentationPages.all())
    func markedBlocks(page: URL) throws {
        let text = try String(contentsOf: page, encoding: .utf8)
        let lines = text.components(separatedBy: "\n")
        let blocks = MarkedBlock.all(in: lines)
        let rewritten = try MarkedBlock.rewriting(lines) { block in
            let output = try Self.expected(block)
            if !recordingSnapshots && output != block.body {
                let common = min(output.count, block.body.count)
                let line = (0..<common).first { output[$0] != block.body[$0] } ?? common
                Issue.record("""
                    \(DocumentationPages.name(page)):\(block.firstLine + line + 1) differs from `\(block.source)`:
                      page:     \(line < block.body.count ? block.body[line] : "<end>")
                      expected: \(line < output.count ? output[line] : "<end>")
                    Re-record with HLM_RECORD_SNAPSHOTS=1 swift test --filter DocumentedOutputTests
                    """)
            }
            return output
        }
        if recordingSnapshots && rewritten != lines {
            try rewritten.joined(separator: "\n").write(to: page, atomically: true, encoding: .utf8)
            Issue.record("Rewrote \(blocks.count) blocks of \(DocumentationPages.name(page)); run again without HLM_RECORD_SNAPSHOTS")
        }
    }

    @Test("the README's quick tour shows the heterogeneous example's output")
    func readmeHasOutput() throws {
        let readme = try String(contentsOf: packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let sources = MarkedBlock.all(in: readme.components(separatedBy: "\n")).map(\.source)
        #expect(sources.contains { $0.hasPrefix("hlm example hsb-heterogeneous-sigma2") })
    }

    /// What `block` should hold.
    static func expected(_ block: MarkedBlock) throws -> [String] {
        switch block.kind {
        case "program-output": return try output(of: block.source)
        case "snippet": return try LibrarySnippetTests.snippet(block.source)
        default: throw DocumentedOutputError.unknownKind(block.kind)
        }
    }

    /// The lines `source` (`hlm ARGUMENTS [| from TEXT] [| to TEXT]`) selects from the program's standard
    /// output, without empty lines at the end.
    static func output(of source: String) throws -> [String] {
        let parts = source.components(separatedBy: " | ")
        let words = shellWords(parts[0])
        guard words.first == "hlm" else { throw DocumentedOutputError.notHLM(source) }
        let result = try CLIRunner.run(Array(words.dropFirst()), in: packageRoot)
        guard result.status == 0 else { throw DocumentedOutputError.failed(source, result.stderr) }
        var lines = result.stdout.components(separatedBy: "\n")
        while lines.last == "" { lines.removeLast() }
        for option in parts.dropFirst() {
            if let text = option.wholeMatch(of: /from (.+)/)?.1 {
                guard let start = lines.firstIndex(where: { $0.hasPrefix(text) }) else {
                    throw DocumentedOutputError.missingLine(source, String(text))
                }
                lines.removeFirst(start)
            } else if let text = option.wholeMatch(of: /to (.+)/)?.1 {
                guard let end = lines.dropFirst().firstIndex(where: { $0.hasPrefix(text) }) else {
                    throw DocumentedOutputError.missingLine(source, String(text))
                }
                lines.removeLast(lines.count - end - 1)
            } else {
                throw DocumentedOutputError.unknownOption(source, option)
            }
        }
        return lines
    }
}

/// Why a marked block's command could not give its output.
enum DocumentedOutputError: Error, CustomStringConvertible {
    case notHLM(String)
    case failed(String, String)
    case missingLine(String, String)
    case unknownOption(String, String)
    case unknownKind(String)

    var description: String {
        switch self {
        case let .notHLM(source): return "`\(source)` does not start with hlm"
        case let .failed(source, stderr): return "`\(source)` failed: \(stderr)"
        case let .missingLine(source, text): return "`\(source)` prints no line starting with \(text)"
        case let .unknownOption(source, option): return "`\(source)`: unknown option `\(option)` (from/to)"
        case let .unknownKind(kind): return "unknown block kind `\(kind)` (program-output/snippet)"
        }
    }
}
