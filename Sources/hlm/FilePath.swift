import HLMPlatform

/// Splitting and resolving the paths of the files the CLI reads and writes.
enum FilePath {
    /// The directory and the last component of `path`: `("out", "r.txt")` for `out/r.txt`, `("/", "r.txt")`
    /// for `/r.txt` and `(".", "r.txt")` for `r.txt`.
    static func split(_ path: String) -> (directory: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let directory = String(path[..<slash])
        return (directory.isEmpty ? "/" : directory, String(path[path.index(after: slash)...]))
    }

    /// The absolute path with `.`, `..` and symbolic links resolved (`realpath(3)`). A path that does not exist
    /// (yet) is its resolved directory and its name, so that two spellings of one new file resolve alike.
    static func resolved(_ path: String) -> String {
        if let real = FileSystem.realPath(path) { return real }
        let (directory, name) = split(path)
        guard directory != path else { return path }
        return resolved(directory) + (directory == "/" ? "" : "/") + name
    }

    /// The path a symbolic link at `path` points to, relative targets taken from the link's directory; nil
    /// when `path` cannot be read as a link.
    static func linkTarget(_ path: String) -> String? {
        guard let target = FileSystem.linkContents(path) else { return nil }
        if target.hasPrefix("/") { return target }
        let directory = split(path).directory
        return directory == "/" ? "/" + target : directory + "/" + target
    }
}
