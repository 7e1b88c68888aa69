import Dispatch
import HLMPlatform

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

/// The number of cores online, read once. (Not Foundation's `activeProcessorCount`, which parses the cgroup
/// files: see docs/SPEED.md.)
private let processorCount = SystemInfo.onlineProcessorCount()
