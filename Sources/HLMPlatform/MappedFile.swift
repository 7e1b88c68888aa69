#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A regular file mapped read-only into memory (`mmap`), so that a large data file is read in place: no copy
/// into a buffer of its size, and pages that a reader has finished with can be dropped from the process's
/// resident memory (`release(from:to:)`) and are read again from the page cache if touched later.
package final class MappedFile: @unchecked Sendable {
    /// The file's bytes; valid while the object lives.
    package let bytes: UnsafeBufferPointer<UInt8>
    /// The mapping's slot in `TruncationGuard`, which turns reading past the end of a file truncated meanwhile
    /// into a message naming it.
    private let guardSlot: Int?

    private init(bytes: UnsafeBufferPointer<UInt8>, path: String) {
        self.bytes = bytes
        guardSlot = TruncationGuard.register(bytes, path: path)
    }

    deinit {
        if let guardSlot { TruncationGuard.release(guardSlot) }
        munmap(UnsafeMutableRawPointer(mutating: bytes.baseAddress!), bytes.count)
    }

    /// The regular, non-empty file at `path` mapped read-only; nil for anything that cannot be mapped (an empty
    /// file, a device, a pipe, a directory, a missing file, a failed `mmap`), which the caller then reads with
    /// `FileBytes.contents(atPath:)` for its messages.
    package static func map(path: String) -> MappedFile? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG, status.st_size > 0,
              let address = mmap(nil, Int(status.st_size), PROT_READ, MAP_PRIVATE, descriptor, 0),
              address != MAP_FAILED else { return nil }
        _ = madvise(address, Int(status.st_size), MADV_SEQUENTIAL)
        return MappedFile(bytes: UnsafeBufferPointer(start: address.assumingMemoryBound(to: UInt8.self),
                                                     count: Int(status.st_size)), path: path)
    }

    /// Drops the whole pages inside `bytes[start ..< end]` from the process's resident memory
    /// (`MADV_DONTNEED`): the bytes stay readable, from the page cache, but no longer count in the process's
    /// memory. A reader calls it behind itself as it goes through a large file.
    package func release(from start: Int, to end: Int) {
        let page = Self.pageSize
        let first = (start + page - 1) / page * page
        let last = min(end, bytes.count) / page * page
        guard last > first else { return }
        _ = madvise(UnsafeMutableRawPointer(mutating: bytes.baseAddress! + first), last - first, MADV_DONTNEED)
    }

    private static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))

    /// The offset of the first byte equal to `value` in `bytes[start ..< end]` (`memchr`), or nil.
    package static func firstIndex(of value: UInt8, in bytes: UnsafeBufferPointer<UInt8>, from start: Int,
                                   to end: Int) -> Int? {
        guard end > start, let base = bytes.baseAddress,
              let found = memchr(base + start, Int32(value), end - start) else { return nil }
        return UnsafeRawPointer(found) - UnsafeRawPointer(base)
    }
}
