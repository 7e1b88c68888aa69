/// The cell texts that mean "missing": empty, `NA`, `.` and the user's codes, all compared trimmed.
struct MissingValueCodes {
    /// The codes that are always missing, besides the empty cell.
    static let standard: Set<String> = ["NA", "."]

    private let codes: Set<String>
    private let codeBytes: [[UInt8]]
    /// The longest code's length in bytes: a longer cell (most numbers) is not missing.
    private let longest: Int
    /// Whether some code has a digit, so that a cell reading as a number may still be missing (`-99`).
    let mayMatchNumbers: Bool

    /// Creates the set from the user's codes (trimmed) plus the standard ones.
    init(_ userCodes: Set<String>) {
        codes = Self.standard.union(userCodes.map(\.trimmed)).union([""])
        codeBytes = codes.map { Array($0.utf8) }
        longest = codeBytes.map(\.count).max() ?? 0
        mayMatchNumbers = codeBytes.contains { $0.contains { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") } }
    }

    /// Whether `text` (trimmed) is a missing-value code.
    func contains(_ text: String) -> Bool {
        codes.contains(text.trimmed)
    }

    /// Whether `text`, already trimmed, is a missing-value code.
    func containsTrimmed(_ text: String) -> Bool {
        codes.contains(text)
    }

    /// Whether the trimmed cell `bytes[start ..< end]` is a missing-value code.
    func contains(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Bool {
        let length = end - start
        guard length <= longest else { return false }
        return codeBytes.contains { code in
            code.count == length && code.indices.allSatisfy { code[$0] == bytes[start + $0] }
        }
    }
}
