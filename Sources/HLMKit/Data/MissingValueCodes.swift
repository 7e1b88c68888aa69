/// The cells that mean "missing": empty, `NA`, `.` and the user's codes. Codes are compared with the
/// trimmed cell as text, and a code that is a number also by value (`-99` matches `-99.0` and `-9.9e1`).
struct MissingValueCodes {
    /// The codes that are always missing, besides the empty cell.
    static let standard: Set<String> = ["NA", "."]
    /// What `match` returns for the empty cell and the standard codes (which are not counted).
    static let standardCode = -1

    /// The user's codes, trimmed, in sorted order; `match` returns an index into it.
    let userCodes: [String]
    /// Every code as bytes, with its index in `userCodes` (or `standardCode`).
    private let texts: [(bytes: [UInt8], code: Int)]
    /// The longest code's length in bytes: a longer cell does not match as text.
    private let longest: Int
    /// The user's codes that are numbers, with their index in `userCodes`.
    private let numbers: [(value: Double, code: Int)]

    /// Creates the set from the user's codes (trimmed) plus the standard ones.
    init(_ userCodes: Set<String>) {
        let user = Set(userCodes.map(\.trimmed)).subtracting(Self.standard.union([""])).sorted()
        self.userCodes = user
        texts = (Self.standard.sorted() + [""]).map { (Array($0.utf8), Self.standardCode) }
            + user.enumerated().map { (Array($0.element.utf8), $0.offset) }
        longest = texts.map(\.bytes.count).max() ?? 0
        numbers = user.enumerated().compactMap { code, text in
            DecimalParser.parse(text).flatMap { $0.isFinite ? (value: $0, code: code) : nil }
        }
    }

    /// Whether `text` (trimmed) is a missing-value code, as text or by value.
    func contains(_ text: String) -> Bool {
        let trimmed = text.trimmed
        return texts.contains { $0.bytes.elementsEqual(trimmed.utf8) }
            || DecimalParser.parse(trimmed).map { match(value: $0) != nil } == true
    }

    /// The code the trimmed cell `bytes[start ..< end]` is as text (`standardCode` for empty, `NA`, `.`),
    /// or nil.
    func match(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int? {
        let length = end - start
        guard length <= longest else { return nil }
        return texts.first { code in
            code.bytes.count == length && code.bytes.indices.allSatisfy { code.bytes[$0] == bytes[start + $0] }
        }?.code
    }

    /// Whether a user code is a number (`match(value:)` can match).
    var hasNumberCodes: Bool { !numbers.isEmpty }

    /// The user's code whose number equals `value`, or nil.
    @inline(__always)
    func match(value: Double) -> Int? {
        if numbers.isEmpty { return nil }
        return numbers.first { $0.value == value }?.code
    }
}
