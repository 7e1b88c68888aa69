import Foundation

/// The repository's Markdown pages: README.md, docs/*.md and the DocC articles of HLMKit.
enum DocumentationPages {
    /// Every page, as URLs inside `packageRoot`.
    static func all() throws -> [URL] {
        let folders = ["docs", "Sources/HLMKit/HLMKit.docc"].map { packageRoot.appendingPathComponent($0) }
        let pages = try folders.flatMap { folder in
            try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
                .filter { $0.pathExtension == "md" }
        }
        return [packageRoot.appendingPathComponent("README.md")] + pages.sorted { $0.path < $1.path }
    }

    /// `url`'s path relative to the package root, for messages.
    static func name(_ url: URL) -> String {
        String(url.path.dropFirst(packageRoot.path.count + 1))
    }
}

/// A fenced code block that an HTML comment on the line before marks as generated, e.g.
///
///     <!-- program-output: hlm example hsb-null | from Final estimation -->
///     ```
///     ...
///     ```
///
/// `kind` is the comment's first word (`program-output`, `snippet`), `source` the rest.
struct MarkedBlock {
    /// What generates the block.
    var kind: String
    /// The command or file (with options) that the block is generated from.
    var source: String
    /// The block's lines between the fences.
    var body: [String]
    /// The index of the first body line in the page's lines.
    var firstLine: Int

    /// The marked blocks of `lines` (a page split at line feeds), of every kind.
    static func all(in lines: [String]) -> [MarkedBlock] {
        var blocks: [MarkedBlock] = []
        for (index, line) in lines.enumerated() {
            guard let match = line.wholeMatch(of: /<!-- ([a-z-]+): (.+) -->/), index + 1 < lines.count,
                  lines[index + 1].hasPrefix("```") else { continue }
            let end = lines[(index + 2)...].firstIndex(of: "```") ?? lines.count
            blocks.append(MarkedBlock(kind: String(match.1), source: String(match.2),
                                      body: Array(lines[(index + 2)..<end]), firstLine: index + 2))
        }
        return blocks
    }

    /// `lines` with each block's body replaced by `replacement(block)`.
    static func rewriting(_ lines: [String], _ replacement: (MarkedBlock) throws -> [String]) rethrows -> [String] {
        var result = lines
        for block in all(in: lines).reversed() {
            result.replaceSubrange(block.firstLine..<(block.firstLine + block.body.count), with: try replacement(block))
        }
        return result
    }
}

/// Whether tests rewrite stored expectations (report snapshots, generated documentation blocks) instead of
/// comparing with them: `HLM_RECORD_SNAPSHOTS=1`.
var recordingSnapshots: Bool { ProcessInfo.processInfo.environment["HLM_RECORD_SNAPSHOTS"] == "1" }

/// The words of a command line as a POSIX shell splits it, for the simple lines documentation shows:
/// blanks separate words, double or single quotes group them, a backslash escapes the next character and
/// `#` at the start of a word begins a comment.
func shellWords(_ line: String) -> [String] {
    var words: [String] = []
    var current = ""
    var inWord = false
    var quote: Character?
    var escaped = false
    for character in line {
        if escaped {
            current.append(character)
            escaped = false
        } else if character == "\\" && quote != "'" {
            escaped = true
            inWord = true
        } else if let open = quote {
            if character == open { quote = nil } else { current.append(character) }
        } else if character == "#" && !inWord {
            break
        } else if character == "\"" || character == "'" {
            quote = character
            inWord = true
        } else if character == " " || character == "\t" || character == "\n" {
            if inWord { words.append(current) }
            current = ""
            inWord = false
        } else {
            current.append(character)
            inWord = true
        }
    }
    if inWord { words.append(current) }
    return words
}
