import ArgumentParser
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import HLMKit

/// Where the report and the JSON go; shared by `fit` and `example`.
struct OutputOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Write the results as JSON to PATH.", valueName: "PATH"))
    var json: String?

    @Option(name: .long, help: ArgumentHelp("Write the text report to PATH instead of standard output.",
                                            valueName: "PATH"))
    var output: String?

    @Flag(name: .long, help: "Print deviances in the heterogeneous-sigma^2 block as HLM does (ln(2 pi) lower).")
    var hlmDeviance = false

    @Flag(name: .long, help: "Also print the standard errors of Tau, sigma^2 and alpha (HLM's fulloutput).")
    var fullOutput = false

    /// Writes the report, the JSON and any `extraFiles` (residual files) together: all go to temporary files
    /// first and are renamed into place only when every one was written (`AtomicFiles.write`); the report
    /// goes to standard output only when no `--output` path is given. `fullOutput` adds to the flag (a command
    /// file's `fulloutput:y`).
    func emit(_ analysis: HLMAnalysis, outputPath: String?, fullOutput: Bool = false,
              extraFiles: [(text: String, path: String)] = []) throws {
        let report = TextReport.render(analysis, hlmDeviance: hlmDeviance, fullOutput: fullOutput || self.fullOutput)
        let files = [outputPath.map { (text: report, path: $0) },
                     json.map { (text: JSONReport.render(analysis), path: $0) }].compactMap { $0 } + extraFiles
        try AtomicFiles.write(files)
        if outputPath == nil {
            print(report, terminator: report.hasSuffix("\n") ? "" : "\n")
        }
        for warning in analysis.fit.warnings {
            writeToStandardError("warning: \(warning)\n")
        }
    }

    /// Refuses output paths (the report, the JSON and `others`) that would overwrite an input file (also
    /// through a symbolic link), and two outputs with the same path.
    func checkPaths(inputs: [String], outputPath: String?, others: [String] = []) throws {
        let resolvedInputs = Set(inputs.map(FilePath.resolved))
        let outputs = [outputPath, json].compactMap { $0 } + others
        let resolvedOutputs = outputs.map(FilePath.resolved)
        for (path, resolved) in zip(outputs, resolvedOutputs) where resolvedInputs.contains(resolved) {
            throw CLIError.outputOverwritesInput(path: path)
        }
        var seen = Set<String>()
        for (path, resolved) in zip(outputs, resolvedOutputs) where !seen.insert(resolved).inserted {
            throw CLIError.sameOutputPaths(path: path)
        }
    }
}

/// Errors of the command line itself.
enum CLIError: HLMError {
    case outputOverwritesInput(path: String)
    case sameOutputPaths(path: String)
    case cannotWrite(path: String, reason: String)
    case unknownExample(name: String)
    case modelAndCommandFile
    case noModel
    case fileCount(Int)

    var category: ErrorCategory {
        switch self {
        case .cannotWrite: return .data
        default: return .usage
        }
    }

    var description: String {
        switch self {
        case let .outputOverwritesInput(path):
            return "the output path \(path) is one of the input files; choose another path."
        case let .sameOutputPaths(path):
            return "two outputs (--output, --json, residual files) name \(path); give each a different path."
        case let .cannotWrite(path, reason):
            return "cannot write \(path): \(reason)"
        case let .unknownExample(name):
            return "there is no example called \(name). Examples: "
                + Example.all.map(\.name).joined(separator: ", ")
        case .modelAndCommandFile:
            return "give the model either with --model (and --sigma2) or with --command (and its heterol1var: "
                + "line), not both."
        case .noModel:
            return "no model given: add --model \"OUTCOME = INTRCPT1 + ...\" (level-1 equation first) "
                + "or --command FILE.hlm."
        case let .fileCount(count):
            return "expected LEVEL1.csv and optionally LEVEL2.csv, got \(count) file arguments."
        }
    }
}

/// Runs `body`, printing an `HLMError` to standard error and exiting with its category's status.
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as HLMError {
        writeToStandardError("error: \(error.description)\n")
        throw ExitCode(error.category.exitStatus)
    }
}

/// Writes `text` to standard error at once (unbuffered), so that it comes out even if the process then exits.
func writeToStandardError(_ text: String) {
    try? FileBytes.writeAll(Array(text.utf8), to: STDERR_FILENO)
}
