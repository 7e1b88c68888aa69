// Model equations as one-line text, shared by the JSON report and the text report's notation.

extension Predictor {
    /// The predictor as written in a command file: `SES`, `group(SES)` or `grand(MEANSES)`.
    var text: String {
        switch centering {
        case .uncentered: name
        case .group: "group(\(name))"
        case .grand: "grand(\(name))"
        }
    }
}

extension Level1Equation {
    /// The equation as text, e.g. `MATHACH = INTRCPT1 + group(SES)`; `0` stands for an empty right side.
    var text: String {
        equationText(outcome, terms: (hasIntercept ? ["INTRCPT1"] : []) + predictors.map(\.text))
    }
}

extension Level2Equation {
    /// The equation as text, e.g. `INTRCPT1 = INTRCPT2 + SECTOR + grand(MEANSES) + random`;
    /// `+ random` marks a random effect u_qj, `0` an empty right side.
    var text: String {
        let terms = (hasIntercept ? ["INTRCPT2"] : []) + predictors.map(\.text) + (isRandom ? ["random"] : [])
        return equationText(coefficient, terms: terms)
    }
}

/// `left = t1 + t2 + ...`, or `left = 0` without terms.
private func equationText(_ left: String, terms: [String]) -> String {
    "\(left) = " + (terms.isEmpty ? "0" : terms.joined(separator: " + "))
}

extension Level3Equation {
    /// The equation as text, e.g. `INTRCPT1/INTRCPT2 = INTRCPT3 + LOWINC + random`.
    var text: String {
        let terms = (hasIntercept ? ["INTRCPT3"] : []) + predictors.map(\.text) + (isRandom ? ["random"] : [])
        return equationText(name, terms: terms)
    }
}
