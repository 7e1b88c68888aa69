#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The descriptors a process was started with: their numbers, whether one is open and for what, and the null
/// device put on a closed one (`fcntl`, `open`, `dup2`).
package enum FileDescriptors {
    /// Standard output, descriptor 1.
    package static let standardOutput = STDOUT_FILENO
    /// Standard error, descriptor 2.
    package static let standardError = STDERR_FILENO

    /// What a descriptor allows.
    package enum Access: Equatable {
        case closed, readOnly, writable
    }

    /// Whether `descriptor` is open.
    package static func isOpen(_ descriptor: Int32) -> Bool {
        fcntl(descriptor, F_GETFD) != -1
    }

    /// Whether `descriptor` is closed, open for reading only, or open for writing.
    package static func access(_ descriptor: Int32) -> Access {
        let flags = fcntl(descriptor, F_GETFL)
        guard flags != -1 else { return .closed }
        return flags & O_ACCMODE == O_RDONLY ? .readOnly : .writable
    }

    /// Opens the null device on the closed `descriptor`, so that no file opened later takes that number. When a
    /// lower descriptor is closed too (standard input), the null device stays open there as well.
    package static func openNullDevice(on descriptor: Int32) {
        let opened = open("/dev/null", O_WRONLY)
        guard opened >= 0, opened != descriptor else { return }
        dup2(opened, descriptor)
        if opened > standardError { close(opened) }
    }
}
