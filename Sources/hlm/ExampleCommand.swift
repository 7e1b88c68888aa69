import HLMExamples
import HLMKit

/// `hlm example [NAME | list]`: fits a model of the HLM manual (HS&B) or an HGLM (Contraception) on embedded data.
struct ExampleCommand: Subcommand {
    static let name = "example"
    static let abstract =
        "Fit an example model on embedded data: HS&B, Contraception (lists them without NAME or with list)."
    static let discussion = """
        Takes the estimation, inference and output options of `hlm fit`, e.g.
          hlm example hsb-heterogeneous-sigma2 --title "By gender" --json results.json
          hlm example hsb-heterogeneous-sigma2 --html report.html
        """

    var name: String?
    var estimation = EstimationArguments()
    var inference = InferenceArguments()
    var output = OutputOptions()

    static var arguments: [ArgumentDeclaration<Self>] {
        let own: [ArgumentDeclaration<Self>] = [
            .positional("NAME", \.name, help: "The example to run; `list` or nothing lists them."),
        ]
        return own + group(\.estimation) + group(\.inference) + group(\.output)
    }

    func validate() throws {
        try estimation.validate()
        try inference.validate()
    }

    func run() throws {
        try reportingErrors {
            guard let name, name != "list" else {
                return try StandardOutput.write("Examples (run `hlm example NAME`):\n"
                    + Example.all.map { "  \($0.name.padding(36))\($0.summary)\n" }.joined())
            }
            guard let example = Example.named(name) else { throw CLIError.unknownExample(name: name) }
            let settings = try example.resolved(AnalysisSettings(estimation: estimation, inference: inference,
                                                                 output: output))
                .withResidualTables(for: output)
            if example.isThreeLevel {
                try checkThreeLevel(estimation: estimation, inference: inference, output: output)
                let paths = settings.threeLevelResidualPaths(level3Path: inference.residuals3)
                try output.checkPaths(inputs: [], outputPath: settings.outputPath, others: paths.map(\.path))
                let analysis = try example.runThreeLevel(settings)
                return try output.emit(analysis, outputPath: settings.outputPath,
                                       extraFiles: threeLevelResidualFiles(analysis, paths: paths))
            }
            guard inference.residuals3 == nil else {
                throw UsageError("--residuals3 writes a three-level model's level-3 residual file; \(name) has two levels.")
            }
            try output.checkPaths(inputs: [], outputPath: settings.outputPath, others: settings.residualPaths)
            if !example.plausibleValues.isEmpty {
                try output.checkCombined(fullOutput: settings.fullOutput)
                return try output.emit(try example.runCombined(settings), outputPath: settings.outputPath)
            }
            let analysis = try example.run(settings)
            try output.emit(analysis, outputPath: settings.outputPath,
                            extraFiles: settings.residualFiles(analysis))
        }
    }
}

extension String {
    /// The string padded with spaces to `width` characters.
    func padding(_ width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
