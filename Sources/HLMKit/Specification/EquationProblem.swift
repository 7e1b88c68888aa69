/// What is wrong with an equation or a model, independent of where it was written.
///
/// A `SpecificationError` pairs a problem with its place: a column in an equation's text
/// (`.located`) or the model as a whole (`.model`). `CommandFileProblem` is the same for a command file's lines.
enum EquationProblem: Sendable, Equatable {
    /// A variable name was expected (e.g. after `+`).
    case expectedName
    /// `=` was expected after the left side's name.
    case expectedEquals(after: String)
    /// Nothing is written before `=`.
    case emptyLeftSide
    /// Nothing is written after `=`.
    case emptyRightSide
    /// A character that cannot appear here; `expected` says what could.
    case unexpectedCharacter(String, expected: String)
    /// `group(` or `grand(` without its closing `)`.
    case unclosedFunction(String)
    /// A function other than `group` or `grand`.
    case unknownFunction(String)
    /// A command-file centering code other than `,1` or `,2`.
    case unknownCenteringCode(String)
    /// `INTRCPT1`, `INTRCPT2` or `random` inside `group()`/`grand()` or with a centering code.
    case centeredKeyword(String)
    /// A term written twice in one equation (or in the variance predictors).
    case duplicateTerm(String)
    /// The level-1 equation's left side is a reserved word (usually: a level-2 equation came first).
    case keywordAsOutcome(String)
    /// `INTRCPT2` in the level-1 equation (level 1) or `INTRCPT1` on a level-2 right side (level 2).
    case misplacedIntercept(String, level: Int)
    /// `random` in the level-1 equation of a `--model` option.
    case randomInLevel1
    /// A reserved word used as a variable (e.g. a variance predictor named `INTRCPT1`).
    case reservedName(String)
    /// `group()` centering of a level-2 predictor.
    case groupCenteringAtLevel2(String)
    /// A level-2 equation whose left side is not a level-1 coefficient; `available` lists those.
    case unknownCoefficient(String, available: [String])
    /// A second level-2 equation for the same coefficient.
    case duplicateEquation(String)
    /// The outcome written as a predictor.
    case outcomeAsPredictor(String)
    /// A level-2 equation with no intercept, no predictor and no random effect.
    case emptyLevel2Equation(String)
    /// No level-2 equation has a random effect.
    case noRandomCoefficient
    /// No level-2 equation has a random effect and the level-1 equation (of `outcome`) has no `INTRCPT1`,
    /// whose default level-2 equation would have made the intercept random.
    case noInterceptNoRandomCoefficient(outcome: String)
    /// No equation was given at all.
    case noLevel1Equation
    /// A level-3 equation's left side is not a level-2 coefficient `COEF1/COEF2` of the model.
    case unknownLevel2Coefficient(String, available: [String])
    /// Two level-3 equations for one level-2 coefficient.
    case duplicateLevel3Equation(String)
    /// A level-3 equation without terms.
    case emptyLevel3Equation(String)
    /// A level-3 variable centred on a group mean (there is no level above level 3).
    case groupCenteringAtLevel3(String)
    /// INTRCPT1 or INTRCPT2 on the right side of a level-3 equation.
    case misplacedInterceptAtLevel3(String)
    /// A three-level model without a level-3 ID column, or a two-level model given one.
    case level3IDMismatch(hasLevel3ID: Bool)
    /// A centred predictor of log sigma^2 in a model written as a command file, whose `heterol1var:` lists
    /// names only.
    case centredVariancePredictorInCommandFile(String)

