/// Which part of a model a problem is in; a parser maps places to columns of the text it read.
enum ModelPlace: Hashable {
    case level1Outcome
    case level1Predictor(Int)
    /// The left side of the level-2 equation at this index (in the order given, before sorting).
    case level2Coefficient(Int)
    case level2Predictor(equation: Int, term: Int)
    case variancePredictor(Int)
    case wholeModel
}

/// A problem found while assembling a model, with the part of the model it is in.
struct ModelIssue: Error {
    var problem: ModelProblem
    var place: ModelPlace

    /// Runs `body`, turning a `ModelIssue` into `SpecificationError.located` when `locations` knows
    /// where its place was written, else into `.model`.
    static func relocating<T>(_ locations: [ModelPlace: EquationLocation], _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let issue as ModelIssue {
            throw locations[issue.place].map { SpecificationError.located(issue.problem, $0) }
                ?? SpecificationError.model(issue.problem)
        }
    }
}

extension ModelSpecification {
    /// Validates the equations and returns the complete model: one level-2 equation per level-1
    /// coefficient, in the order of `level1.coefficientNames`, with HLM's defaults
    /// (`Level2Equation.hlmDefault(for:)`) for coefficients that have no equation.
    ///
    /// - Throws: `SpecificationError.model` (category `.usage`) when the outcome is a reserved word or is
    ///   also a predictor; a predictor is written twice or is a reserved word; a level-2 predictor is
    ///   group-mean centered; a level-2 equation models something that is not a level-1 coefficient,
    ///   repeats a coefficient, or has no terms; no coefficient is random (HLM2 always has one).
    static func make(level1: Level1Equation, level2: [Level2Equation],
                            variancePredictors: [Predictor]) throws -> ModelSpecification {
        try ModelIssue.relocating([:]) {
            try assembled(level1: level1, level2: level2, variancePredictors: variancePredictors)
        }
    }

    /// `make`'s checks, throwing `ModelIssue` so that a parser can point at the text.
    static func assembled(level1: Level1Equation, level2: [Level2Equation],
                          variancePredictors: [Predictor]) throws -> ModelSpecification {
        let outcome = level1.outcome
        if ReservedWord.all.contains(outcome) {
            throw ModelIssue(problem: .keywordAsOutcome(outcome), place: .level1Outcome)
        }
        try checkPredictors(level1.predictors, outcome: outcome, place: ModelPlace.level1Predictor)
        let coefficients = level1.coefficientNames
        var equations: [String: Level2Equation] = [:]
        for (index, equation) in level2.enumerated() {
            let name = equation.coefficient
            let place = ModelPlace.level2Coefficient(index)
            guard coefficients.contains(name) else {
                throw ModelIssue(problem: .unknownCoefficient(name, available: coefficients), place: place)
            }
            guard equations[name] == nil else { throw ModelIssue(problem: .duplicateEquation(name), place: place) }
            guard equation.hasIntercept || equation.isRandom || !equation.predictors.isEmpty else {
                throw ModelIssue(problem: .emptyLevel2Equation(name), place: place)
            }
            try checkPredictors(equation.predictors, outcome: outcome) { .level2Predictor(equation: index, term: $0) }
            if let grouped = equation.predictors.firstIndex(where: { $0.centering == .group }) {
                throw ModelIssue(problem: .groupCenteringAtLevel2(equation.predictors[grouped].name),
                                 place: .level2Predictor(equation: index, term: grouped))
            }
            equations[name] = equation
        }
        let ordered = coefficients.map { equations[$0] ?? .hlmDefault(for: $0) }
        guard ordered.contains(where: \.isRandom) else {
            let problem = level1.hasIntercept ? ModelProblem.noRandomCoefficient
                : .noInterceptNoRandomCoefficient(outcome: outcome)
            throw ModelIssue(problem: problem, place: .wholeModel)
        }
        try checkPredictors(variancePredictors, outcome: outcome, place: ModelPlace.variancePredictor)
        return ModelSpecification(level1: level1, level2: ordered, variancePredictors: variancePredictors)
    }

    /// Rejects reserved words, repeats and (when given) the outcome among `predictors`;
    /// `place` maps a predictor's index to its place in the model.
    static func checkPredictors(_ predictors: [Predictor], outcome: String?,
                                place: (Int) -> ModelPlace) throws {
        var seen: Set<String> = []
        for (index, predictor) in predictors.enumerated() {
            let name = predictor.name
            let problem: ModelProblem? =
                ReservedWord.all.contains(name) ? .reservedName(name)
                : name == outcome ? .outcomeAsPredictor(name)
                : !seen.insert(name).inserted ? .duplicateTerm(name)
                : nil
            if let problem { throw ModelIssue(problem: problem, place: place(index)) }
        }
    }
}
