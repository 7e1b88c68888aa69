/// What is wrong with a line of an HLM command file.
enum CommandFileProblem: Sendable, Equatable {
    /// A keyword HLM2 does not have (HLM 8 waits for input on these).
    case unknownKeyword(String)
    /// A keyword we accept only with its default value, set to something else.
    case unsupported(keyword: String, value: String, defaultValue: String)
    /// A line that is not `keyword:value`.
    case missingColon(String)
    /// A value of the wrong form; `expected` describes the right one.
    case invalidValue(keyword: String, value: String, expected: String)
    /// A keyword that may appear once, repeated; `firstLine` is where it first appeared.
    case repeatedKeyword(String, firstLine: Int)
    /// No `level1:` line in the file.
    case missingLevel1
    /// `resfil1:y` / `resfil2:y` without a `resfil1name:` / `resfil2name:` line.
    case missingResidualFileName(String)
    /// A `level3:` line with no `level2:` line before it (its left side names a predictor of that equation).
    case level3BeforeLevel2
    /// A keyword set in a three-level (HLM3) command file that only a two-level model takes.
    case twoLevelOnly(String)
    /// A `gammaK:` keyword whose number has a leading zero (`gamma01:`): it reads as the fixed effect gamma_01.
    case ambiguousTestKeyword(String)
}
