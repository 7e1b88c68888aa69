import Dispatch

/// Runs `body(index)` for every index of 0..<count at once on the machine's cores (GCD's
/// `concurrentPerform`, which runs as many at a time as there are cores) and returns the results in index
/// order. The M fits of a combined analysis are independent, so they run side by side; each fit's own
/// per-unit passes (`concurrentChunks`) share the same thread pool. A failure is rethrown after every index
/// has run: the error of the lowest failing index, so that the message does not depend on scheduling.
func concurrentResults<T: Sendable>(_ count: Int, _ body: @Sendable (Int) throws -> T) throws -> [T] {
    var results = [Result<T, any Error>?](repeating: nil, count: count)
    results.withUnsafeMutableBufferPointer { buffer in
        nonisolated(unsafe) let out = buffer
        DispatchQueue.concurrentPerform(iterations: count) { index in
            out[index] = Result { try body(index) }
        }
    }
    return try results.map { try $0!.get() }
}
