#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Transparent huge pages for large arrays about to be written for the first time.
package enum HugePages {
    /// 2 MiB, the huge-page size of x86-64 and of arm64 with 4 KiB base pages.
    private static let size = 2 << 20

    /// Asks the kernel (`madvise(MADV_HUGEPAGE)`) to back the whole 2 MiB pages inside the `byteCount` bytes at
    /// `start` with huge pages, before they are first touched: writing N numbers into fresh memory then costs
    /// one page fault per 2 MiB instead of one per 4 KiB (on Linux with transparent huge pages in `madvise`
    /// mode; elsewhere, or for less than two huge pages, nothing happens). The bytes and their values are
    /// unchanged: this is advice on how to back them.
    package static func advise(_ start: UnsafeMutableRawPointer, byteCount: Int) {
        #if os(Linux)
        guard byteCount >= 2 * size else { return }
        let address = UInt(bitPattern: start)
        let first = (address + UInt(size) - 1) / UInt(size) * UInt(size)
        let last = (address + UInt(byteCount)) / UInt(size) * UInt(size)
        guard last > first, let pointer = UnsafeMutableRawPointer(bitPattern: first) else { return }
        _ = madvise(pointer, Int(last - first), MADV_HUGEPAGE)
        #endif
    }
}
