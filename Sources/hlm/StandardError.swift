import HLMKit
import HLMPlatform

// Telling the user on standard error: what went wrong (with the exit status of its kind), and warnings.

/// Runs `body`, printing an `HLMError` to standard error and exiting with its category's status.
/// Standard output is checked first (`StandardOutput.guardClosedDescriptor`).
func reportingErrors(_ body: () throws -> Void) throws {
    StandardOutput.guardClosedDescriptor()
    do {
        try body()
    } catch let error as HLMError {
        writeToStandardError("error: \(error.description)\n")
        throw ExitStatus(status: error.category.exitStatus)
    }
}

/// Writes `text` to standard error at once (unbuffered), so that it comes out even if the process then exits.
func writeToStandardError(_ text: String) {
    try? FileBytes.writeAll(Array(text.utf8), to: FileDescriptors.standardError)
}
