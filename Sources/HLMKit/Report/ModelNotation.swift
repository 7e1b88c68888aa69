// HLM's subscripts for a specification: beta_q for the level-1 coefficients (q = 0 is INTRCPT1) and
// gamma_qs for the level-2 coefficients (s = 0 is INTRCPT2). Without an intercept the numbering starts at 1,
// so beta_0 and gamma_q0 always mean the intercepts.

/// Subscripts and labels of a model's coefficients, as the text report prints them.
struct ModelNotation {
    let specification: ModelSpecification

    /// q of beta_q for a level-1 coefficient name; nil when the name is not in the level-1 equation.
    func betaIndex(_ coefficient: String) -> Int? {
        let level1 = specification.level1
        return level1.coefficientNames.firstIndex(of: coefficient).map { $0 + (level1.hasIntercept ? 0 : 1) }
    }

    /// `gamma_qs` for each predictor of a level-2 equation, in order.
    func gammaSymbols(_ equation: Level2Equation) -> [String] {
        let q = betaIndex(equation.coefficient) ?? 0
        let first = equation.hasIntercept ? 0 : 1
        return equation.predictorNames.indices.map { "gamma_\(q)\($0 + first)" }
    }

    /// `gamma_qs` of one fixed effect; nil when the pair is not in the specification.
    func gammaSymbol(coefficient: String, predictor: String) -> String? {
        guard let equation = level2Equation(for: coefficient),
              let position = equation.predictorNames.firstIndex(of: predictor) else { return nil }
        return gammaSymbols(equation)[position]
    }

    /// The level-2 equation of a level-1 coefficient.
    func level2Equation(for coefficient: String) -> Level2Equation? {
        specification.level2.first { $0.coefficient == coefficient }
    }

    /// `INTRCPT1` for the intercept, `SES slope` for a slope (the fixed-effect and variance-component tables).
    static func coefficientLabel(_ coefficient: String) -> String {
        coefficient == "INTRCPT1" ? coefficient : "\(coefficient) slope"
    }
}
