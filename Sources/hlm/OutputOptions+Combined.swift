import HLMKit

extension OutputOptions {
    /// Writes a combined analysis's report and JSON as `emit(_:outputPath:fullOutput:extraFiles:)` writes a
    /// single fit's, then its warnings to standard error.
    ///
    /// - Throws: `CLIError.combinedOutputOption` for `--full-output` (or `fulloutput:y`) and `--hlm-deviance`,
    ///   which apply to one fit's report.
    func emit(_ combined: CombinedAnalysis, outputPath: String?, fullOutput: Bool) throws {
        if fullOutput || self.fullOutput { throw CLIError.combinedOutputOption("--full-output (fulloutput:y)") }
        if hlmDeviance { throw CLIError.combinedOutputOption("--hlm-deviance") }
        let files = [(text: TextReport.render(combined), path: outputPath ?? "-")]
            + [json.map { (text: JSONReport.render(combined), path: $0) }].compactMap { $0 }
        try AtomicFiles.write(files)
        for warning in combined.warnings {
            writeToStandardError("warning: \(warning)\n")
        }
    }
}
