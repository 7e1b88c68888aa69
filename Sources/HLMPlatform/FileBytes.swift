#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole files in and out with plain POSIX calls: one `open`, one `fstat` and `read`s for a file read, no
/// walk over the path's components (Foundation's file API stats every component of the path). Files are open
/// descriptors (`Int32`) between `openForWriting(_:_:)` and `closeDescriptor(_:)`.
package enum FileBytes {
    /// Why a file could not be read or written.
    package enum Failure: Error, CustomStringConvertible {
        /// Nothing exists at the path (`ENOENT`, or a component of the path is not a directory).
        case notFound
        /// The path names a directory.
        case isDirectory
        /// Another failure of the system call; `reason` is the system's message (`strerror`).
        case system(reason: String)
        /// A stream (a device, a pipe) held a NUL byte, so it is not text; `line` is the 1-based line of the
        /// first one. Reading stopped there.
        case binary(line: Int)
        /// A stream (a device, a pipe) went on past `limit` bytes, or past `lineLimit` bytes without a line end.
        case tooLarge(limit: Int, line: Int?)

        /// The failure for a message: "no such file", "it is a directory" or the system's message.
        package var description: String {
            switch self {
            case .notFound: return "no such file"
            case .isDirectory: return "it is a directory"
            case let .system(reason): return reason
            case let .binary(line): return "line \(line) contains a NUL byte, so it is not text"
            case let .tooLarge(limit, nil):
                return "it is not a regular file and goes on past \(limit / (1 << 20)) MiB"
            case let .tooLarge(limit, line?):
                return "line \(line) goes on past \(limit / (1 << 20)) MiB without a line end"
            }
        }
    }

    /// The most read from a file that is not a regular file (a device such as `/dev/zero`, a pipe, a FIFO).
    package static let streamLimit = 1 << 30
    /// The longest line accepted from a stream: a stream with no line end for this long is not a text file.
    package static let streamLineLimit = 64 << 20

    /// The whole content of the file at `path`.
    ///
    /// Reads until the end of the file, so a file that is still growing is read whole too. A file that is
    /// not a regular file (`/dev/zero`, a pipe) is read in chunks that are checked as they arrive: reading
    /// stops at a NUL byte, after `streamLimit` bytes or at a line longer than `streamLineLimit`, so that an
    /// endless stream is refused instead of read until memory runs out.
    ///
    /// - Throws: `Failure.notFound`, `.isDirectory`, `.binary` or `.tooLarge` (streams only), or `.system`
    ///   when opening or reading fails otherwise.
    package static func contents(atPath path: String) throws(Failure) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw errno == ENOENT || errno == ENOTDIR ? .notFound : .system(reason: systemMessage())
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw .system(reason: systemMessage()) }
        guard status.st_mode & S_IFMT != S_IFDIR else { throw .isDirectory }
        var stream = status.st_mode & S_IFMT == S_IFREG ? nil : StreamCheck()
        // One byte more than the size, so that a file of the stated size is read without growing the buffer.
        var bytes = [UInt8](repeating: 0, count: Int(status.st_size) + 1)
        var count = 0
        while true {
            if count == bytes.count { bytes += [UInt8](repeating: 0, count: bytes.count) }
            // A stream is read in chunks of at most 1 MiB, each checked before the next is read.
            let chunk = stream == nil ? Int.max : 1 << 20
            let result = bytes.withUnsafeMutableBytes { buffer in
                read(descriptor, buffer.baseAddress! + count, min(buffer.count - count, chunk))
            }
            if result > 0 {
                try stream?.check(bytes, from: count, to: count + result)
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
    package static func writeAll(_ bytes: [UInt8], to descriptor: Int32) throws(Failure) {
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

    /// How `openForWriting(_:_:)` treats the file at the path.
    package enum WriteMode {
        /// Creates the file (mode 0644 less the umask), refusing one that exists (`O_EXCL`).
        case createNew
        /// Creates the file (mode 0644 less the umask) or empties the one there.
        case replace
        /// Empties the file or opens the device that exists there; creates nothing.
        case existing
    }

    /// A descriptor open for writing on `path`, closed on `exec`.
    ///
    /// - Throws: `Failure.system` with the system's message when the path cannot be opened so.
    package static func openForWriting(_ path: String, _ mode: WriteMode) throws(Failure) -> Int32 {
        let descriptor = switch mode {
        case .createNew: open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        case .replace: open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        case .existing: open(path, O_WRONLY | O_TRUNC | O_CLOEXEC)
        }
        guard descriptor >= 0 else { throw .system(reason: systemMessage()) }
        return descriptor
    }

    /// Closes `descriptor`.
    ///
    /// - Throws: `Failure.system` when the system reports an error (a delayed write failing).
    package static func closeDescriptor(_ descriptor: Int32) throws(Failure) {
        guard close(descriptor) == 0 else { throw .system(reason: systemMessage()) }
    }

    /// Writes `bytes` to `path`, an existing file or a device (`WriteMode.existing`), and closes it.
    ///
    /// - Throws: `Failure.system` when opening, writing or closing fails.
    package static func overwrite(existing path: String, with bytes: [UInt8]) throws(Failure) {
        let descriptor = try openForWriting(path, .existing)
        do throws(Failure) {
            try writeAll(bytes, to: descriptor)
        } catch {
            close(descriptor)
            throw error
        }
        try closeDescriptor(descriptor)
    }

    /// The 1-based line of byte `offset` of `bytes` (LF ends a line).
    package static func line(ofOffset offset: Int, in bytes: [UInt8]) -> Int {
        bytes.withUnsafeBufferPointer { buffer in
            var line = 1, position = 0
            while position < offset, let found = memchr(buffer.baseAddress! + position, Int32(UInt8(ascii: "\n")),
                                                        offset - position) {
                line += 1
                position = UnsafeRawPointer(found) - UnsafeRawPointer(buffer.baseAddress!) + 1
            }
            return line
        }
    }

    /// The system's message for the current `errno`.
    package static func systemMessage() -> String {
        String(cString: strerror(errno))
    }
}

/// The checks on a stream's bytes as they are read (see `FileBytes.contents(atPath:)`), with `memchr` so that
/// they cost little even in a debug build.
private struct StreamCheck {
    /// Bytes since the last line end before the current chunk.
    private var lineLength = 0

    /// Checks `bytes[start ..< end]`, the chunk just read (at most 1 MiB, so a line too long always reaches
    /// past a chunk's end).
    mutating func check(_ bytes: [UInt8], from start: Int, to end: Int) throws(FileBytes.Failure) {
        guard end <= FileBytes.streamLimit else { throw .tooLarge(limit: FileBytes.streamLimit, line: nil) }
        let (nul, firstEnd, lastEnd) = bytes.withUnsafeBufferPointer { buffer in
            let base = buffer.baseAddress! + start, count = end - start
            let find = { (byte: UInt8) -> Int? in
                memchr(base, Int32(byte), count).map { UnsafeRawPointer($0) - UnsafeRawPointer(base) + start }
            }
            let lineEnds = [find(UInt8(ascii: "\n")), find(UInt8(ascii: "\r"))].compactMap { $0 }
            let isLineEnd = { (index: Int) in buffer[index] == UInt8(ascii: "\n") || buffer[index] == UInt8(ascii: "\r") }
            return (find(0), lineEnds.min(), lineEnds.isEmpty ? nil : (start..<end).last(where: isLineEnd))
        }
        if let nul { throw .binary(line: FileBytes.line(ofOffset: nul, in: bytes)) }
        guard lineLength + ((firstEnd ?? end) - start) <= FileBytes.streamLineLimit else {
            throw .tooLarge(limit: FileBytes.streamLineLimit, line: FileBytes.line(ofOffset: start, in: bytes))
        }
        lineLength = lastEnd.map { end - 1 - $0 } ?? lineLength + (end - start)
    }
}
