import HLMKit

/// The API's handlers, on the working folder and the session's fit runner.
struct StudioRoutes: Sendable {
    let folder: WorkingFolder
    let runner: FitRunner

    /// The folder's data and command files.
    func files() -> FilesResponse {
        FilesResponse(folder: String(folder.path.split(separator: "/").last ?? "/"), files: folder.files())
    }

    /// The columns of the data file `file` with their descriptive statistics; `missing` is a comma list of
    /// missing-value codes.
    func variables(file: String, missing: String?) throws -> VariablesResponse {
        let path = try folder.existingFile(file)
        let table = try readTable(path)
        return VariablesResponse(file: file, rows: table.rowCount,
                                 variables: table.descriptives(missingCodes: Self.codes(missing ?? "")))
    }

    /// The model in HLM's notation and as a command file.
    func model(_ model: StudioModel) throws -> ModelResponse {
        let resolved = try model.resolved()
        let specification = resolved.settings.specification
        do {
            let text = try CommandFile.text(for: specification, settings: resolved.fileSettings)
            return ModelResponse(notation: specification.notationLines, commandFile: text)
        } catch let error as any HLMError {
            return ModelResponse(notation: specification.notationLines, commandFileProblem: error.description)
        }
    }

    /// Fits the model (one fit at a time; three levels when a level-3 ID is chosen) and returns its reports.
    func fit(_ model: StudioModel) async throws -> FitResponse {
        let resolved = try model.resolved()
        guard let level1 = model.level1File, let id = model.id, !id.isEmpty else {
            throw StudioError(.unprocessableContent, "Choose the level-1 file and the ID column first.")
        }
        var request = AnalysisRequest(
            level1Path: try folder.existingFile(level1),
            level2Path: try model.level2File.map { try folder.existingFile($0) }, idColumn: id,
            specification: resolved.settings.specification, options: resolved.settings.estimation,
            missingCodes: Set((model.missingCodes ?? []).flatMap { Self.codes($0) }), title: resolved.settings.title)
        request.weights = resolved.settings.weights
        let run: @Sendable () throws -> StudioAnalysis
        if model.isThreeLevel {
            request.level3Path = try model.level3File.map { try folder.existingFile($0) }
            request.level3IDColumn = model.level3ID
            run = { [request] in .threeLevel(try ThreeLevelAnalysis.run(request)) }
        } else {
            // The HTML report's plots read the residual tables (no residual file is written).
            var inference = resolved.settings.inference
            inference.residuals = true
            run = { [request, inference] in .twoLevel(try HLMAnalysis.run(request, inference: inference)) }
        }
        let analysis = try await runner.fit(model: model, fileSettings: resolved.fileSettings, run)
        return FitResponse(report: analysis.report, html: analysis.html, json: analysis.json)
    }

    /// Writes the model as `NAME.hlm` and, when the last fit is of this model, its reports as `NAME.json` and
    /// `NAME.html`.
    func save(_ save: SaveRequest) async throws -> SaveResponse {
        let resolved = try save.model.resolved()
        let base = save.name.hasSuffix(".hlm") ? String(save.name.dropLast(4)) : save.name
        let text: String
        do {
            text = try CommandFile.text(for: resolved.settings.specification, settings: resolved.fileSettings)
        } catch let error as any HLMError {
            throw StudioError(error)
        }
        let replace = save.replace ?? false
        let last = await runner.last.flatMap { $0.model == save.model ? $0.analysis : nil }
        var outputs: [(kind: WorkingFolder.OutputKind, render: () -> String)] = [(.commandFile, { text })]
        if let last {
            outputs.append((.json, { last.json }))
            outputs.append((.html, { last.html }))
        }
        // Every name is checked before the first is written, so that a refusal writes nothing.
        for output in outputs { _ = try folder.outputTarget(name: base, kind: output.kind, replacing: replace) }
        let written = try outputs.map { try folder.write($0.render(), name: base, kind: $0.kind, replacing: replace) }
        return SaveResponse(written: written,
                            note: last == nil ? "Run the fit of this model to save its results beside it." : nil)
    }

    /// The comma-separated codes in `text`, trimmed, empty ones left out.
    private static func codes(_ text: String) -> Set<String> {
        Set(text.split(separator: ",").map { String($0).trimmingSpaces }.filter { !$0.isEmpty })
    }

    /// The table at `path`, an HLMKit error as 422.
    private func readTable(_ path: String) throws -> CSVTable {
        do {
            return try CSVTable.read(path: path)
        } catch let error as any HLMError {
            throw StudioError(error)
        }
    }
}

extension String {
    /// The text without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
