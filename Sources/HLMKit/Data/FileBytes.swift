#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole files in and out with plain POSIX calls: one `open`, one `fstat` and `read`s for a file read, no
/// walk over the path's components (Foundation's file API stats every component of the path).
public enum FileBytes {
    /// Why a file could not be read or written.
    public enum Failure: Error, CustomStringConvertible {
        /// Nothing exists at the path (`ENOENT`, or a component of the path is not a directory).
        case notFound
        /// The path names a directory.
        case isDirectory
        /// Another failure of the system call; `reason` is the system's message (`strerror`).
        case system(reason: String)

        /// The failure for a message: "no such file", "it is a directory" or the system's message.
        public var description: String {
            switch self {
            case .notFound: return "no such file"
            case .isDirectory: return "it is a directory"
            case let .system(reason): return reason
            }
        }
    }

    /// The whole content of the file at `path`.
    ///
    /// Reads until the end of the file, so a file that is still growing or a pipe is read whole too.
    ///
    /// - Throws: `Failure.notFound`, `.isDirectory`, or `.system` when opening or reading fails otherwise.
    public static func contents(atPath path: String) throws(Failure) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw errno == ENOENT || errno == ENOTDIR ? .notFound : .system(reason: systemMessage())
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw .system(reason: systemMessage()) }
        guard status.st_mode & S_IFMT != S_IFDIR else { throw .isDirectory }
        // One byte more than the size, so that a file of the stated size is read without growing the buffer.
        var bytes = [UInt8](repeating: 0, count: Int(status.st_size) + 1)
        var count = 0
        while true {
            if count == bytes.count { bytes.append(contentsOf: repeatElement(0, count: bytes.count)) }
            let result = bytes.withUnsafeMutableBytes { buffer in
                read(descriptor, buffer.baseAddress! + count, buffer.count - count)
            }
            if result > 0 {
                count += result
            } else if result == 0 {
                break
            } else if errno != EINTR {
                throw .system(reason: systemMessage())
            }
        }
        bytes.removeSubrange(count...)
        return bytes
    }

    /// Writes all of `bytes` to the open file `descriptor`, continuing after short and interrupted writes.
    ///
    /// - Throws: `Failure.system` when a write fails.
    public static func writeAll(_ bytes: [UInt8], to descriptor: Int32) throws(Failure) {
        var offset = 0
        while offset < bytes.count {
            let result = bytes.withUnsafeBytes { buffer in
                write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if result > 0 {
                offset += result
            } else if result == 0 || errno != EINTR {
                throw .system(reason: systemMessage())
            }
        }
    }

    /// The system's message for the current `errno`.
    static func systemMessage() -> String {
        String(cString: strerror(errno))
    }
}
