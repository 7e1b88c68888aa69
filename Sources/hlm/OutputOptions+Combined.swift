import HLMKit

extension OutputOptions {
    /// Refuses, before the fits run, the outputs that show one fit's details: `--full-output` (or
    /// `fulloutput:y`) and `--hlm-deviance`.
    ///
    /// - Throws: `CLIError.combinedOutputOption` naming the option.
    func checkCombined(fullOutput: Bool) throws {
        if fullOutput || self.fullOutput { throw CLIError.combinedOutputOption("--full-output (fulloutput:y)") }
        if hlmDeviance { throw CLIError.combinedOutputOption("--hlm-deviance") }
    }

    /// Writes a combined analysis's report, JSON and HTML report as `emit(_:outputPath:fullOutput:extraFiles:)` writes a
    /// single fit's (after `checkCombined(fullOutput:)`), then its warnings to standard error.
    func emit(_ combined: CombinedAnalysis, outputPath: String?) throws {
        try write(report: TextReport.render(combined), outputPath: outputPath, json: { JSONReport.render(combined) },
                  html: { HTMLReport.render(combined) }, warnings: combined.warnings)
    }
}
