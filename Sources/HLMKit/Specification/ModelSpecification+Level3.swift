extension ModelSpecification {
    /// A three-level model's checks: levels 1 and 2 as `assembled(level1:level2:variancePredictors:)` (with
    /// `group(W)` allowed at level 2: W centred on its level-3 unit's mean), then one level-3 equation per
    /// level-2 coefficient p/q (p in level-1 order, q in its level-2 equation's order), given or HLM3's
    /// default (`Level3Equation.hlmDefault`).
    ///
    /// - Throws: `ModelPartError` when a level-3 equation's left side is not a level-2 coefficient, repeats one
    ///   or has no terms; a level-3 predictor is a reserved word, the outcome, repeated or group-centred.
    static func assembled(level1: Level1Equation, level2: [Level2Equation], level3: [Level3Equation],
                          variancePredictors: [Predictor]) throws -> ModelSpecification {
        var model = try assembled(level1: level1, level2: level2, variancePredictors: variancePredictors,
                                  allowsGroupCenteringAtLevel2: true)
        let coefficients = model.level2.flatMap { equation in
            equation.predictorNames.map { "\(equation.coefficient)/\($0)" }
        }
        var equations: [String: Level3Equation] = [:]
        for (index, equation) in level3.enumerated() {
            let place = ModelPart.level3Coefficient(index)
            guard coefficients.contains(equation.name) else {
                throw ModelPartError(problem: .unknownLevel2Coefficient(equation.name, available: coefficients),
                                     place: place)
            }
            guard equations[equation.name] == nil else {
                throw ModelPartError(problem: .duplicateLevel3Equation(equation.name), place: place)
            }
            guard equation.hasIntercept || equation.isRandom || !equation.predictors.isEmpty else {
                throw ModelPartError(problem: .emptyLevel3Equation(equation.name), place: place)
            }
            try checkPredictors(equation.predictors, outcome: level1.outcome) {
                .level3Predictor(equation: index, term: $0)
            }
            if let grouped = equation.predictors.firstIndex(where: { $0.centering == .group }) {
                throw ModelPartError(problem: .groupCenteringAtLevel3(equation.predictors[grouped].name),
                                     place: .level3Predictor(equation: index, term: grouped))
            }
            equations[equation.name] = equation
        }
        model.level3 = model.level2.flatMap { equation in
            equation.predictorNames.map { predictor in
                equations["\(equation.coefficient)/\(predictor)"]
                    ?? .hlmDefault(coefficient: equation.coefficient, level2Predictor: predictor)
            }
        }
        return model
    }
}
