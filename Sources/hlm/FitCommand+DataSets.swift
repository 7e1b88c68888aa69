import HLMKit

extension FitCommand {
    /// The comma-separated or repeated values of a list option, blanks around each removed.
    static func list(_ values: [String]) -> [String] {
        values.flatMap { value in
            value.split(separator: ",").map { field in
                String(field.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
            }
        }
    }

    /// The level-1 and level-2 paths of the request: the file arguments, or with imputed level-1 files the
    /// first of them and the (optional) file argument as the level-2 file, with imputed level-2 files the file
    /// argument as the level-1 file and the first imputed file.
    ///
    /// - Throws: `CLIError.fileCount` (or `.imputedFileCount`) when the file arguments do not fit.
    static func dataPaths(_ files: [String], dataSets: CompletedDataSets?) throws
        -> (level1: String, level2: String?) {
        switch dataSets {
        case let .imputedLevel1(paths)?:
            guard files.count <= 1 else { throw CLIError.imputedFileCount(level: 1, files.count) }
            return (paths[0], files.first)
        case let .imputedLevel2(paths)?:
            guard files.count == 1 else { throw CLIError.imputedFileCount(level: 2, files.count) }
            return (files[0], paths[0])
        case .plausibleValues?, nil:
            guard (1...2).contains(files.count) else { throw CLIError.fileCount(files.count) }
            return (files[0], files.count > 1 ? files[1] : nil)
        }
    }
}

extension CompletedDataSets {
    /// The imputed files (inputs that no output may overwrite); empty for plausible values.
    var filePaths: [String] {
        if case .plausibleValues = self { return [] }
        return names
    }
}
