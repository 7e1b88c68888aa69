// An HLM3 command file: `level3:` lines make the file three-level; what only a two-level model takes is refused.

extension CommandFileReader {
    /// Refuses, at its line, the first keyword set away from its default that a three-level model does not
    /// take (hypothesis tests, the homogeneity test, a previous model's deviance, the long report, non-normal
    /// outcomes and their estimation, plausible values, imputed files, design weights), so that none is
    /// silently ignored.
    func checkThreeLevel(_ file: CommandFile) throws {
        if let test = file.hypothesisTests.first {
            throw error(.twoLevelOnly("gamma\(test.number)"), line: test.line)
        }
        let refused: [(keyword: String, set: Bool)] = [
            ("homvar", file.homogeneityTest), ("fulloutput", file.fullOutput),
            ("deviance", file.previousDeviance != nil), ("df", file.previousParameters != nil),
            ("nonlin", !file.specification.family.isNormal), ("laplace", file.laplace != nil),
            ("agq", file.adaptiveQuadrature != nil), ("plausiblevalues", file.plausibleValues != nil),
            ("imputed", file.imputedFiles != nil), ("level1weight", file.level1Weight != nil),
            ("level2weight", file.level2Weight != nil),
        ]
        if let keyword = refused.first(where: \.set)?.keyword {
            throw error(.twoLevelOnly(keyword), line: firstLines[keyword])
        }
    }
}
