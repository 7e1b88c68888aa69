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
        try ModelPartError.relocating([:]) {
            try assembled(level1: level1, level2: level2, variancePredictors: variancePredictors)
        }
    }

    /// `make`'s checks, throwing `ModelPartError` so that a parser can point at the text.
    /// `allowsGroupCenteringAtLevel2`: a three-level model centres level-2 variables on their level-3 unit's mean.
    static func assembled(level1: Level1Equation, level2: [Level2Equation], variancePredictors: [Predictor],
                          allowsGroupCenteringAtLevel2: Bool = false) throws -> ModelSpecification {
        let outcome = level1.outcome
        if ReservedWord.all.contains(outcome) {
            throw ModelPartError(problem: .keywordAsOutcome(outcome), place: .level1Outcome)
        }
        try checkPredictors(level1.predictors, outcome: outcome, place: ModelPart.level1Predictor)
        let coefficients = level1.coefficientNames
        var equations: [String: Level2Equation] = [:]
        for (index, equation) in level2.enumerated() {
            let name = equation.coefficient
            let place = ModelPart.level2Coefficient(index)
            guard coefficients.contains(name) else {
                throw ModelPartError(problem: .unknownCoefficient(name, available: coefficients), place: place)
            }
            guard equations[name] == nil else { throw ModelPartError(problem: .duplicateEquation(name), place: place) }
            guard equation.hasIntercept || equation.isRandom || !equation.predictors.isEmpty else {
                throw ModelPartError(problem: .emptyLevel2Equation(name), place: place)
            }
            try checkPredictors(equation.predictors, outcome: outcome) { .level2Predictor(equation: index, term: $0) }
            if !allowsGroupCenteringAtLevel2,
               let grouped = equation.predictors.firstIndex(where: { $0.centering == .group }) {
                throw ModelPartError(problem: .groupCenteringAtLevel2(equation.predictors[grouped].name),
                                 place: .level2Predictor(equation: index, term: grouped))
            }
            equations[name] = equation
        }
        let ordered = coefficients.map { equations[$0] ?? .hlmDefault(for: $0) }
        guard ordered.contains(where: \.isRandom) else {
            let problem = level1.hasIntercept ? EquationProblem.noRandomCoefficient
                : .noInterceptNoRandomCoefficient(outcome: outcome)
            throw ModelPartError(problem: problem, place: .wholeModel)
        }
        try checkPredictors(variancePredictors, outcome: outcome, place: ModelPart.variancePredictor)
        return ModelSpecification(level1: level1, level2: ordered, variancePredictors: variancePredictors)
    }

    /// Rejects reserved words, repeats and (when given) the outcome among `predictors`;
    /// `place` maps a predictor's index to its place in the model.
    static func checkPredictors(_ predictors: [Predictor], outcome: String?,
                                place: (Int) -> ModelPart) throws {
        var seen: Set<String> = []
        for (index, predictor) in predictors.enumerated() {
            let name = predictor.name
            let problem: EquationProblem? =
                ReservedWord.all.contains(name) ? .reservedName(name)
                : name == outcome ? .outcomeAsPredictor(name)
                : !seen.insert(name).inserted ? .duplicateTerm(name)
                : nil
            if let problem { throw ModelPartError(problem: problem, place: place(index)) }
        }
    }
}
