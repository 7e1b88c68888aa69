import ArgumentParser
import Foundation
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

    /// Writes the report and JSON (`fullOutput` adds to the flag, e.g. a command file's `fulloutput:y`).
    /// Files are written atomically (temporary file, then rename).
    func emit(_ analysis: HLMAnalysis, outputPath: String?, fullOutput: Bool = false) throws {
        let report = TextReport.render(analysis, hlmDeviance: hlmDeviance, fullOutput: fullOutput || self.fullOutput)
        if let path = outputPath {
            try write(report, to: path)
        } else {
            print(report, terminator: report.hasSuffix("\n") ? "" : "\n")
        }
        if let json {
            try write(JSONReport.render(analysis), to: json)
        }
        for warning in analysis.fit.warnings {
            FileHandle.standardError.write(Data("warning: \(warning)\n".utf8))
        }
    }

    /// Refuses output paths (the report, the JSON and `others`) that would overwrite an input file.
    func checkPaths(inputs: [String], outputPath: String?, others: [String] = []) throws {
        let resolvedInputs = Set(inputs.map { URL(fileURLWithPath: $0).standardizedFileURL.path })
        for path in [outputPath, json].compactMap({ $0 }) + others
        where resolvedInputs.contains(URL(fileURLWithPath: path).standardizedFileURL.path) {
            throw CLIError.outputOverwritesInput(path: path)
        }
    }

    /// Writes `text` to `path` atomically.
    func write(_ text: String, to path: String) throws {
        do {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw CLIError.cannotWrite(path: path, reason: error.localizedDescription)
        }
    }
}

/// Errors of the command line itself.
enum CLIError: HLMError {
    case outputOverwritesInput(path: String)
    case cannotWrite(path: String, reason: String)
    case cannotRead(path: String)
    case unknownExample(name: String)
    case modelAndCommandFile
    case noModel
    case fileCount(Int)

    var category: ErrorCategory {
        switch self {
        case .cannotWrite, .cannotRead: return .data
        default: return .usage
        }
    }

    var description: String {
        switch self {
        case let .outputOverwritesInput(path):
            return "the output path \(path) is one of the input files; choose another path."
        case let .cannotWrite(path, reason):
            return "cannot write \(path): \(reason)"
        case let .cannotRead(path):
            return "cannot read the command file \(path): no such file or not readable."
        case let .unknownExample(name):
            return "there is no example called \(name). Examples: "
                + Example.all.map(\.name).joined(separator: ", ")
        case .modelAndCommandFile:
            return "give the model either with --model or with --command, not both."
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
        FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
        throw ExitCode(error.category.exitStatus)
    }
}
