/// Where a variable is used, for messages about variables the data do not have.
enum VariableUse: Sendable, Equatable {
    /// The level-1 equation (outcome or predictor).
    case level1Equation
    /// The level-2 equation for the named coefficient.
    case level2Equation(String)
    /// The level-1 variance model (`--sigma2`, `heterol1var:`).
    case varianceModel
    /// The binomial family's trials column (`--trials`).
    case trials
    /// The Poisson family's exposure column (`--exposure`).
    case exposure

    var phrase: String {
        switch self {
        case .level1Equation: return "the level-1 equation"
        case let .level2Equation(coefficient): return "the level-2 equation for \(coefficient)"
        case .varianceModel: return "the level-1 variance model"
        case .trials: return "--trials (the number of trials)"
        case .exposure: return "--exposure (the exposure)"
        }
    }
}

/// An error in the model specification: its syntax, its consistency, or its fit to the data's columns.
///
/// `description` is the message without an "error: " prefix (the CLI adds it). Syntax and model errors
/// have category `.usage`; variables the data do not have (or have at the other level) have `.data`.
enum SpecificationError: HLMError, Equatable {
    /// A problem at a position in an equation's text (rendered with the text and a caret).
    case located(EquationProblem, EquationLocation)
    /// A problem in the equations as values, with no text to point at.
    case model(EquationProblem)
    /// A variable that neither data file has at the right level; `suggestions` are close names,
    /// `available` the columns of the level where it was expected.
    case unknownVariable(String, usedIn: VariableUse, suggestions: [String], available: [String])
    /// A variable of the other level: `variableLevel` is the file it is in.
    case wrongLevel(String, variableLevel: Int, usedIn: VariableUse)
    /// The ID column that links the files, used in an equation.
    case idColumnInModel(String)
    /// A problem in an HLM command file; `line` is nil for whole-file problems.
    case commandFile(CommandFileProblem, path: String, line: Int?)
    /// Settings of a non-normal outcome that contradict each other.
    case response(ResponseSettingProblem)

    /// `.usage` for syntax, model and command-file problems; `.data` for mismatches with the data.
    var category: ErrorCategory {
        switch self {
        case .located, .model, .commandFile, .response: return .usage
        case .unknownVariable, .wrongLevel, .idColumnInModel: return .data
        }
    }

    /// The message: what was expected, what was found, where, and how to fix it.
    var description: String {
        switch self {
        case let .located(problem, location):
            let hint = problem.hint.map { ": \($0)" } ?? ""
            return "\(location.origin): \(problem.summary) at column \(location.column)\(hint)\n"
                + location.caretDisplay
        case let .model(problem):
            return problem.summary + (problem.hint.map { ": \($0)" } ?? "")
        case let .unknownVariable(name, use, _, available) where available.isEmpty:
            return "unknown variable \(name) in \(use.phrase): there are no variables at that level "
                + "(no level-2 file was given, or it has only the ID column); give a file with a column \(name)"
        case let .unknownVariable(name, use, suggestions, available):
            let guess = suggestions.isEmpty ? "" : "did you mean \(suggestions.joined(separator: " or "))? "
            return "unknown variable \(name) in \(use.phrase): \(guess)available: "
                + available.joined(separator: ", ")
        case let .wrongLevel(name, level, use):
            let wanted = level == 1 ? 2 : 1
            return "\(name) is a level-\(level) variable (in the level-\(level) file); "
                + "\(use.phrase) takes level-\(wanted) variables"
        case let .idColumnInModel(name):
            return "\(name) is the ID column that links the level-1 and level-2 files; "
                + "it cannot be an outcome or a predictor"
        case let .commandFile(problem, path, line):
            return Self.describe(problem, at: line.map { "line \($0) of \(path)" } ?? path)
        case let .response(problem):
            return problem.description
        }
    }

    private static func describe(_ problem: CommandFileProblem, at place: String) -> String {
        switch problem {
        case let .unknownKeyword(keyword):
            return "unknown keyword \(keyword.shownInMessage) on \(place): known keywords are "
                + CommandFile.knownKeywords.sorted().joined(separator: ", ")
        case let .unsupported(keyword, value, defaultValue):
            return "\(keyword):\(value.shownInMessage) is not supported yet (\(place)); remove the line or write "
                + "\(keyword):\(defaultValue)"
        case let .missingColon(text):
            return "expected keyword:value on \(place), found \"\(text.shownInMessage)\""
        case let .invalidValue(keyword, value, expected):
            return "\(keyword):\(value.shownInMessage) on \(place): expected \(expected)"
        case let .repeatedKeyword(keyword, firstLine):
            return "\(keyword) appears again on \(place) (first on line \(firstLine)): give it once"
        case .missingLevel1:
            return "\(place) has no level1: line: add one, e.g. level1:MATHACH=INTRCPT1+SES+RANDOM"
        case let .missingResidualFileName(keyword):
            return "\(keyword):y on \(place) needs a \(keyword)name: line naming the file"
        case .level3BeforeLevel2:
            return "level3: on \(place) comes before any level2: line: HLM3 writes each level-2 equation's level3: "
                + "lines after it (level3:INTRCPT2=INTRCPT3+random/), or write the coefficient in full "
                + "(level3:INTRCPT1/INTRCPT2=INTRCPT3+random)"
        case let .twoLevelOnly(keyword):
            return "\(keyword): on \(place) applies to two-level models only, and this command file has level3: "
                + "lines: remove the line or set it to its default"
        case let .ambiguousTestKeyword(keyword):
            return "\(keyword): on \(place) is ambiguous: hypothesis tests are gamma1:, gamma2:, ... (the test's "
                + "number, without leading zeros; repeat a keyword for more rows of one test), while \(keyword) reads "
                + "as a fixed effect; write gamma\(Int(keyword.dropFirst(5)) ?? 1): for that test"
        }
    }
}
