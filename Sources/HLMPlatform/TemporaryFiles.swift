#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The temporary files a run is writing, removed if the run is interrupted by SIGINT, SIGTERM or SIGHUP
/// (they can be hundreds of megabytes). The signal handler only calls `unlink`, `signal` and `raise`, which are
/// async-signal-safe, on C strings registered beforehand.
package enum TemporaryFiles {
    /// Room for the outputs of one run (report, JSON and two residual files; or simulate's two files).
    private static let capacity = 16
    nonisolated(unsafe) private static let paths: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> = {
        let paths = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: capacity)
        paths.initialize(repeating: nil, count: capacity)
        return paths
    }()
    nonisolated(unsafe) private static var handlersInstalled = false

    /// Registers `path` for removal on a signal; false when all slots are taken (then the caller must not create
    /// the file).
    package static func register(_ path: String) -> Bool {
        installHandlers()
        guard let slot = (0..<capacity).first(where: { paths[$0] == nil }) else { return false }
        paths[slot] = strdup(path)
        return true
    }

    /// Stops watching `path` (after it was renamed into place or removed).
    package static func unregister(_ path: String) {
        for slot in 0..<capacity {
            guard let registered = paths[slot], String(cString: registered) == path else { continue }
            paths[slot] = nil
            free(registered)
        }
    }

    /// Installs the handler for each signal not ignored when the command started (`nohup` ignores SIGHUP, a
    /// shell's background job SIGINT), and unblocks those signals: a parent's blocked mask is inherited (test
    /// runners block most signals in their threads), and a blocked SIGTERM would leave the files behind.
    private static func installHandlers() {
        guard !handlersInstalled else { return }
        handlersInstalled = true
        var handled = sigset_t()
        sigemptyset(&handled)
        for signalNumber in [SIGINT, SIGTERM, SIGHUP] {
            let previous = signal(signalNumber, removeAndReraise)
            if let previous, unsafeBitCast(previous, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self) {
                signal(signalNumber, SIG_IGN)
            } else {
                sigaddset(&handled, signalNumber)
            }
        }
        sigprocmask(SIG_UNBLOCK, &handled, nil)
    }

    /// Removes the registered files, then dies of the same signal (so the exit status tells the signal).
    private static let removeAndReraise: @convention(c) (Int32) -> Void = { signalNumber in
        for slot in 0..<TemporaryFiles.capacity {
            if let path = TemporaryFiles.paths[slot] { unlink(path) }
        }
        signal(signalNumber, SIG_DFL)
        raise(signalNumber)
    }
}
