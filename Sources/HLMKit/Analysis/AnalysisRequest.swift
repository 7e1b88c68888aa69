/// What to fit: the data files, the ID that links them, the model and the estimation settings.
public struct AnalysisRequest: Sendable {
    /// The level-1 file (one row per level-1 case).
    public var level1Path: String
    /// The level-2 file (one row per unit), or nil to use level-1 variables only.
    public var level2Path: String?
    /// The column linking the files.
    public var idColumn: String
    /// The model.
    public var specification: ModelSpecification
    /// Method, iteration limit and tolerance (`AnalysisSettings.resolved(for:commandFile:defaultTitle:)`
    /// merges them from the command line, a command file and the defaults).
    public var options: EstimationOptions
    /// Cell texts meaning "missing", besides empty, `NA` and `.`.
    public var missingCodes: Set<String>
    /// Whether level-1 rows without a level-2 row are excluded (true) or an error (false).
    public var dropUnmatched: Bool
    /// The report's title.
    public var title: String
    /// A three-level model's level-3 file (one row per level-3 unit), or nil (level-3 variables then come from
    /// the level-1 file).
    public var level3Path: String?
    /// A three-level model's level-3 ID column (in the level-1 file and the level-3 file); nil for two levels.
    public var level3IDColumn: String?
    /// The files' delimiter and decimal mark (detected when not given; the same for both files).
    public var readOptions = CSVReadOptions()
    /// The design weights (none by default: an ordinary maximum-likelihood fit).
    public var weights = DesignWeights()

    /// Creates a request; without `options`, the defaults of `AnalysisSettings.resolved(for:commandFile:defaultTitle:)`
    /// (REML for homogeneous sigma^2, full ML for a modelled one; 200 iterations; 1e-8).
    public init(level1Path: String, level2Path: String?, idColumn: String, specification: ModelSpecification,
                options: EstimationOptions? = nil, missingCodes: Set<String> = [], dropUnmatched: Bool = false,
                title: String = "HLM2 analysis") {
        self.level1Path = level1Path
        self.level2Path = level2Path
        self.idColumn = idColumn
        self.specification = specification
        self.options = options ?? AnalysisSettings().estimationOptions(for: specification, commandFile: nil)
        self.missingCodes = missingCodes
        self.dropUnmatched = dropUnmatched
        self.title = title
    }
}

extension AnalysisRequest {
    /// Every column the model, the weights and the ID name, with the missing-value codes: what the join will
    /// ask of the files (`CSVPrefetch`).
    var prefetch: CSVPrefetch {
        let specification = self.specification
        let names = specification.level1Variables + specification.level2Variables + specification.varianceVariables
            + specification.responseVariables + [weights.level1Column, weights.level2Column].compactMap { $0 }
        return CSVPrefetch(names: Set(names.map { $0.trimmed.uppercased() }), idColumn: idColumn,
                           missingCodes: missingCodes)
    }
}
