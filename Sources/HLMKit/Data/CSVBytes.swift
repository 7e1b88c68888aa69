import HLMPlatform

/// The bytes of a delimited text file, immutable and shared by the copies of a `CSVTable`: the file mapped in
/// place (a regular file), or a buffer of its own (bytes given in memory, a stream, a file whose CR-only line
/// ends were rewritten).
///
/// A mapped file's pages are dropped from the process's memory behind each pass over it (`release`), so that
/// reading a large file holds the columns asked for, not the file's text.
final class CSVBytes: @unchecked Sendable {
    /// The bytes; valid while the object lives.
    let buffer: UnsafeBufferPointer<UInt8>
    private let mapping: MappedFile?

    /// The bytes of a mapped file.
    init(mapping: MappedFile) {
        self.mapping = mapping
        buffer = mapping.bytes
    }

    /// A copy of `bytes`.
    init(_ bytes: some Collection<UInt8>) {
        let storage = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: bytes.count)
        _ = storage.initialize(from: bytes)
        mapping = nil
        buffer = UnsafeBufferPointer(storage)
    }

    deinit {
        if mapping == nil { UnsafeMutableBufferPointer(mutating: buffer).deallocate() }
    }

    /// Lets the pages of `buffer[start ..< end]` go from resident memory (a mapped file only; they are read
    /// again from the page cache when touched).
    func release(from start: Int, to end: Int) {
        mapping?.release(from: start, to: end)
    }
}
