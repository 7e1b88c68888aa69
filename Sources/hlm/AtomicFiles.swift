import HLMKit
import HLMPlatform

/// Writes a run's outputs so that a refused or failed run leaves every existing file as it was.
///
/// A regular file is written to a temporary file in its directory (after following symbolic links, so a link
/// keeps pointing at its file) and renamed into place once every output was written; the new file keeps the
/// old one's mode and owner. Devices, FIFOs and descriptors (`-`, `/dev/stdout`) are written in place, after
/// the temporary files and before the renames. Temporary files are registered with `TemporaryFiles`, so an
/// interrupted run removes them. HLMPlatform's POSIX calls: Foundation's file and UUID machinery cost more than
/// the rest of a small fit.
enum AtomicFiles {
    /// One output of the run.
    private struct Output {
        /// The path as the user gave it, for messages.
        var path: String
        var target: OutputTarget
        /// The temporary file a `.file` target is written to first.
        var temporary: String?

        /// Where the bytes go: the temporary file, the node itself or the descriptor's `/dev/fd` path.
        var writingPath: String {
            switch target {
            case let .descriptor(descriptor): return "/dev/fd/\(descriptor)"
            case let .node(node): return node
            case let .file(file): return temporary ?? file
            }
        }
    }

    /// Checks that every path can be written, so that a run is refused before it writes anything: decides each
    /// target (`OutputTarget`) and creates and removes the temporary file of each regular file.
    ///
    /// - Throws: `CLIError.cannotWrite` naming the first path that cannot be written and why.
    static func check(_ paths: [String]) throws {
        discard(try prepare(paths))
    }

    /// Writes each text to its path: regular files through temporary files renamed into place when all are
    /// written; other targets directly. On failure no regular file has been touched, except when a rename
    /// fails after an earlier one succeeded.
    ///
    /// - Throws: `CLIError.cannotWrite` naming the path and the reason.
    static func write(_ files: [(text: String, path: String)]) throws {
        var outputs = try prepare(files.map(\.path))
        defer { discard(outputs) }
        let replaced = outputs.indices.filter { outputs[$0].temporary != nil }
        for index in replaced + outputs.indices.filter({ outputs[$0].temporary == nil }) {
            try write(files[index].text, to: outputs[index])
        }
        try commit(&outputs)
    }

    /// Runs `body` with the paths to write each of `paths` to (temporary files for regular files), then renames
    /// the temporary files into place; when `body` throws they are removed instead. For writers that stream
    /// (`hlm simulate`).
    ///
    /// - Throws: `CLIError.cannotWrite` naming the path and the reason, or what `body` throws.
    static func writing<Result>(_ paths: [String], _ body: ([String]) throws -> Result) throws -> Result {
        var outputs = try prepare(paths)
        defer { discard(outputs) }
        let result = try body(outputs.map(\.writingPath))
        try commit(&outputs)
        return result
    }

    private static func prepare(_ paths: [String]) throws -> [Output] {
        var outputs: [Output] = []
        do {
            for (index, path) in paths.enumerated() {
                let target = try OutputTarget(path)
                var output = Output(path: path, target: target)
                if case let .file(file) = target {
                    output.temporary = try createTemporary(for: file, index: index, path: path)
                }
                outputs.append(output)
            }
        } catch {
            discard(outputs)
            throw error
        }
        return outputs
    }

    private static func createTemporary(for file: String, index: Int, path: String) throws -> String {
        let (directory, name) = FilePath.split(file)
        guard FileSystem.isDirectory(directory) else {
            throw CLIError.cannotWrite(path: path, reason: "the directory \(directory) does not exist")
        }
        let temporary = "\(directory)/.\(name).\(SystemInfo.processID).\(index).tmp"
        guard TemporaryFiles.register(temporary) else {
            throw CLIError.cannotWrite(path: path, reason: "too many output files")
        }
        do throws(FileBytes.Failure) {
            try FileBytes.closeDescriptor(FileBytes.openForWriting(temporary, .createNew))
        } catch {
            TemporaryFiles.unregister(temporary)
            throw CLIError.cannotWrite(path: path, reason: error.description)
        }
        return temporary
    }

    private static func write(_ text: String, to output: Output) throws {
        if case let .descriptor(descriptor) = output.target {
            return try StandardOutput.write(text, to: descriptor)
        }
        do throws(FileBytes.Failure) {
            try FileBytes.overwrite(existing: output.writingPath, with: Array(text.utf8))
        } catch {
            throw CLIError.cannotWrite(path: output.path, reason: error.description)
        }
    }

    /// Renames the temporary files into place, each first given the mode and owner of the file it replaces
    /// (the owner only where the system allows it, i.e. when run as root or as the owner); a renamed output's
    /// `temporary` becomes nil.
    private static func commit(_ outputs: inout [Output]) throws {
        for index in outputs.indices {
            let output = outputs[index]
            guard let temporary = output.temporary, case let .file(file) = output.target else { continue }
            FileSystem.copyOwnerAndMode(of: file, to: temporary)
            do throws(FileBytes.Failure) {
                try FileSystem.move(temporary, to: file)
            } catch {
                throw CLIError.cannotWrite(path: output.path, reason: error.description)
            }
            TemporaryFiles.unregister(temporary)
            outputs[index].temporary = nil
        }
    }

    /// Removes the temporary files not renamed into place.
    private static func discard(_ outputs: [Output]) {
        for temporary in outputs.compactMap(\.temporary) {
            FileSystem.remove(temporary)
            TemporaryFiles.unregister(temporary)
        }
    }
}
