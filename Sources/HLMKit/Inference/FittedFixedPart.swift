/// The fixed part of a model as it was fitted, read back from the equations `hlm fit --json` saves
/// (`model.level1`, `model.level2`; see `Level1Equation.text`): one `COEFFICIENT/PREDICTOR` term per fixed
/// effect, each side with its centering, e.g. `group(SES)/grand(MEANSES)`. `group(SES)/INTRCPT2` and
/// `SES/INTRCPT2` are different terms: the columns differ, and so do REML deviances.
struct FittedFixedPart {
    /// The terms, in the equations' order.
    var terms: [String]

    /// Parses the saved equations; nil when they are not `LEFT = term + term ...` (or `LEFT = 0`), or a level-2
    /// equation's coefficient is not in the level-1 equation.
    init?(level1: String, level2: [String]) {
        guard let (_, level1Terms) = Self.split(level1) else { return nil }
        var asFitted = ["INTRCPT1": "INTRCPT1"]
        for term in level1Terms { asFitted[Self.bareName(term)] = term }
        var terms: [String] = []
        for equation in level2 {
            guard let (coefficient, predictors) = Self.split(equation), let fitted = asFitted[coefficient]
            else { return nil }
            terms += predictors.filter { $0 != "random" }.map { "\(fitted)/\($0)" }
        }
        self.terms = terms
    }

    /// `LEFT` and the terms of `LEFT = a + b`; no terms for `LEFT = 0`.
    private static func split(_ equation: String) -> (String, [String])? {
        let sides = equation.split(separator: " = ", omittingEmptySubsequences: false).map(String.init)
        guard sides.count == 2, !sides[0].isEmpty, !sides[1].isEmpty else { return nil }
        let terms = sides[1] == "0" ? [] : sides[1].split(separator: " + ", omittingEmptySubsequences: false)
            .map(String.init)
        return terms.contains(where: \.isEmpty) ? nil : (sides[0], terms)
    }

    /// `SES` for `group(SES)`, `grand(SES)` or `SES`.
    private static func bareName(_ term: String) -> String {
        for prefix in ["group(", "grand("] where term.hasPrefix(prefix) && term.hasSuffix(")") {
            return String(term.dropFirst(prefix.count).dropLast())
        }
        return term
    }
}
