#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns the SIGBUS of a mapped data file that another program truncated while hlm reads it into a clear
/// message naming the file and exit status 65 (a data error), instead of a crash.
///
/// A mapped file's pages past its new end cannot be read: the kernel raises SIGBUS on the reading
/// instruction, which no check before the read can rule out (the file may shrink just after the check).
/// So `MappedFile` registers each mapping's address range with its message here, and a SIGBUS handler looks
/// up the faulting address: inside a registered range, it writes the message (`write(2)`, which a signal
/// handler may call) and ends the process with `_exit(65)`; anywhere else, it restores the default action
/// and returns, so that the signal, raised again, ends the process as before. Reading the file into memory
/// instead of mapping it would avoid the signal but hold the whole file's text in memory, which a 10M-row
/// file cannot afford.
package enum TruncationGuard {
    /// A registered range: `start ..< end` and its message, in memory the handler reads without allocating.
    package struct Slot {
        /// The first address of the mapping.
        package var start: UInt = 0
        /// The address after the mapping's last byte (0: a free slot).
        package var end: UInt = 0
        var message: UnsafeMutablePointer<UInt8>?
        var length = 0

        /// The message, as text.
        package var text: String {
            message.map { String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self) } ?? ""
        }
    }

    /// The most mappings guarded at once (hlm maps at most three data files); more are mapped unguarded.
    static let capacity = 32
    /// The slots, allocated once and never freed (the handler may read them at any time).
    nonisolated(unsafe) static let slots: UnsafeMutablePointer<Slot> = {
        let slots = UnsafeMutablePointer<Slot>.allocate(capacity: capacity)
        slots.initialize(repeating: Slot(), count: capacity)
        return slots
    }()
    /// Serialises registration (the handler only reads).
    nonisolated(unsafe) private static let lock: UnsafeMutablePointer<pthread_mutex_t> = {
        let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        pthread_mutex_init(lock, nil)
        return lock
    }()
    private static let installed: Bool = {
        #if canImport(Glibc)
        var action = sigaction()
        action.__sigaction_handler.sa_sigaction = { _, info, _ in
            let address = UInt(bitPattern: info?.pointee._sifields._sigfault.si_addr)
            if let slot = TruncationGuard.slot(containing: address), let message = slot.message {
                _ = write(2, message, slot.length)
                _exit(65)
            }
            signal(SIGBUS, SIG_DFL)
        }
        action.sa_flags = SA_SIGINFO
        sigemptyset(&action.sa_mask)
        return sigaction(SIGBUS, &action, nil) == 0
        #else
        return false
        #endif
    }()

    /// Guards `bytes`, the mapping of the data file `path`; returns the slot to give to `release(_:)`, or
    /// nil when every slot is taken.
    static func register(_ bytes: UnsafeBufferPointer<UInt8>, path: String) -> Int? {
        guard installed, let base = bytes.baseAddress else { return nil }
        let text = Array(message(path: path).utf8)
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        guard let free = (0..<capacity).first(where: { slots[$0].end == 0 }) else { return nil }
        let message = UnsafeMutablePointer<UInt8>.allocate(capacity: text.count)
        message.initialize(from: text, count: text.count)
        let start = UInt(bitPattern: base)
        slots[free] = Slot(start: start, end: start + UInt(bytes.count), message: message, length: text.count)
        return free
    }

    /// Stops guarding the mapping of slot `index` (before it is unmapped).
    static func release(_ index: Int) {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        let message = slots[index].message
        slots[index] = Slot()
        message?.deallocate()
    }

    /// The registered slot whose range holds `address`, if any.
    package static func slot(containing address: UInt) -> Slot? {
        for index in 0..<capacity where slots[index].start <= address && address < slots[index].end {
            return slots[index]
        }
        return nil
    }

    /// The message for the data file `path` truncated while mapped.
    package static func message(path: String) -> String {
        "error: The data file '\(path)' was truncated by another program while hlm was reading it. Read it "
            + "again once that program has finished writing it.\n"
    }
}
