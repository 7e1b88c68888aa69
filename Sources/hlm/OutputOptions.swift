import HLMKit

/// The report's title and where the report and the JSON go; shared by `fit` and `example`.
struct OutputOptions: ArgumentGroup {
    var title: String?
    var json: String?
    var output: String?
    var html: String?
    var hlmDeviance = false
    var fullOutput = false

    static var arguments: [ArgumentDeclaration<Self>] {
        [
            .option("title", \.title, help: "Title of the report."),
            .option("json", \.json, valueName: "PATH", help: "Write the results as JSON to PATH."),
            .option("output", \.output, valueName: "PATH", help:
                "Write the text report to PATH instead of standard output."),
            .option("html", \.html, valueName: "PATH", help:
                "Write the report as one self-contained HTML page with plots (no network needed to view it) to PATH."),
            .flag("hlm-deviance", \.hlmDeviance, help:
                "Print deviances in the heterogeneous-sigma^2 block as HLM does (ln(2 pi) lower)."),
            .flag("full-output", \.fullOutput, help:
                "Also print the standard errors of Tau, sigma^2 and alpha (HLM's fulloutput)."),
        ]
    }

    /// Writes the report, the JSON, the HTML report and any `extraFiles` (residual files) together through `AtomicFiles.write`:
    /// regular files go to temporary files first and are renamed into place only when every output was written.
    /// The report goes to standard output when no `--output` path is given (or it is `-`). `fullOutput` adds to
    /// the flag (a command file's `fulloutput:y`).
    func emit(_ analysis: HLMAnalysis, outputPath: String?, fullOutput: Bool = false,
              extraFiles: [(text: String, path: String)] = []) throws {
        var report = TextReport.render(analysis, hlmDeviance: hlmDeviance, fullOutput: fullOutput || self.fullOutput)
        if outputPath == nil && !report.hasSuffix("\n") { report += "\n" }
        try write(report: report, outputPath: outputPath, json: { JSONReport.render(analysis) },
                  html: { HTMLReport.render(analysis) }, extraFiles: extraFiles, warnings: analysis.fit.warnings)
    }

    /// Writes a three-level analysis's report, JSON and HTML report as `emit(_:outputPath:fullOutput:extraFiles:)` does.
    func emit(_ analysis: ThreeLevelAnalysis, outputPath: String?,
              extraFiles: [(text: String, path: String)] = []) throws {
        try write(report: TextReport.render(analysis), outputPath: outputPath, json: { JSONReport.render(analysis) },
                  html: { HTMLReport.render(analysis) }, extraFiles: extraFiles)
    }

    /// Writes `report` (to standard output when `outputPath` is nil), the JSON and HTML documents where their
    /// paths are given (each rendered only then) and
    /// `extraFiles` together through `AtomicFiles.write`, then `warnings` to standard error.
    func write(report: String, outputPath: String?, json renderJSON: () -> String, html renderHTML: () -> String,
               extraFiles: [(text: String, path: String)] = [], warnings: [String] = []) throws {
        let documents = [json.map { (text: renderJSON(), path: $0) },
                         html.map { (text: renderHTML(), path: $0) }]
        try AtomicFiles.write([(text: report, path: outputPath ?? "-")] + documents.compactMap { $0 } + extraFiles)
        for warning in warnings {
            writeToStandardError("warning: \(warning)\n")
        }
    }

    /// Refuses output paths (the report, the JSON, the HTML report and `others`) that would overwrite an input file (also
    /// through a symbolic link) and two outputs naming the same regular file, then checks that every output
    /// can be written (`AtomicFiles.check`; the report's standard output when `outputPath` is nil), so that a
    /// refused run writes nothing.
    func checkPaths(inputs: [String], outputPath: String?, others: [String] = []) throws {
        let resolvedInputs = Set(inputs.map(FilePath.resolved))
        let outputs = [outputPath ?? "-"] + [json, html].compactMap { $0 } + others
        let files = try outputs.filter { if case .file = try OutputTarget($0) { true } else { false } }
        let resolvedFiles = files.map(FilePath.resolved)
        for (path, resolved) in zip(files, resolvedFiles) where resolvedInputs.contains(resolved) {
            throw CLIError.outputOverwritesInput(path: path)
        }
        var seen = Set<String>()
        for (path, resolved) in zip(files, resolvedFiles) where !seen.insert(resolved).inserted {
            throw CLIError.sameOutputPaths(path: path)
        }
        try AtomicFiles.check(outputs)
    }
}
