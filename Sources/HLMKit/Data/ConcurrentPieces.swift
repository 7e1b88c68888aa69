import Dispatch

/// Runs `body(piece)` for the pieces 0..<count of a file on all cores (GCD's `concurrentPerform`) and returns
/// their results in piece order; one piece runs on the calling thread. Each piece works on its own part of
/// the bytes and writes only its own part of any output, so the result does not depend on scheduling.
func concurrentPieces<T>(_ count: Int, _ body: (Int) -> T) -> [T] {
    guard count > 1 else { return (0..<count).map(body) }
    var results = [T?](repeating: nil, count: count)
    withoutActuallyEscaping(body) { body in
        results.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let out = buffer
            nonisolated(unsafe) let work = body
            DispatchQueue.concurrentPerform(iterations: count) { piece in out[piece] = work(piece) }
        }
    }
    return results.map { $0! }
}
