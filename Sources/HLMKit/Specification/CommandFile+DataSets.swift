// The command-file keywords of a combined analysis (docs/MODEL-SYNTAX.md): `plausiblevalues:PV1,PV2,...`,
// `imputed:FILE1,FILE2,...` and `imputedlevel:1|2`.

extension CommandFileReader {
    /// Reads `plausiblevalues:`, `imputed:` (paths relative to the command file's folder, as `output:`) and
    /// `imputedlevel:` into `file`.
    ///
    /// - Throws: `SpecificationError.commandFile` for an empty list or a level other than 1 or 2.
    func readDataSets(into file: inout CommandFile) throws {
        file.plausibleValues = try list("plausiblevalues", expected: "plausible-value columns, e.g. "
                                            + "plausiblevalues:PV1MATH,PV2MATH,PV3MATH,PV4MATH,PV5MATH")
        file.imputedFiles = try list("imputed", expected: "imputed files, e.g. imputed:imp1.csv,imp2.csv,imp3.csv")?
            .map(besideCommandFile)
        if let level = settings["imputedlevel"] {
            guard level == "1" || level == "2" else { throw invalid("imputedlevel", level, expected: "1 or 2") }
            file.imputedLevel = Int(level)
        }
    }

    /// A comma-separated `keyword:` value as its non-empty fields, or nil when the keyword is absent.
    private func list(_ keyword: String, expected: String) throws -> [String]? {
        guard let value = settings[keyword] else { return nil }
        let fields = value.split(separator: ",", omittingEmptySubsequences: false)
            .map { String($0.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed()) }
        guard !fields.contains(where: \.isEmpty) else { throw invalid(keyword, value, expected: expected) }
        return fields
    }
}
