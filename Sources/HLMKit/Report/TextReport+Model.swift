// "Summary of the model specified": the level-1 and level-2 equations in HLM's notation, the centering notes
// and the combined (mixed) model.

extension TextReport {
    /// The model summary section.
    static func modelSection(_ notation: ModelNotation) -> [String] {
        let specification = notation.specification
        return ["Summary of the model specified", "", "Level-1 Model", ""]
            + level1Lines(specification, notation: notation).map { "    " + $0 }
            + ["", "Level-2 Model"]
            + specification.level2.map { "    " + level2Line($0, notation: notation) }
            + [""] + centeringNotes(specification)
            + ["Mixed Model", ""]
            + mixedModelLines(specification, notation: notation)
            + [""]
    }

    private static func level1Lines(_ specification: ModelSpecification, notation: ModelNotation) -> [String] {
        let level1 = specification.level1
        let terms = level1.coefficientNames.map { name -> String in
            let beta = "beta_\(notation.betaIndex(name) ?? 0)j"
            return name == "INTRCPT1" ? beta : "\(beta)*(\(name)_ij)"
        }
        let model = "\(level1.outcome)_ij = " + (terms + ["r_ij"]).joined(separator: " + ")
        guard specification.isHeterogeneous else { return [model] }
        let alphas = ["alpha_0"] + specification.variancePredictors.enumerated().map { index, predictor in
            "alpha_\(index + 1)*(\(predictor.name)_ij)"
        }
        return [model, "r_ij ~ N(0, sigma^2_ij)", "log(sigma^2_ij) = " + alphas.joined(separator: " + ")]
    }

    private static func level2Line(_ equation: Level2Equation, notation: ModelNotation) -> String {
        let q = notation.betaIndex(equation.coefficient) ?? 0
        var terms = zip(equation.predictorNames, notation.gammaSymbols(equation)).map { name, gamma in
            name == "INTRCPT2" ? gamma : "\(gamma)*(\(name)_j)"
        }
        if equation.isRandom { terms.append("u_\(q)j") }
        return "beta_\(q)j = " + (terms.isEmpty ? "0" : terms.joined(separator: " + "))
    }

    /// "X has been centered around the group/grand mean." once per centred variable, in order of appearance,
    /// then a blank line; nothing when no variable is centred.
    private static func centeringNotes(_ specification: ModelSpecification) -> [String] {
        let predictors = specification.level1.predictors + specification.level2.flatMap(\.predictors)
            + specification.variancePredictors
        let notes = predictors.filter { $0.centering != .uncentered }
            .map { "\($0.name) has been centered around the \($0.centering.rawValue) mean." }
            .uniqued()
        return notes.isEmpty ? [] : notes + [""]
    }

    /// One line per level-1 coefficient's fixed terms, then the random terms and r_ij.
    private static func mixedModelLines(_ specification: ModelSpecification, notation: ModelNotation) -> [String] {
        var fixedGroups: [[String]] = []
        var randomTerms: [String] = []
        for equation in specification.level2 {
            let q = notation.betaIndex(equation.coefficient) ?? 0
            let slope = equation.coefficient == "INTRCPT1" ? "" : "*\(equation.coefficient)_ij"
            fixedGroups.append(zip(equation.predictorNames, notation.gammaSymbols(equation)).map { name, gamma in
                (name == "INTRCPT2" ? gamma : "\(gamma)*\(name)_j") + slope
            })
            if equation.isRandom { randomTerms.append("u_\(q)j" + slope) }
        }
        let groups = fixedGroups.filter { !$0.isEmpty } + [randomTerms + ["r_ij"]]
        let outcome = "    \(specification.level1.outcome)_ij = "
        return groups.enumerated().map { index, terms in
            (index == 0 ? outcome : "    + ") + terms.joined(separator: " + ")
        }
    }
}
