import Foundation

/// Writes output files so that a failed run leaves no partial file.
enum AtomicFiles {
    /// Writes each text to a temporary file in its destination's directory, then, once all are
    /// written, renames each into place (a rename within a directory replaces the file atomically).
    /// On failure the temporary files are removed and no destination has been touched, except when
    /// a rename fails after an earlier one succeeded.
    ///
    /// - Throws: `CLIError.cannotWrite` naming the path and the reason.
    static func write(_ files: [(text: String, path: String)]) throws {
        var pending: [(temporary: String, path: String)] = []
        defer { for file in pending { unlink(file.temporary) } }
        for file in files {
            let destination = URL(fileURLWithPath: file.path)
            let directory = destination.deletingLastPathComponent().path
            guard isDirectory(directory) else {
                throw CLIError.cannotWrite(path: file.path, reason: "the directory \(directory) does not exist")
            }
            guard !isDirectory(file.path) else { throw CLIError.cannotWrite(path: file.path, reason: "it is a directory") }
            let temporary = "\(directory)/.\(destination.lastPathComponent).\(UUID().uuidString).tmp"
            do {
                try Data(file.text.utf8).write(to: URL(fileURLWithPath: temporary))
            } catch {
                throw CLIError.cannotWrite(path: file.path, reason: error.localizedDescription)
            }
            pending.append((temporary, file.path))
        }
        while let file = pending.first {
            guard rename(file.temporary, file.path) == 0 else {
                throw CLIError.cannotWrite(path: file.path, reason: String(cString: strerror(errno)))
            }
            pending.removeFirst()
        }
    }

    private static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
