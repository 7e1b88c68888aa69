import ArgumentParser
import HLMKit

/// `hlm example [NAME | list]`: fits a model of the HLM manual on the embedded HS&B data.
struct ExampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "example",
        abstract: "Fit one of the HLM manual's models on the embedded HS&B data (lists them without NAME or with list).",
        discussion: """
        Takes the estimation, inference and output options of `hlm fit`, e.g.
          hlm example hsb-heterogeneous-sigma2 --title "By gender" --json results.json
        """
    )

    @Argument(help: ArgumentHelp("The example to run; `list` or nothing lists them.", valueName: "NAME"))
    var name: String?

    @OptionGroup var estimation: EstimationArguments

    @OptionGroup(title: "Inference") var inference: InferenceArguments

    @OptionGroup var output: OutputOptions

    func run() throws {
        try reportingErrors {
            guard let name, name != "list" else {
                return try StandardOutput.write("Examples (run `hlm example NAME`):\n"
                    + Example.all.map { "  \($0.name.padding(36))\($0.summary)\n" }.joined())
            }
            guard let example = Example.named(name) else { throw CLIError.unknownExample(name: name) }
            let specification = try example.specification()
            let paths = inference.residualPaths(nil)
            try output.checkPaths(inputs: [], outputPath: output.output, others: [paths.level1, paths.level2].compactMap { $0 })
            var analysis = try example.run(
                options: estimation.applied(to: EstimationArguments.defaults(for: specification)),
                inference: try inference.options(base: InferenceOptions(),
                                                 residuals: paths.level1 != nil || paths.level2 != nil))
            analysis.title = output.title ?? analysis.title
            try output.emit(analysis, outputPath: output.output, extraFiles: inference.residualFiles(analysis, paths: paths))
        }
    }
}

extension String {
    /// The string padded with spaces to `width` characters.
    func padding(_ width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
