import HLMKit

/// A data set compiled into the binary: a level-1 file and, optionally, a level-2 file joined by an ID column,
/// so that the examples need nothing beside the executable.
///
/// Each data set is one generated file, `ExampleData+NAME.swift`, made by `data/embed.sh` from the files of
/// the package's data/ folder, whose text it holds byte for byte; an `Example` names the data set it runs on.
/// `hsb` is the HS&B data of Raudenbush & Bryk (2002): `hsb1.csv` (7,185 students) and `hsb2.csv`
/// (160 schools), joined by `ID`; `contraception` is mlmRev's Contraception data (Bangladesh Fertility Survey
/// 1989): `contraception.csv`, 1,934 women in 60 districts, one file grouped by `DISTRICT`; `egsingle` is mlmRev's
/// egsingle (the HLM manual's EG data): `eg1.csv` (7,230 yearly scores), `eg2.csv` (1,721 children) and `eg3.csv`
/// (60 schools), joined by `CHILDID` and `SCHOOLID`.
public struct ExampleData: Sendable {
    /// What the report calls the data, e.g. `HS&B`.
    public var name: String
    /// The column linking the files.
    public var idColumn: String
    /// The level-1 file's name, e.g. `hsb1.csv`.
    public var level1File: String
    /// The level-2 file's name, or nil for one file.
    public var level2File: String?
    /// The files' texts by name.
    public var files: [String: String]
    /// A three-level data set's level-3 file name (nil for two levels).
    public var level3File: String?
    /// A three-level data set's level-3 ID column (nil for two levels).
    public var level3IDColumn: String?

    /// The names of the files of every example's data, sorted.
    public static var names: [String] { allFiles.keys.sorted() }

    /// The text of the embedded file `name` (e.g. `"hsb1.csv"`) of any example's data, or nil if there is none.
    public static func text(_ name: String) -> String? {
        allFiles[name]
    }

    /// The files of every example's data set by name.
    private static var allFiles: [String: String] {
        Dictionary(Example.all.flatMap(\.data.files), uniquingKeysWith: { first, _ in first })
    }

    /// The file `name` of this data set as a table; messages name it `name`.
    func table(_ name: String) throws -> CSVTable {
        try CSVTable(bytes: Array((files[name] ?? "").utf8), source: name)
    }
}
