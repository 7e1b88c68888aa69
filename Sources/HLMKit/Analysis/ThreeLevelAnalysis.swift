/// A three-level analysis (HLM3): the model, the data used and the results.
public struct ThreeLevelAnalysis: Sendable {
    /// Title for the report.
    public var title: String
    /// The model (with its level-3 equations).
    public var specification: ModelSpecification
    /// What data were read, used and excluded at each level.
    public var data: DataSummary
    /// Optimiser settings used.
    public var options: EstimationOptions
    /// The estimates and tests.
    public var results: ThreeLevelResults
    /// The fit the results tabulate (the residual files and the plots are taken from it when asked for).
    var fit: ThreeLevelFit
    /// The level-2 and level-3 ID columns, which head the residual files.
    var idColumn: String, level3IDColumn: String

    /// The level-1, level-2 and level-3 residual files' texts, formatted when asked for (most runs write none).
    public var residuals: ThreeLevelResiduals {
        ThreeLevelResiduals(fit, idColumn: idColumn, level3IDColumn: level3IDColumn)
    }

    /// What the HTML report's plots read (`HTMLReport.render(_: ThreeLevelAnalysis)`), computed when asked for.
    var plotTables: ThreeLevelPlotTables { ThreeLevelPlotTables(fit, specification: specification) }
}

extension ThreeLevelAnalysis {
    /// Runs a three-level `request` (its `level3IDColumn` set): reads the files, joins the three levels
    /// (`MultilevelData.join(level1:level2:level3:...)`), builds the design, fits it and tabulates the results.
    ///
    /// Level-1 variables (the outcome and the level-1 predictors) come from the level-1 file, level-2 variables
    /// from the level-2 file (or, without one, the level-1 file), level-3 variables from the level-3 file (or,
    /// without one, the level-1 file); a variance predictor from the first of the level-1, level-2 and level-3
    /// files that has the column. Throws the first `HLMError` met.
    public static func run(_ request: AnalysisRequest) throws -> ThreeLevelAnalysis {
        let read = { (path: String) in try readDataTable(path: path, options: request.readOptions) }
        return try run(request, tables: read(request.level1Path), request.level2Path.map(read),
                       request.level3Path.map(read))
    }

    /// `run(_:)` on tables already read (the embedded examples): the request's paths are not opened.
    public static func run(_ request: AnalysisRequest, level1: CSVTable, level2: CSVTable?,
                           level3: CSVTable?) throws -> ThreeLevelAnalysis {
        try run(request, tables: level1, level2, level3)
    }

    /// `run(_:)` on tables of any format (`DataTable`).
    static func run(_ request: AnalysisRequest, tables level1: any DataTable, _ level2: (any DataTable)?,
                    _ level3: (any DataTable)?) throws -> ThreeLevelAnalysis {
        let specification = request.specification
        guard let level3ID = request.level3IDColumn, specification.isThreeLevel else {
            throw SpecificationError.model(.level3IDMismatch(hasLevel3ID: request.level3IDColumn != nil))
        }
        // A variance predictor is read from the first file (level 1, 2, 3) that has it.
        let variance = specification.variancePredictors.map(\.name)
        let fromLevel1 = variance.filter { level1.columnIndex($0) != nil }
        let fromLevel2 = variance.filter { name in !fromLevel1.contains(name) && level2?.columnIndex(name) != nil }
        let fromLevel3 = variance.filter { !fromLevel1.contains($0) && !fromLevel2.contains($0) }
        let level1Variables = [specification.level1.outcome] + specification.level1.predictors.map(\.name) + fromLevel1
        let level2Variables = specification.level2.flatMap { $0.predictors.map(\.name) } + fromLevel2
        let level3Variables = specification.level3.flatMap { $0.predictors.map(\.name) } + fromLevel3
        let data = try MultilevelData.join(level1: level1, level2: level2, level3: level3, idColumn: request.idColumn,
                                           level3IDColumn: level3ID, level1Variables: level1Variables,
                                           level2Variables: level2Variables, level3Variables: level3Variables,
                                           missingCodes: request.missingCodes, dropUnmatched: request.dropUnmatched)
        let design = try ThreeLevelDesign.build(data: data, specification: specification)
        let fit = try ThreeLevelEstimator.fit(design, options: request.options)
        return ThreeLevelAnalysis(title: request.title, specification: specification, data: data.summary,
                                  options: request.options, results: ThreeLevelResults(fit, data: data, specification: specification),
                                  fit: fit, idColumn: data.idColumn, level3IDColumn: data.level3IDColumn ?? level3ID)
    }
}
