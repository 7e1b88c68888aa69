import HLMKit

extension Example {
    /// Fits the example once per plausible value on its embedded data, concurrently, and combines the fits by
    /// Rubin's rules (`CombinedAnalysis`); the report names the files as the embedded data.
    ///
    /// - Throws: `CombinationError.tooFew` for an example without plausible values,
    ///   `CombinationError.conflictingSources` for settings that apply to one fit only (residual files, Wald
    ///   tests, ...); otherwise as `run(_:)`.
    public func runCombined(_ settings: AnalysisSettings.Resolved) throws -> CombinedAnalysis {
        try settings.checkCombinable()
        var request = AnalysisRequest(level1Path: data.level1File, level2Path: data.level2File,
                                      idColumn: data.idColumn, specification: settings.specification,
                                      options: settings.estimation, title: settings.title)
        request.weights = settings.weights
        var combined = try CombinedAnalysis.run(request, plausibleValues: plausibleValues,
                                                level1: try data.table(data.level1File),
                                                level2: try data.level2File.map(data.table),
                                                inference: settings.inference)
        for index in combined.analyses.indices {
            combined.analyses[index].data.level1File = "\(data.level1File) (embedded \(data.name) data)"
            combined.analyses[index].data.level2File = data.level2File.map { "\($0) (embedded \(data.name) data)" }
        }
        return combined
    }

    /// `runCombined(_:)` with `settings` merged with the defaults (`resolved(_:)`).
    public func runCombined(_ settings: AnalysisSettings = AnalysisSettings()) throws -> CombinedAnalysis {
        try runCombined(resolved(settings))
    }
}
