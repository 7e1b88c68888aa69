/// HLM's design-weight keywords.
extension CommandFileReader {
    /// Reads `level1weight:` and `level2weight:` (a column name; `none` or `n`, HLM's default, for none) and
    /// `level1weightnormalization:` (`size`, the default, or `raw`) into `file`.
    ///
    /// - Throws: `SpecificationError` for a normalisation other than size or raw.
    func readWeights(into file: inout CommandFile) throws {
        func column(_ keyword: String) -> String? {
            guard let value = settings[keyword]?.trimmed, !CommandFile.isDefault(value, ["none", "n"]) else { return nil }
            return value
        }
        file.level1Weight = column("level1weight")
        file.level2Weight = column("level2weight")
        if let text = settings["level1weightnormalization"] {
            guard let normalisation = DesignWeights.Level1Normalisation(rawValue: text.trimmed.lowercased()) else {
                throw invalid("level1weightnormalization", text,
                              expected: "size (scale each unit's level-1 weights to sum to its size) or raw")
            }
            file.level1WeightNormalisation = normalisation
        }
    }
}
