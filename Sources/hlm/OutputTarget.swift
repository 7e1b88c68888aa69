import HLMPlatform

/// What an output path leads to, decided before anything is written: a descriptor of the process, a device or
/// FIFO written in place, or a regular file replaced atomically. Symbolic links are followed, so a link keeps
/// pointing at the file it names and the new file is written in the target's directory.
enum OutputTarget: Equatable {
    /// A descriptor the process was started with: `-` and `/dev/stdout` are 1, `/dev/stderr` 2, `/dev/fd/N` and
    /// `/proc/self/fd/N` are N. Written directly, at the descriptor's position.
    case descriptor(Int32)
    /// A device, FIFO or socket, opened and written in place (a rename would replace the node with a file).
    case node(String)
    /// A regular file, existing or new, at this path (symbolic links followed): replaced atomically.
    case file(String)

    /// The most symbolic links followed, as the system's own limit (`ELOOP`).
    private static let linkLimit = 40

    /// The target of `path` (as given by the user).
    ///
    /// - Throws: `CLIError.cannotWrite` naming `path` for a directory, a closed or read-only descriptor, a
    ///   symbolic link that cannot be read or a chain of more than 40 links.
    init(_ path: String) throws {
        var current = path
        for _ in 0...Self.linkLimit {
            if let descriptor = Self.descriptorNumber(current) {
                try StandardOutput.checkWritable(descriptor)
                self = .descriptor(descriptor)
                return
            }
            guard let kind = FileSystem.kind(atPath: current) else {
                self = .file(current)
                return
            }
            switch kind {
            case .symbolicLink:
                guard let target = FilePath.linkTarget(current) else {
                    throw CLIError.cannotWrite(path: path, reason: "the symbolic link \(current) cannot be read")
                }
                current = target
            case .directory:
                throw CLIError.cannotWrite(path: path, reason: "it is a directory")
            case .regularFile:
                self = .file(current)
                return
            case .other:
                do throws(FileBytes.Failure) {
                    try FileSystem.checkWritable(current)
                } catch {
                    throw CLIError.cannotWrite(path: path, reason: error.description)
                }
                self = .node(current)
                return
            }
        }
        throw CLIError.cannotWrite(path: path, reason: "too many levels of symbolic links")
    }

    /// The descriptor a path names: `-`, `/dev/stdout`, `/dev/stderr`, `/dev/fd/N`, `/proc/self/fd/N`.
    private static func descriptorNumber(_ path: String) -> Int32? {
        switch path {
        case "-", "/dev/stdout": return FileDescriptors.standardOutput
        case "/dev/stderr": return FileDescriptors.standardError
        default:
            for prefix in ["/dev/fd/", "/proc/self/fd/"] where path.hasPrefix(prefix) {
                return Int32(path.dropFirst(prefix.count))
            }
            return nil
        }
    }
}
