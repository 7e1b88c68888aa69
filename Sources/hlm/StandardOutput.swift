import HLMKit
import HLMPlatform

/// Writing to standard output (and to other descriptors the process was started with) so that a failed write
/// is an error, not a silent loss: `hlm fit ... > /dev/full` and `hlm fit ... >&-` exit 65.
enum StandardOutput {
    /// Whether descriptor 1 was closed when the command started (`>&-`); it then holds `/dev/null`.
    nonisolated(unsafe) private static var closedAtStart = false

    /// Notes whether standard output is closed and, if so, opens `/dev/null` on descriptor 1, so that no file
    /// opened later takes descriptor 1 and receives the report. Call before opening any file.
    static func guardClosedDescriptor() {
        guard !FileDescriptors.isOpen(FileDescriptors.standardOutput) else { return }
        closedAtStart = true
        FileDescriptors.openNullDevice(on: FileDescriptors.standardOutput)
    }

    /// The name of `descriptor` in messages: "standard output" for 1, "standard error" for 2, else "/dev/fd/N".
    static func name(_ descriptor: Int32) -> String {
        switch descriptor {
        case FileDescriptors.standardOutput: return "standard output"
        case FileDescriptors.standardError: return "standard error"
        default: return "/dev/fd/\(descriptor)"
        }
    }

    /// Checks that `descriptor` is open for writing.
    ///
    /// - Throws: `CLIError.cannotWrite` naming the descriptor when it is closed or read-only.
    static func checkWritable(_ descriptor: Int32) throws {
        let access = FileDescriptors.access(descriptor)
        guard access != .closed, !(descriptor == FileDescriptors.standardOutput && closedAtStart) else {
            throw CLIError.cannotWrite(path: name(descriptor), reason: "it is closed")
        }
        guard access != .readOnly else {
            throw CLIError.cannotWrite(path: name(descriptor), reason: "it is open for reading only")
        }
    }

    /// Writes `text` to `descriptor` (standard output by default).
    ///
    /// - Throws: `CLIError.cannotWrite` when the descriptor is closed or a write fails (a full disk, `/dev/full`).
    static func write(_ text: String, to descriptor: Int32 = FileDescriptors.standardOutput) throws {
        try checkWritable(descriptor)
        do throws(FileBytes.Failure) {
            try FileBytes.writeAll(Array(text.utf8), to: descriptor)
        } catch {
            throw CLIError.cannotWrite(path: name(descriptor), reason: error.description)
        }
    }
}
