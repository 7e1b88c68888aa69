/// The kind of failure behind an error, which decides the CLI's exit status.
///
/// Exit statuses (documented in docs/ERRORS.md): 0 success (with or without warnings),
/// 64 usage error, 65 data or model error, 70 numerical failure.
public enum ErrorCategory: Sendable {
    /// The command line or command file is malformed (exit 64).
    case usage
    /// The data files or the model do not fit together (exit 65).
    case data
    /// The estimation failed numerically (exit 70).
    case numerical

    /// The process exit status for this category.
    package var exitStatus: Int32 {
        switch self {
        case .usage: return 64
        case .data: return 65
        case .numerical: return 70
        }
    }
}

/// An error that HLMKit reports to a user: a message saying what was expected, what was found,
/// where (file, line, column, keyword or variable) and how to fix it.
public protocol HLMError: Error, CustomStringConvertible, Sendable {
    /// What kind of failure this is (decides the exit status).
    var category: ErrorCategory { get }
}
