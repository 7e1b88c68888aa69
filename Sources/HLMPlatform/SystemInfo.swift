#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Facts about the machine and the process (`sysconf`, `getpid`).
public enum SystemInfo {
    /// The number of cores online, at least 1 (`sysconf(_SC_NPROCESSORS_ONLN)`).
    public static func onlineProcessorCount() -> Int {
        max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
    }

    /// This process's ID.
    public static var processID: Int32 { getpid() }
}
