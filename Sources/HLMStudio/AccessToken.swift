/// The studio's secret: a random token in the URL it prints, without which every request is refused.
package struct AccessToken: Sendable, CustomStringConvertible {
    /// The token as written in the URL: 32 random bytes as 64 lower-case hexadecimal digits.
    package let text: String

    /// A new token from the system's cryptographically secure generator (`SystemRandomNumberGenerator`:
    /// getrandom(2) on Linux, arc4random on Apple systems).
    package init() {
        var generator = SystemRandomNumberGenerator()
        text = (0..<32).map { _ in
            let byte = UInt8.random(in: .min ... .max, using: &generator)
            return (byte < 16 ? "0" : "") + String(byte, radix: 16)
        }.joined()
    }

    /// A given token (the tests' fixed one).
    package init(text: String) {
        self.text = text
    }

    /// Whether `candidate` is this token, in time that depends on the candidate's length only: every byte is
    /// compared (the differences OR-ed together), so the response time does not tell how many leading
    /// characters of a guess were right.
    package func matches(_ candidate: Substring) -> Bool {
        let expected = Array(text.utf8), given = Array(candidate.utf8)
        var difference = UInt8(expected.count == given.count ? 0 : 1)
        for index in given.indices {
            difference |= given[index] ^ expected[index % max(expected.count, 1)]
        }
        return difference == 0 && !expected.isEmpty
    }

    package var description: String { text }
}
