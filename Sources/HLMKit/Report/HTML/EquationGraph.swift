/// HLM's equation graph: the level-1 equation's predicted line for a sample of units,
/// yhat = beta_0j + beta_xj x + sum of beta_qj xbar_q over the other predictors, over each unit's observed range
/// of the predictor x, coloured by a level-2 predictor. beta_qj is the unit's EB coefficient (`EBCOEF_q`) for a
/// random coefficient and its predicted w_j'gamma_q for a fixed one; for an HGLM the lines are on the link scale
/// (without an exposure offset).
enum EquationGraph {
    /// The most units drawn.
    static let sampleSize = 30

    /// What the graph draws: each row's level-1 predictor values (as they enter the model) and unit, each
    /// unit's level-1 coefficients beta_qj (the level-1 equation's order), the outcome's scale and the units'
    /// colour groups.
    struct Units {
        var predictors: [(name: String, centering: Centering, values: [Double])]
        var hasIntercept: Bool
        var ids: [String]
        var unitOfRow: [Int]
        var coefficients: [[Double]]
        var scale: String
        var groups: (group: [Int], legend: [String], description: String)
    }

    /// The figure of a two-level fit; a note when the level-1 equation has no predictor.
    static func figure(_ data: PlotData) -> HTMLFigure {
        let ids = data.tables.level2.ids
        let index = Dictionary(ids.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        return figure(Units(
            predictors: zip(data.level1Predictors, data.specification.level1.predictors).map {
                ($0.name, $1.centering, $0.values)
            },
            hasIntercept: data.specification.level1.hasIntercept, ids: ids,
            unitOfRow: data.tables.level1.ids.map { index[$0] ?? -1 }, coefficients: coefficientTable(data),
            scale: data.linkScale, groups: colourGroups(data, units: ids.count)))
    }

    /// The figure of `units`; a note when the level-1 equation has no predictor.
    static func figure(_ units: Units) -> HTMLFigure {
        let title = "Equation graph: predicted \(units.scale) by unit"
        let predictors = units.predictors
        guard let chosen = predictors.firstIndex(where: { Set($0.values).count > 2 }) ?? predictors.indices.first
        else {
            return HTMLFigure(absent: title, because: "The level-1 equation has no predictor, so each unit's "
                + "predicted line is flat at its intercept: the caterpillar plot shows those intercepts.")
        }
        let x = predictors[chosen]
        let coefficients = units.coefficients
        let means = predictors.map { $0.values.reduce(0, +) / Double(max($0.values.count, 1)) }
        let unitIDs = units.ids
        let rowsByUnit = Dictionary(grouping: units.unitOfRow.indices, by: { units.unitOfRow[$0] })
        // Each unit's line: intercept and slope in x, the other predictors held at their overall means.
        let lines: [(intercept: Double, slope: Double, low: Double, high: Double)] = unitIDs.indices.map { j in
            let beta = coefficients[j]
            var intercept = units.hasIntercept ? beta[0] : 0
            let offset = units.hasIntercept ? 1 : 0
            for (k, mean) in means.enumerated() where k != chosen { intercept += beta[k + offset] * mean }
            let values = (rowsByUnit[j] ?? []).map { x.values[$0] }
            return (intercept, beta[chosen + offset], values.min() ?? .nan, values.max() ?? .nan)
        }
        let xMean = means[chosen]
        let ranked = lines.indices.sorted {
            (lines[$0].intercept + lines[$0].slope * xMean, unitIDs[$0]) < (lines[$1].intercept + lines[$1].slope * xMean, unitIDs[$1])
        }
        let count = min(sampleSize, ranked.count)
        let sample = count <= 1 ? Array(ranked.prefix(count))
            : (0..<count).map { ranked[Int((Double($0) * Double(ranked.count - 1) / Double(count - 1)).rounded())] }
        let groups = units.groups
        let segments = sample.map { j in
            (j, (x0: lines[j].low, y0: lines[j].intercept + lines[j].slope * lines[j].low,
                 x1: lines[j].high, y1: lines[j].intercept + lines[j].slope * lines[j].high))
        }
        let marks: [SVGPlot.Mark] = groups.legend.indices.map { g in
            .segments(segments.filter { groups.group[$0.0] == g }.map(\.1), colour: SVGPlot.Colour.series[g],
                      width: 2, opacity: 0.85)
        }
        let centering = x.centering
        let xLabel = x.name + (centering == .group ? " (centred on the unit's mean)"
                               : centering == .grand ? " (centred on the grand mean)" : " (level-1 predictor)")
        let others = predictors.indices.filter { $0 != chosen }.map { predictors[$0].name }
        let plot = SVGPlot(
            title: title,
            description: "Predicted \(units.scale) against \(x.name) for \(sample.count) of \(unitIDs.count) units "
                + "(chosen at evenly spaced ranks of their prediction at the mean \(x.name)), each line over the "
                + "unit's own range of \(x.name)" + (others.isEmpty ? "" : ", other level-1 predictors ("
                    + others.joined(separator: ", ") + ") at their means") + ". " + groups.description,
            x: PlotAxis(label: xLabel, covering: segments.flatMap { [$0.1.x0, $0.1.x1] }),
            y: PlotAxis(label: "Predicted \(units.scale)", covering: segments.flatMap { [$0.1.y0, $0.1.y1] }),
            marks: marks, legend: groups.legend.count > 1 ? groups.legend.enumerated().map {
                ($1, SVGPlot.Colour.series[$0])
            } : [])
        return HTMLFigure(plot, reading: "Each line is one unit's level-1 equation with its EB coefficients (HLM's "
            + "equation graph), drawn over the values of \(x.name) the unit has. Steeper lines mean a stronger "
            + "relation of \(x.name) to the outcome in that unit"
            + (groups.legend.count > 1 ? "; the colours show whether the lines differ with the level-2 predictor. "
               : ". ") + groups.description)
    }

    /// beta_qj of every unit for each level-1 coefficient, in the level-1 equation's order.
    static func coefficientTable(_ data: PlotData) -> [[Double]] {
        let level2 = Dictionary(data.level2Predictors.map { ($0.name, $0.values) }, uniquingKeysWith: { first, _ in first })
        let names = data.specification.level1.coefficientNames
        let random = names.map { data.level2("EBCOEF_\($0)") }
        return data.tables.level2.ids.indices.map { j in
            names.enumerated().map { q, name in
                if let eb = random[q] { return eb[j] }
                return data.fit.fixedEffects.filter { $0.coefficient == name }.reduce(0) { sum, effect in
                    sum + effect.estimate * (effect.predictor == "INTRCPT2" ? 1 : level2[effect.predictor]?[j] ?? .nan)
                }
            }
        }
    }

    /// The colour group of each unit by the first level-2 predictor: its two codes for a 0/1-like predictor,
    /// else at or below its median against above; one group when the model has no level-2 predictor.
    private static func colourGroups(_ data: PlotData, units: Int)
        -> (group: [Int], legend: [String], description: String) {
        guard let predictor = data.level2Predictors.first else {
            return (Array(repeating: 0, count: units), ["all units"], "The model has no level-2 predictor to colour by.")
        }
        let codes = Set(predictor.values).sorted()
        if codes.count == 2 {
            return (predictor.values.map { $0 == codes[0] ? 0 : 1 },
                    codes.map { "\(predictor.name) = \(plotNumber($0))" },
                    "Colours: \(predictor.name) = \(plotNumber(codes[0])) (blue) or \(plotNumber(codes[1])) (red).")
        }
        let sorted = predictor.values.sorted()
        let median = sorted.isEmpty ? 0 : (sorted[(sorted.count - 1) / 2] + sorted[sorted.count / 2]) / 2
        return (predictor.values.map { $0 <= median ? 0 : 1 },
                ["\(predictor.name) ≤ \(plotNumber(median))", "\(predictor.name) > \(plotNumber(median))"],
                "Colours: \(predictor.name) at or below its median \(plotNumber(median)) (blue) or above it (red).")
    }
}
