#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Paths in the file system: what is at a path, resolving links, renaming, removing, and the owner and mode of
/// a replaced file. Plain POSIX calls (`lstat`, `stat`, `access`, `readlink`, `realpath`, `rename`, `unlink`,
/// `chown`, `chmod`, `opendir`); a failure carries the system's message (`FileBytes.Failure.system`).
package enum FileSystem {
    /// What `lstat` finds at a path (a symbolic link itself, not followed).
    package enum Kind: Equatable {
        case symbolicLink, directory, regularFile
        /// A device, FIFO or socket.
        case other
    }

    /// What is at `path`, without following a final symbolic link; nil when nothing can be found there.
    package static func kind(atPath path: String) -> Kind? {
        var status = stat()
        guard lstat(path, &status) == 0 else { return nil }
        switch status.st_mode & S_IFMT {
        case S_IFLNK: return .symbolicLink
        case S_IFDIR: return .directory
        case S_IFREG: return .regularFile
        default: return .other
        }
    }

    /// Whether `path` is a directory (symbolic links followed).
    package static func isDirectory(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
    }

    /// Checks that the process may write to `path` (`access(W_OK)`).
    ///
    /// - Throws: `FileBytes.Failure.system` with the system's reason when it may not.
    package static func checkWritable(_ path: String) throws(FileBytes.Failure) {
        guard access(path, W_OK) == 0 else { throw .system(reason: FileBytes.systemMessage()) }
    }

    /// The target of the symbolic link at `path`, as written in the link; nil when it cannot be read as a link.
    package static func linkContents(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The absolute path of an existing `path` with `.`, `..` and symbolic links resolved (`realpath(3)`);
    /// nil when it does not exist.
    package static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Gives `path` the mode and owner of the existing file `original` (the owner only where the system allows
    /// it: as root or as the owner); nothing when `original` does not exist.
    package static func copyOwnerAndMode(of original: String, to path: String) {
        var existing = stat()
        guard stat(original, &existing) == 0 else { return }
        _ = chown(path, existing.st_uid, existing.st_gid)
        _ = chmod(path, existing.st_mode & 0o7777)
    }

    /// Renames `path` to `destination`, replacing a file there atomically.
    ///
    /// - Throws: `FileBytes.Failure.system` with the system's reason.
    package static func move(_ path: String, to destination: String) throws(FileBytes.Failure) {
        guard rename(path, destination) == 0 else { throw .system(reason: FileBytes.systemMessage()) }
    }

    /// The names in the directory at `path` (`opendir`/`readdir`), without `.` and `..`, sorted; nil when it
    /// cannot be opened as a directory.
    package static func entries(inDirectory path: String) -> [String]? {
        guard let directory = opendir(path) else { return nil }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { bytes in
                String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != ".", name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    /// Removes the file at `path`, if it can.
    package static func remove(_ path: String) {
        unlink(path)
    }
}
