extension ModelSpecification {
    /// Parses `--model` equations and `--sigma2` lists into a validated model.
    ///
    /// The level-1 equation comes first, as in HLM: `MATHACH = INTRCPT1 + SES + group(FEMALE)`;
    /// every later equation is a level-2 equation, `INTRCPT1 = INTRCPT2 + SECTOR + grand(MEANSES) + random`,
    /// whose left side is `INTRCPT1` or a level-1 predictor. Names are case-insensitive (letters, digits,
    /// `_`, `.`) and upper-cased; whitespace is free. `INTRCPT1`/`INTRCPT2` give the intercepts (none
    /// unless written), `group(X)`/`grand(X)` set centering (`group` only at level 1), and `random`
    /// adds u_qj. Coefficients without an equation get HLM's defaults (see `make`).
    ///
    /// - Parameters:
    ///   - models: the `--model` strings, level-1 equation first.
    ///   - variancePredictors: the `--sigma2` items (see `parseVariancePredictors(_:)`).
    /// - Throws: `SpecificationError.located` pointing at the offending column, or `.model` when
    ///   `models` is empty or no coefficient is random.
    public static func parse(models: [String], variancePredictors: [String] = []) throws -> ModelSpecification {
        let model = try parse(models: models, variancePredictors: variancePredictors, threeLevel: false)
        // A level-3 equation in a two-level run would otherwise be dropped unseen.
        guard !model.isThreeLevel else { throw SpecificationError.model(.level3IDMismatch(hasLevel3ID: false)) }
        return model
    }

    /// `parse(models:variancePredictors:)` for a model with three levels whether or not level-3 equations
    /// (`COEF1/COEF2 = INTRCPT3 + W + random`) are written: every level-2 coefficient without one gets HLM3's
    /// default (`Level3Equation.hlmDefault`). With `threeLevel` false, a level-3 equation makes the model
    /// three-level too (the two-level `parse(models:variancePredictors:)` refuses it).
    public static func parse(models: [String], variancePredictors: [String] = [],
                             threeLevel: Bool) throws -> ModelSpecification {
        var builder = ModelBuilder()
        for (index, text) in models.enumerated() {
            let scanner = EquationScanner(text, source: .option("--model"))
            if index == 0 {
                try builder.addLevel1(scanner, syntax: .commandLine, acceptsResidual: false)
            } else if text.prefix(while: { $0 != "=" }).contains("/") {
                try builder.addLevel3(scanner, syntax: .commandLine)
            } else {
                try builder.addLevel2(scanner, syntax: .commandLine)
            }
        }
        for item in variancePredictors {
            try builder.addVariancePredictors(EquationScanner(item, source: .option("--sigma2")),
                                              syntax: .commandLineList)
        }
        return try builder.specification(threeLevel: threeLevel)
    }

    /// Parses the predictors of log sigma^2 from `--sigma2` items: each item holds one name or a comma
    /// list (`FEMALE,SES`), each name may be `group(X)` or `grand(X)`, and the option may repeat.
    ///
    /// - Throws: `SpecificationError.located` for a syntax error, a reserved word, or a name given twice
    ///   (within or across items).
    static func parseVariancePredictors(_ items: [String]) throws -> [Predictor] {
        var builder = ModelBuilder()
        for item in items {
            try builder.addVariancePredictors(EquationScanner(item, source: .option("--sigma2")),
                                              syntax: .commandLineList)
        }
        return builder.variancePredictors
    }
}

/// Collects equations read from text, with where each part was written, and assembles the model.
/// Shared by the command-line and command-file parsers.
struct ModelBuilder {
    private(set) var level1: Level1Equation?
    private(set) var level2: [Level2Equation] = []
    private(set) var variancePredictors: [Predictor] = []
    private(set) var level3: [Level3Equation] = []
    private var varianceNames: Set<String> = []
    private var locations: [ModelPart: EquationLocation] = [:]

