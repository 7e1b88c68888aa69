import HLMExamples
import HLMKit

/// Errors of the command line itself.
enum CLIError: HLMError {
    case outputOverwritesInput(path: String)
    case sameOutputPaths(path: String)
    case cannotWrite(path: String, reason: String)
    case unknownExample(name: String)
    case modelAndCommandFile
    case noModel
    case fileCount(Int)
    case imputedFileCount(level: Int, Int)
    case combinedOutputOption(String)
    /// An option of two-level models given with --id3.
    case threeLevelOption(String)

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
        case let .threeLevelOption(option):
            return "\(option) applies to two-level models only here: a three-level model (--id3) takes --model "
                + "equations, a normal outcome, --sigma2, --method, the iteration settings and the residual files."
        case let .fileCount(count):
            return "expected LEVEL1.csv and optionally LEVEL2.csv, got \(count) file arguments."
        case let .imputedFileCount(level, count):
            return level == 1
                ? "with imputed level-1 files (--imputed), give at most the level-2 file as a file argument, "
                    + "got \(count)."
                : "with imputed level-2 files (--imputed-level 2), give the level-1 file as the one file argument, "
                    + "got \(count)."
        case let .combinedOutputOption(option):
            return "\(option) prints one fit's details; a combined analysis (plausible values or imputed files) "
                + "reports the combined estimates, and each fit's whole results are in the JSON (--json: fits)."
        }
    }
}
