#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Facts about the machine and the process (`sysconf`, `getpid`).
package enum SystemInfo {
    /// The number of cores online, at least 1 (`sysconf(_SC_NPROCESSORS_ONLN)`).
    package static func onlineProcessorCount() -> Int {
        max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
    }

    /// This process's ID.
    package static var processID: Int32 { getpid() }
}
