/// One variable of a statistical file, as its header describes it.
struct StatisticalVariable: Sendable, Equatable {
    /// The name, whole (SPSS's long names, Stata's and SAS's 32 characters).
    var name: String
    /// Whether the values are text (an SPSS `A`, a Stata `str`, a SAS character variable).
    var isText: Bool
    /// The display format as the file gives it (`F8.2`, `DATE11`, `%td`, `DATETIME20.`), or empty.
    var format: String
}

/// The header of a statistical file: its variables and its number of cases.
struct StatisticalFileHeader: Sendable, Equatable {
    var variables: [StatisticalVariable]
    var rowCount: Int
}

/// One variable's values, in case order.
enum StatisticalColumn: Sendable {
    /// A numeric variable: every missing value (system-missing, SPSS user-missing, Stata and SAS extended
    /// missing .a-.z) is NaN.
    case numbers([Double])
    /// A text variable: an SPSS user-missing string is empty.
    case texts([String])
}

/// Reads statistical files: the header, then the values of chosen variables. `ReadStatParser` is the one
/// implementation; `installedStatisticalFileParser` is nil when hlm was built without ReadStat.
protocol StatisticalFileParser {
    /// The variables and the number of cases of the file at `path`.
    ///
    /// - Throws: `DataError.unreadableStatisticalFile` when the library cannot parse the file.
    static func header(path: String, format: StatisticalFileFormat) throws -> StatisticalFileHeader
    /// The values of the variables `indices` (positions in `header.variables`), in one pass over the file.
    ///
    /// - Throws: `DataError.unreadableStatisticalFile` when the library cannot parse the file.
    static func columns(_ indices: [Int], path: String, format: StatisticalFileFormat,
                        header: StatisticalFileHeader) throws -> [StatisticalColumn]
}
