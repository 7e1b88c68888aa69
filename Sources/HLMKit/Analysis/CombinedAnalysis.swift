import HLMPlatform

/// M fits of one model on M completed data sets (plausible values or multiply imputed files), run
/// concurrently, and their estimates combined by Rubin's rules.
///
/// The deviance does not combine by Rubin's rules: the report gives each fit's deviance and their mean
/// (labelled as such), and `hlm compare` refuses a combined fit (a likelihood-ratio test over imputations
/// needs Meng & Rubin's (1992) pooled statistic, which is not implemented).
public struct CombinedAnalysis: Sendable {
    /// The data sets, in the order fitted.
    public var dataSets: CompletedDataSets
    /// One analysis per data set, in the same order (each a whole `HLMAnalysis`: fit and inference).
    public var analyses: [HLMAnalysis]
    /// The estimates combined by Rubin's rules.
    public var combination: RubinCombination
    /// The wall-clock time of the M fits together, in seconds (reading the files included).
    public var wallTimeSeconds: Double
    /// The cores online, on which the fits ran concurrently.
    public var processors: Int

    /// Whether every fit converged (the combined result is not converged otherwise).
    public var converged: Bool { analyses.allSatisfy(\.fit.convergence.converged) }

    /// One warning per data set whose fit did not converge, naming it, then each fit's own warnings prefixed
    /// by its data set's name.
    public var warnings: [String] {
        let names = dataSets.names
        let notConverged = zip(names, analyses).filter { !$0.1.fit.convergence.converged }.map(\.0)
        let combined = notConverged.isEmpty ? [] : [
            "the fit on \(notConverged.joined(separator: ", ")) did not converge, so the combined estimates are "
                + "not converged either: raise --max-iterations or simplify the model."]
        return combined + zip(names, analyses).flatMap { name, analysis in
            analysis.fit.warnings.map { "\(name): \($0)" }
        }
    }

    /// The mean of the M deviances: a summary, not the deviance of a model (no likelihood combines them).
    public var meanDeviance: Double { analyses.map(\.fit.deviance).reduce(0, +) / Double(analyses.count) }
}

extension CombinedAnalysis {
    /// Fits `request` once per data set of `dataSets`, concurrently, and combines the estimates.
    ///
    /// Plausible values: the files are read once and the level-1 equation's outcome (which must be one of the
    /// values) is replaced by each value in turn. Imputed files: each replaces `request`'s level-1 (or level-2)
    /// path in turn; all must have the same columns. Every data set must use the same rows and units.
    ///
    /// - Throws: `CombinationError` for fewer than two data sets, a repeated one, an outcome not among the
    ///   plausible values, files with different columns or data sets with different cases; otherwise the
    ///   first `HLMError` of the lowest-numbered data set that fails.
    public static func run(_ request: AnalysisRequest, dataSets: CompletedDataSets,
                           inference: InferenceOptions = InferenceOptions()) throws -> CombinedAnalysis {
        try dataSets.validate()
        let options = request.readOptions
        let read: @Sendable (String) throws -> CSVTable = { try CSVTable.read(path: $0, options: options) }
        let start = ContinuousClock.now
        let analyses: [HLMAnalysis]
        switch dataSets {
        case let .plausibleValues(names):
            let level1 = try read(request.level1Path), level2 = try request.level2Path.map(read)
            analyses = try plausibleValueFits(request, names: names, level1: level1, level2: level2,
                                              inference: inference)
        case let .imputedLevel1(paths):
            let level2 = try request.level2Path.map(read)
            let tables = try concurrentResults(paths.count) { try read(paths[$0]) }
            try checkFiles(tables, idColumn: request.idColumn)
            analyses = try concurrentResults(paths.count) { index in
                var each = request
                each.level1Path = paths[index]
                return try HLMAnalysis.run(each, level1: tables[index], level2: level2, inference: inference)
            }
        case let .imputedLevel2(paths):
            let level1 = try read(request.level1Path)
            let tables = try concurrentResults(paths.count) { try read(paths[$0]) }
            try checkFiles(tables, idColumn: request.idColumn)
            analyses = try concurrentResults(paths.count) { index in
                var each = request
                each.level2Path = paths[index]
                return try HLMAnalysis.run(each, level1: level1, level2: tables[index], inference: inference)
            }
        }
        return try combine(analyses, dataSets: dataSets, seconds: (ContinuousClock.now - start).seconds)
    }

