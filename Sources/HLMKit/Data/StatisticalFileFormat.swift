/// The statistical packages' data files hlm reads with the ReadStat library, recognised by extension.
enum StatisticalFileFormat: Sendable, Equatable {
    /// SPSS system file: `.sav` (uncompressed or bytecode-compressed) or `.zsav` (zlib-compressed).
    case spss
    /// Stata `.dta`, file formats 104 to 119 (every Stata up to 18, which writes 118 or 119; the tests read the
    /// formats 113 to 119 that haven writes for versions 8 to 15).
    case stata
    /// SAS data set, `.sas7bdat` (compressed or not).
    case sas
    /// SAS transport file, `.xpt` (versions 5 and 8).
    case sasTransport

    /// The format of the file at `path` by its extension, compared ignoring case; nil for any other file
    /// (read as delimited text).
    init?(path: String) {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
        switch name[name.index(after: dot)...].lowercased() {
        case "sav", "zsav": self = .spss
        case "dta": self = .stata
        case "sas7bdat": self = .sas
        case "xpt": self = .sasTransport
        default: return nil
        }
    }

    /// The format's name in messages and in the report.
    var name: String {
        switch self {
        case .spss: return "SPSS data file"
        case .stata: return "Stata data file"
        case .sas: return "SAS data set"
        case .sasTransport: return "SAS transport file"
        }
    }

    /// The name with its article, for a sentence ("an SPSS data file").
    var nameWithArticle: String { (self == .spss ? "an " : "a ") + name }

    /// Whether the variable display format `format` (as ReadStat gives it: `DATE11`, `%td`, `DATETIME20.`)
    /// shows a date, a time or a date-time: the number is then days or seconds from the format's origin
    /// (1582-10-14 in SPSS, 1960-01-01 in Stata and SAS), which is no quantity to regress on.
    func isDateOrTime(_ format: String) -> Bool {
        let format = format.uppercased()
        if self == .stata {
            // %td, %tc, %tC, %tw, %tm, %tq, %th, %ty, %tb, optionally left-aligned (%-td); Stata 8's %d.
            let body = format.drop { $0 == "%" || $0 == "-" }
            return format.hasPrefix("%") && (body.hasPrefix("T") || body.hasPrefix("D"))
        }
        // SPSS and SAS: a format name followed by a width and decimals (DATE11, DATETIME20.3, MMDDYY10.).
        let name = String(format.reversed().drop { $0.isNumber || $0 == "." }.reversed())
        return (self == .spss ? Self.spssDateFormats : Self.sasDateFormats).contains(name)
    }

    /// SPSS's date, time and date-time formats (SPSS Command Syntax Reference, "Date and time formats").
    private static let spssDateFormats: Set<String> = [
        "DATE", "ADATE", "EDATE", "JDATE", "SDATE", "QYR", "MOYR", "WKYR", "DATETIME", "YMDHMS", "MTIME",
        "TIME", "DTIME", "WKDAY", "MONTH",
    ]

    /// SAS's date, time and date-time formats (SAS Formats and Informats, "Dates, times and datetimes").
    private static let sasDateFormats: Set<String> = [
        "DATE", "DAY", "DDMMYY", "DDMMYYB", "DDMMYYC", "DDMMYYD", "DDMMYYN", "DDMMYYP", "DDMMYYS", "DOWNAME",
        "JULDAY", "JULIAN", "MMDDYY", "MMDDYYB", "MMDDYYC", "MMDDYYD", "MMDDYYN", "MMDDYYP", "MMDDYYS", "MMYY",
        "MONNAME", "MONTH", "MONYY", "QTR", "QTRR", "WEEKDATE", "WEEKDATX", "WEEKDAY", "WORDDATE", "WORDDATX",
        "YEAR", "YYMM", "YYMMDD", "YYMMDDB", "YYMMDDC", "YYMMDDD", "YYMMDDN", "YYMMDDP", "YYMMDDS", "YYMON",
        "YYQ", "YYQR", "E8601DA", "B8601DA", "IS8601DA", "DATETIME", "DATEAMPM", "DTDATE", "DTMONYY", "DTWKDATX",
        "DTYEAR", "E8601DT", "B8601DT", "IS8601DT", "TIME", "TIMEAMPM", "TOD", "HHMM", "HOUR", "MMSS",
        "E8601TM", "B8601TM", "IS8601TM",
    ]
}
