#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import HLMKit

/// Writes output files so that a failed run leaves no partial file.
enum AtomicFiles {
    /// Writes each text to a temporary file in its destination's directory, then, once all are
    /// written, renames each into place (a rename within a directory replaces the file atomically).
    /// On failure the temporary files are removed and no destination has been touched, except when
    /// a rename fails after an earlier one succeeded. Plain POSIX calls: Foundation's file and UUID
    /// machinery cost more than the rest of a small fit.
    ///
    /// - Throws: `CLIError.cannotWrite` naming the path and the reason.
    static func write(_ files: [(text: String, path: String)]) throws {
        var pending: [(temporary: String, path: String)] = []
        defer { for file in pending { unlink(file.temporary) } }
        for (index, file) in files.enumerated() {
            let (directory, name) = FilePath.split(file.path)
            guard isDirectory(directory) else {
                throw CLIError.cannotWrite(path: file.path, reason: "the directory \(directory) does not exist")
            }
            guard !isDirectory(file.path) else { throw CLIError.cannotWrite(path: file.path, reason: "it is a directory") }
            let temporary = "\(directory)/.\(name).\(getpid()).\(index).tmp"
            let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_TRUNC, 0o644)
            guard descriptor >= 0 else { throw CLIError.cannotWrite(path: file.path, reason: errorText()) }
            pending.append((temporary, file.path))
            do throws(FileBytes.Failure) {
                try FileBytes.writeAll(Array(file.text.utf8), to: descriptor)
            } catch {
                close(descriptor)
                throw CLIError.cannotWrite(path: file.path, reason: error.description)
            }
            guard close(descriptor) == 0 else { throw CLIError.cannotWrite(path: file.path, reason: errorText()) }
        }
        while let file = pending.first {
            guard rename(file.temporary, file.path) == 0 else {
                throw CLIError.cannotWrite(path: file.path, reason: errorText())
            }
            pending.removeFirst()
        }
    }

    private static func isDirectory(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
    }

    private static func errorText() -> String { String(cString: strerror(errno)) }
}
