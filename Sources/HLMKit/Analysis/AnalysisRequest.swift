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
    /// Method, iteration limit and tolerance.
    public var options: EstimationOptions
    /// Cell texts meaning "missing", besides empty, `NA` and `.`.
    public var missingCodes: Set<String>
    /// Whether level-1 rows without a level-2 row are excluded (true) or an error (false).
    public var dropUnmatched: Bool
    /// The report's title.
    public var title: String
    /// The files' delimiter and decimal mark (detected when not given; the same for both files).
    public var readOptions = CSVReadOptions()

    /// Creates a request.
    public init(level1Path: String, level2Path: String?, idColumn: String, specification: ModelSpecification,
                options: EstimationOptions, missingCodes: Set<String> = [], dropUnmatched: Bool = false,
                title: String = "HLM2 analysis") {
        self.level1Path = level1Path
        self.level2Path = level2Path
        self.idColumn = idColumn
        self.specification = specification
        self.options = options
        self.missingCodes = missingCodes
        self.dropUnmatched = dropUnmatched
        self.title = title
    }
}

extension EstimationMethod {
    /// The method used when none is asked for: REML (as HLM2) for homogeneous sigma^2, full ML for a
    /// modelled level-1 variance (as in the HLM manual's heterogeneous-sigma^2 example, whose parameter
    /// counts include the fixed effects).
    public static func defaultMethod(heterogeneous: Bool) -> EstimationMethod {
        heterogeneous ? .fml : .reml
    }
}