    /// Reads the level-1 equation; `acceptsResidual` lets a command file's `+RANDOM` (r_ij) through.
    mutating func addLevel1(_ scanner: EquationScanner, syntax: TermSyntax, acceptsResidual: Bool) throws {
        var scanner = scanner
        let equation = try scanner.equation(syntax)
        // Checked before the terms: a level-2 equation given first is the likely mistake.
        if ReservedWord.all.contains(equation.left) {
            throw scanner.failure(.keywordAsOutcome(equation.left), at: equation.leftColumn)
        }
        var hasIntercept = false
        var predictors: [Predictor] = []
        for term in equation.terms {
            switch term.name {
            case ReservedWord.intercept1: hasIntercept = true
            case ReservedWord.intercept2: throw scanner.failure(.misplacedIntercept(term.name, level: 1), at: term.column)
            case ReservedWord.random where !acceptsResidual: throw scanner.failure(.randomInLevel1, at: term.column)
            case ReservedWord.random: break
            default:
                locations[.level1Predictor(predictors.count)] = scanner.location(term.column)
                predictors.append(term.predictor)
            }
        }
        level1 = Level1Equation(outcome: equation.left, hasIntercept: hasIntercept, predictors: predictors)
    }

    /// Reads a level-2 equation.
    mutating func addLevel2(_ scanner: EquationScanner, syntax: TermSyntax) throws {
        var scanner = scanner
        let equation = try scanner.equation(syntax)
        let index = level2.count
        locations[.level2Coefficient(index)] = scanner.location(equation.leftColumn)
        var hasIntercept = false
        var isRandom = false
        var predictors: [Predictor] = []
        for term in equation.terms {
            switch term.name {
            case ReservedWord.intercept2: hasIntercept = true
            case ReservedWord.random: isRandom = true
            case ReservedWord.intercept1: throw scanner.failure(.misplacedIntercept(term.name, level: 2), at: term.column)
            default:
                locations[.level2Predictor(equation: index, term: predictors.count)] = scanner.location(term.column)
                predictors.append(term.predictor)
            }
        }
        level2.append(Level2Equation(coefficient: equation.left, hasIntercept: hasIntercept,
                                     predictors: predictors, isRandom: isRandom))
    }

    /// Reads a level-3 equation `COEF1/COEF2 = INTRCPT3 + W + random` (HLM3), or with `coefficient` (an HLM3
    /// command file's `level3:` line after the `level2:` line of level-1 coefficient COEF1) `COEF2 = ...`.
    mutating func addLevel3(_ scanner: EquationScanner, syntax: TermSyntax, coefficient: String? = nil) throws {
        var scanner = scanner
        var equation = try coefficient == nil ? scanner.level3Equation(syntax) : scanner.equation(syntax)
        if let coefficient { equation.left = "\(coefficient)/\(equation.left)" }
        let index = level3.count
        locations[.level3Coefficient(index)] = scanner.location(equation.leftColumn)
        var hasIntercept = false, isRandom = false
        var predictors: [Predictor] = []
        for term in equation.terms {
            switch term.name {
            case ReservedWord.intercept3: hasIntercept = true
            case ReservedWord.random: isRandom = true
            case ReservedWord.intercept1, ReservedWord.intercept2:
                throw scanner.failure(.misplacedInterceptAtLevel3(term.name), at: term.column)
            default:
                locations[.level3Predictor(equation: index, term: predictors.count)] = scanner.location(term.column)
                predictors.append(term.predictor)
            }
        }
        let sides = equation.left.split(separator: "/").map(String.init)
        level3.append(Level3Equation(coefficient: sides[0], level2Predictor: sides[1], hasIntercept: hasIntercept,
                                     predictors: predictors, isRandom: isRandom))
    }

    /// Reads a list of variance predictors; a name already read (in any list) is an error.
    mutating func addVariancePredictors(_ scanner: EquationScanner, syntax: TermSyntax) throws {
        var scanner = scanner
        for term in try scanner.terms(syntax, seen: &varianceNames) {
            locations[.variancePredictor(variancePredictors.count)] = scanner.location(term.column)
            variancePredictors.append(term.predictor)
        }
        try ModelPartError.relocating(locations) {
            try ModelSpecification.checkPredictors(variancePredictors, outcome: level1?.outcome,
                                                   place: ModelPart.variancePredictor)
        }
    }

    /// The validated model (see `ModelSpecification.make`), with errors pointing at the text; a three-level
    /// model when `threeLevel` or when a level-3 equation was read.
    func specification(threeLevel: Bool = false) throws -> ModelSpecification {
        guard let level1 else { throw SpecificationError.model(.noLevel1Equation) }
        return try ModelPartError.relocating(locations) {
            guard threeLevel || !level3.isEmpty else {
                return try ModelSpecification.assembled(level1: level1, level2: level2,
                                                        variancePredictors: variancePredictors)
            }
            return try ModelSpecification.assembled(level1: level1, level2: level2, level3: level3,
                                                    variancePredictors: variancePredictors)
        }
    }
}