    /// What is wrong, as a phrase that reads well before " at column N".
    var summary: String {
        switch self {
        case .expectedName: return "expected a variable name"
        case let .expectedEquals(name): return "expected `=` after \(name)"
        case .emptyLeftSide: return "nothing before `=`"
        case .emptyRightSide: return "nothing after `=`"
        case let .unexpectedCharacter(found, _): return "unexpected `\(found.shownInMessage)`"
        case let .unclosedFunction(function): return "`\(function)(` is not closed"
        case let .unknownFunction(function): return "unknown function `\(function)(`"
        case let .unknownCenteringCode(code): return "unknown centering code `,\(code)`"
        case let .centeredKeyword(word): return "\(word) cannot be centered"
        case let .duplicateTerm(name): return "\(name) is written twice"
        case let .keywordAsOutcome(word): return "\(word) is not an outcome variable"
        case let .misplacedIntercept(word, level): return "\(word) does not belong in a level-\(level) equation"
        case .randomInLevel1: return "`random` does not belong in the level-1 equation"
        case let .reservedName(word): return "\(word) is a reserved word, not a variable"
        case let .groupCenteringAtLevel2(name): return "group-mean centering of the level-2 variable \(name)"
        case let .unknownCoefficient(name, _): return "there is no level-1 coefficient \(name)"
        case let .duplicateEquation(name): return "a second level-2 equation for \(name)"
        case let .outcomeAsPredictor(name): return "the outcome \(name) is used as a predictor"
        case let .emptyLevel2Equation(name): return "the level-2 equation for \(name) has no terms"
        case .noRandomCoefficient: return "no random level-1 coefficient"
        case .noInterceptNoRandomCoefficient:
            return "no random level-1 coefficient, because the level-1 equation has no INTRCPT1 "
                + "(an intercept exists only when written, and its default level-2 equation is random)"
        case .noLevel1Equation: return "no model given"
        case let .unknownLevel2Coefficient(name, _): return "there is no level-2 coefficient \(name)"
        case let .duplicateLevel3Equation(name): return "a second level-3 equation for \(name)"
        case let .emptyLevel3Equation(name): return "the level-3 equation for \(name) has no terms"
        case let .groupCenteringAtLevel3(name): return "group-mean centering of the level-3 variable \(name)"
        case let .misplacedInterceptAtLevel3(word): return "\(word) does not belong in a level-3 equation"
        case let .level3IDMismatch(hasLevel3ID):
            return hasLevel3ID ? "a level-3 ID was given for a two-level model" : "level-3 equations without a level-3 ID"
        case let .centredVariancePredictorInCommandFile(name):
            return "the variance predictor \(name) is centred, which a command file's heterol1var: cannot say"
        }
    }

    /// How to fix it, or nil when the summary says enough.
    var hint: String? {
        switch self {
        case .expectedName, .expectedEquals, .emptyLeftSide, .emptyRightSide: return nil
        case let .unexpectedCharacter(_, expected): return "expected \(expected)"
        case .unclosedFunction: return "add `)` after the variable name"
        case .unknownFunction: return "use group(NAME) or grand(NAME)"
        case .unknownCenteringCode: return "use ,1 for group-mean or ,2 for grand-mean centering"
        case .centeredKeyword: return "only variables can be centered"
        case .duplicateTerm: return "write each term once"
        case .keywordAsOutcome:
            return "the level-1 equation comes first, e.g. MATHACH = INTRCPT1 + SES"
        case .misplacedIntercept(_, 1):
            return "the level-1 intercept is INTRCPT1; INTRCPT2 is written in level-2 equations"
        case .misplacedIntercept:
            return "the level-2 intercept is INTRCPT2; INTRCPT1 may only be a level-2 equation's left side"
        case .randomInLevel1:
            return "the level-1 residual r_ij is always present; `+ random` in a level-2 equation adds u_qj"
        case .reservedName: return "INTRCPT1, INTRCPT2 and RANDOM cannot name variables here"
        case .groupCenteringAtLevel2: return "level-2 variables take grand(NAME) or no centering"
        case let .unknownCoefficient(_, available):
            return "a level-2 equation's left side is one of " + available.joined(separator: ", ")
        case .duplicateEquation: return "write one level-2 equation per coefficient"
        case .outcomeAsPredictor: return "remove it from the right side"
        case .emptyLevel2Equation: return "write INTRCPT2, a level-2 variable or random"
        case .noRandomCoefficient: return "add `+ random` to a level-2 equation"
        case let .noInterceptNoRandomCoefficient(outcome):
            return "write INTRCPT1 in the level-1 equation, e.g. \(outcome) = INTRCPT1 + ..., "
                + "or add `+ random` to a level-2 equation"
        case .noLevel1Equation: return "give the level-1 equation first, e.g. --model \"MATHACH = INTRCPT1 + SES\""
        case let .unknownLevel2Coefficient(_, available):
            return "a level-3 equation's left side is one of " + available.joined(separator: ", ")
        case .duplicateLevel3Equation: return "write one level-3 equation per level-2 coefficient"
        case .emptyLevel3Equation: return "write INTRCPT3, a level-3 variable or random"
        case .groupCenteringAtLevel3: return "level-3 variables take grand(NAME) or no centering"
        case .level3IDMismatch: return "give the level-3 ID column with --id3 for a three-level model, or drop the level-3 equations"
        case .misplacedInterceptAtLevel3:
            return "the level-3 intercept is INTRCPT3; write COEF1/COEF2 on the left, e.g. INTRCPT1/INTRCPT2 = INTRCPT3"
        case .centredVariancePredictorInCommandFile:
            return "use the variable uncentred (heterol1var: lists names only), or fit with --sigma2 and grand(NAME)"
        }
    }
}
