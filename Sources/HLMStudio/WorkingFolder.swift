import HLMPlatform
import Hummingbird

/// The folder the studio was opened on: the only place it reads from or writes to.
///
/// Every file is named by one path component (no `/`, not `.` or `..`, no leading `.`, no control
/// characters), so a request cannot name a path elsewhere; a name is then resolved with realpath(3) and
/// refused unless it lies inside the folder's own real path, so a symbolic link that leads out of the folder
/// is refused too. Outputs are written to a new temporary file in the folder and renamed over the name: a
/// symbolic link at that name is refused, never followed, and nothing is written outside the folder.
package struct WorkingFolder: Sendable {
    /// The folder's real path (symbolic links and `..` resolved).
    package let path: String

    /// The extensions listed as data files (delimited text that `CSVTable` reads).
    static let dataExtensions: Set<String> = ["csv", "tsv", "txt", "dat"]
    /// What the studio writes: the model, the JSON report and the HTML report.
    package enum OutputKind: String, CaseIterable, Sendable {
        case commandFile = "hlm", json, html
    }

    /// Opens the folder at `path`.
    ///
    /// - Throws: `StudioError` (400) when `path` is not an existing directory.
    package init(path: String) throws {
        guard let real = FileSystem.realPath(path), FileSystem.isDirectory(real) else {
            throw StudioError(.badRequest, "\(path) is not a folder: give the folder that holds the data files.")
        }
        self.path = real
    }

    /// The data files (`.csv`, `.tsv`, `.txt`, `.dat`) and command files (`.hlm`) in the folder, by name:
    /// regular files, or links to regular files inside the folder.
    package func files() -> [FolderFile] {
        (FileSystem.entries(inDirectory: path) ?? []).compactMap { name in
            guard let kind = FolderFile.Kind(fileName: name), (try? existingFile(name)) != nil else { return nil }
            return FolderFile(name: name, kind: kind)
        }
    }

    /// The real path of the existing regular file `name` in the folder.
    ///
    /// - Throws: `StudioError` 400 for a name that is not one plain path component, 403 for one whose real
    ///   path is outside the folder (a symbolic link out), 404 for a name with no regular file.
    package func existingFile(_ name: String) throws -> String {
        try checkName(name)
        guard let real = FileSystem.realPath(inside + name) else {
            throw StudioError(.notFound, "There is no file \(name) in the working folder.")
        }
        guard real.hasPrefix(inside) else {
            throw StudioError(.forbidden, "\(name) leads outside the working folder; the studio reads only files in it.")
        }
        guard FileSystem.kind(atPath: real) == .regularFile else {
            throw StudioError(.notFound, "\(name) in the working folder is not a regular file.")
        }
        return real
    }

    /// The file name `name.kind` (the extension added unless written) and its path in the folder, when it may
    /// be written.
    ///
    /// - Parameter replacing: whether an existing regular file of that name may be replaced.
    /// - Throws: `StudioError` 400 for a bad name, 409 when the file exists and `replacing` is false, 403
    ///   when something other than a regular file (a link, a folder) has the name.
    package func outputTarget(name: String, kind: OutputKind, replacing: Bool) throws -> (name: String, path: String) {
        let fileName = name.hasSuffix("." + kind.rawValue) ? name : name + "." + kind.rawValue
        try checkName(fileName)
        let target = inside + fileName
        switch FileSystem.kind(atPath: target) {
        case nil: break
        case .regularFile? where replacing: break
        case .regularFile?:
            throw StudioError(.conflict, "\(fileName) exists in the working folder; confirm to replace it.")
        case .symbolicLink?, .directory?, .other?:
            throw StudioError(.forbidden, "\(fileName) in the working folder is not a regular file; choose another name.")
        }
        return (fileName, target)
    }

    /// Writes `text` as `name.kind` in the folder (see `outputTarget`), through a temporary file in the folder
    /// renamed into place.
    ///
    /// - Returns: the written file's name.
    /// - Throws: as `outputTarget`; `StudioError` 500 when writing fails.
    package func write(_ text: String, name: String, kind: OutputKind, replacing: Bool) throws -> String {
        let (fileName, target) = try outputTarget(name: name, kind: kind, replacing: replacing)
        let temporary = inside + ".\(fileName).\(AccessToken().text.prefix(12)).tmp"
        do throws(FileBytes.Failure) {
            let descriptor = try FileBytes.openForWriting(temporary, .createNew)
            do throws(FileBytes.Failure) {
                try FileBytes.writeAll(Array(text.utf8), to: descriptor)
            } catch {
                try? FileBytes.closeDescriptor(descriptor)
                throw error
            }
            try FileBytes.closeDescriptor(descriptor)
            try FileSystem.move(temporary, to: target)
        } catch {
            FileSystem.remove(temporary)
            throw StudioError(.internalServerError, "\(fileName) could not be written: \(error.description)")
        }
        return fileName
    }

    /// Refuses a name that is not one plain path component.
    private func checkName(_ name: String) throws {
        let plain = !name.isEmpty && name.utf8.count <= 255 && !name.hasPrefix(".") && !name.contains("/")
            && !name.unicodeScalars.contains { $0.properties.generalCategory == .control }
        guard plain else {
            throw StudioError(.badRequest, "\"\(name)\" is not a file name in the working folder: give a name "
                + "without '/', not starting with '.'.")
        }
    }

    /// The prefix of every real path inside the folder.
    private var inside: String { path.hasSuffix("/") ? path : path + "/" }
}

/// A file the studio lists.
package struct FolderFile: Codable, Sendable, Equatable {
    /// What the file holds, from its extension.
    package enum Kind: String, Codable, Sendable {
        /// Delimited text (`.csv`, `.tsv`, `.txt`, `.dat`).
        case data
        /// An HLM2 command file (`.hlm`).
        case command
    }

    /// The file's name in the folder.
    package var name: String
    /// What it holds.
    package var kind: Kind
}

extension FolderFile.Kind {
    /// The kind of the file `name`, from its extension (case-insensitive); nil for other files.
    init?(fileName name: String) {
        guard !name.hasPrefix("."), let dot = name.lastIndex(of: ".") else { return nil }
        let suffix = name[name.index(after: dot)...].lowercased()
        if WorkingFolder.dataExtensions.contains(suffix) {
            self = .data
        } else if suffix == "hlm" {
            self = .command
        } else {
            return nil
        }
    }
}
