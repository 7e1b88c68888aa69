#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Shell-style file name patterns (`imputed-*.csv`), expanded by the C library's `glob`.
package enum FilePattern {
    /// Whether `text` holds a pattern character (`*`, `?` or `[`).
    package static func isPattern(_ text: String) -> Bool {
        text.contains { $0 == "*" || $0 == "?" || $0 == "[" }
    }

    /// The paths matching `pattern`, in `glob`'s sorted (byte) order; empty when none matches.
    package static func expand(_ pattern: String) -> [String] {
        var matches = glob_t()
        defer { globfree(&matches) }
        guard glob(pattern, 0, nil, &matches) == 0 else { return [] }
        return (0..<Int(matches.gl_pathc)).compactMap { index in
            matches.gl_pathv[index].map { String(cString: $0) }
        }
    }
}
