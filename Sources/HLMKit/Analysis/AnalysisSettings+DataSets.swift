import HLMPlatform

extension AnalysisSettings {
    /// The plausible values or imputed files of a run: these settings' over the command file's
    /// (`plausiblevalues:`, `imputed:`, `imputedlevel:`); nil when neither gives any.
    ///
    /// An imputed file written with `*`, `?` or `[` is a pattern, replaced by the files it matches in sorted
    /// order (the order does not change the combined estimates). The imputed files are level-1 files unless
    /// the level is 2.
    ///
    /// - Throws: `CombinationError` for plausible values together with imputed files, a level without imputed
    ///   files or other than 1 or 2, a pattern that matches nothing, fewer than two data sets or one repeated.
    func completedDataSets(commandFile: CommandFile?) throws -> CompletedDataSets? {
        let values = plausibleValues.isEmpty ? commandFile?.plausibleValues ?? [] : plausibleValues
        let patterns = imputedFiles.isEmpty ? commandFile?.imputedFiles ?? [] : imputedFiles
        let level = imputedLevel ?? commandFile?.imputedLevel
        if !values.isEmpty, !patterns.isEmpty {
            throw CombinationError.conflictingSources(
                "plausible values (--plausible-values, plausiblevalues:) and imputed files (--imputed, imputed:) "
                    + "are given together; combine one or the other (for imputed files that hold plausible "
                    + "values, fit each plausible value's imputations separately).")
        }
        if let level, patterns.isEmpty {
            throw CombinationError.conflictingSources(
                "--imputed-level \(level) (imputedlevel:) is given without imputed files: "
                    + "add --imputed FILE1,FILE2,...")
        }
        if let level, level != 1, level != 2 { throw CombinationError.invalidLevel("\(level)") }
        let dataSets: CompletedDataSets
        if !values.isEmpty {
            dataSets = .plausibleValues(values)
        } else if !patterns.isEmpty {
            let files = try patterns.flatMap { pattern in
                guard FilePattern.isPattern(pattern) else { return [pattern] }
                let matches = FilePattern.expand(pattern)
                if matches.isEmpty { throw CombinationError.noMatch(pattern: pattern) }
                return matches
            }
            dataSets = level == 2 ? .imputedLevel2(files) : .imputedLevel1(files)
        } else {
            return nil
        }
        try dataSets.validate()
        return dataSets
    }
}

extension AnalysisSettings.Resolved {
    /// Refuses, for a combined analysis, the outputs that belong to one fit and have no combination here:
    /// residual files (one set per data set), Wald tests of several contrasts (they need Li, Raghunathan &
    /// Rubin's D1), the homogeneity test, Satterthwaite df and the comparison with a previous model's deviance
    /// (deviances do not combine by Rubin's rules).
    ///
    /// - Throws: `CombinationError.conflictingSources` naming the option.
    package func checkCombinable() throws {
        let refused = [
            (!residualPaths.isEmpty, "residual files (--residuals1, --residuals2, resfil1:, resfil2:)"),
            (!inference.hypothesisTests.isEmpty, "Wald tests (--test, gammaK:)"),
            (inference.homogeneityTest, "the homogeneity test (--homvar, homvar:y)"),
            (inference.satterthwaite, "Satterthwaite df (--df satterthwaite)"),
            (inference.previousModel != nil, "a previous model's deviance (deviance:, df:)"),
        ].first { $0.0 }
        if let (_, option) = refused {
            throw CombinationError.conflictingSources(
                "\(option) apply to one fit and have no combination over plausible values or imputed files here; "
                    + "drop them, or fit one data set at a time to get them.")
        }
    }
}
