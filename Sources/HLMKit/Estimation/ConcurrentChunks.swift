import Dispatch
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Runs `body(chunk, range)` over contiguous chunks of 0..<count on all cores and returns the chunk results
/// in order. The same `count` always gives the same chunks, so a second pass can find a first pass's
/// per-chunk results by chunk index.
///
/// Used for the per-unit passes of the likelihood: units are independent, each chunk accumulates its own
/// sums, and the caller adds the chunk sums in chunk order. The chunks depend only on `count` (at most 64
/// of at least `minimumChunk` units), not on the number of cores or on scheduling, so the floating-point
/// sums, and the estimates, are the same on every machine. `body` must not mutate shared state.
func concurrentChunks<T>(_ count: Int, minimumChunk: Int = 256, _ body: (Int, Range<Int>) -> T) -> [T] {
    let chunks = max(1, min(64, count / minimumChunk))
    if chunks == 1 || processorCount == 1 {
        return (0..<chunks).map { body($0, (count * $0 / chunks)..<(count * ($0 + 1) / chunks)) }
    }
    var results = [T?](repeating: nil, count: chunks)
    withoutActuallyEscaping(body) { body in
        results.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let out = buffer
            nonisolated(unsafe) let work = body
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                out[chunk] = work(chunk, (count * chunk / chunks)..<(count * (chunk + 1) / chunks))
            }
        }
    }
    return results.map { $0! }
}

/// Runs `first` and `second` at once, `first` on another core when there is one, and returns both results
/// (or the first error, `first`'s before `second`'s). Each closure runs sequentially in itself, so what
/// they compute does not depend on scheduling. They must not mutate shared state.
func concurrently<A, B>(_ first: () throws -> A, _ second: () throws -> B) throws -> (A, B) {
    guard processorCount > 1 else { return (try first(), try second()) }
    var results: (Result<A, any Error>?, Result<B, any Error>?) = (nil, nil)
    withoutActuallyEscaping(first) { first in
        withoutActuallyEscaping(second) { second in
            withUnsafeMutablePointer(to: &results) { pointer in
                nonisolated(unsafe) let (one, two, out) = (first, second, pointer)
                DispatchQueue.concurrentPerform(iterations: 2) { index in
                    if index == 0 { out.pointee.0 = Result { try one() } } else { out.pointee.1 = Result { try two() } }
                }
            }
        }
    }
    return (try results.0!.get(), try results.1!.get())
}

/// The number of cores available, read once (Foundation reads it from the cgroup files on every call).
private let processorCount = ProcessInfo.processInfo.activeProcessorCount