    /// `run(_:dataSets:inference:)` for plausible values in tables already read (the embedded examples).
    public static func run(_ request: AnalysisRequest, plausibleValues: [String], level1: CSVTable,
                           level2: CSVTable?, inference: InferenceOptions = InferenceOptions()) throws
        -> CombinedAnalysis {
        let dataSets = CompletedDataSets.plausibleValues(plausibleValues)
        try dataSets.validate()
        let start = ContinuousClock.now
        let analyses = try plausibleValueFits(request, names: plausibleValues, level1: level1, level2: level2,
                                              inference: inference)
        return try combine(analyses, dataSets: dataSets, seconds: (ContinuousClock.now - start).seconds)
    }

    /// One fit per plausible value, the outcome replaced by each in turn.
    private static func plausibleValueFits(_ request: AnalysisRequest, names: [String], level1: CSVTable,
                                           level2: CSVTable?, inference: InferenceOptions) throws -> [HLMAnalysis] {
        let outcome = request.specification.level1.outcome
        guard names.contains(where: { $0.uppercased() == outcome }) else {
            throw CombinationError.outcomeNotAmongPlausibleValues(outcome: outcome, values: names)
        }
        return try concurrentResults(names.count) { index in
            var each = request
            each.specification.level1.outcome = names[index].uppercased()
            return try HLMAnalysis.run(each, level1: level1, level2: level2, inference: inference)
        }
    }

    /// Refuses imputed files whose columns (as named in their header rows, any order) or whose IDs (the ID
    /// column's texts, in any order) differ from the first's.
    private static func checkFiles(_ tables: [CSVTable], idColumn: String) throws {
        let first = Set(tables[0].header.map { $0.uppercased() })
        let ids = try tables.map { table in
            try table.columnIndex(idColumn).map { try table.stringColumn($0).sorted() }
        }
        for (index, table) in tables.enumerated().dropFirst() {
            let here = Set(table.header.map { $0.uppercased() })
            guard here == first else {
                throw CombinationError.differentColumns(file: table.source, first: tables[0].source,
                                                        onlyHere: here.subtracting(first).sorted(),
                                                        missingHere: first.subtracting(here).sorted())
            }
            guard ids[index] == ids[0] else {
                throw CombinationError.differentIDs(file: table.source, first: tables[0].source, idColumn: idColumn)
            }
        }
    }

    /// The combined analysis of `analyses`, once every data set is checked to use the first's rows and units.
    private static func combine(_ analyses: [HLMAnalysis], dataSets: CompletedDataSets,
                                seconds: Double) throws -> CombinedAnalysis {
        let names = dataSets.names, first = analyses[0].data
        for (name, analysis) in zip(names, analyses).dropFirst()
        where (analysis.data.level1Used, analysis.data.level2Used) != (first.level1Used, first.level2Used) {
            throw CombinationError.differentCases(name: name, first: names[0],
                                                  level1: (first.level1Used, analysis.data.level1Used),
                                                  level2: (first.level2Used, analysis.data.level2Used))
        }
        let combination = RubinCombination(fits: analyses.map(\.fit), inference: analyses.map(\.inference))
        return CombinedAnalysis(dataSets: dataSets, analyses: analyses, combination: combination,
                                wallTimeSeconds: seconds, processors: SystemInfo.onlineProcessorCount())
    }
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) * 1e-18
    }
}
