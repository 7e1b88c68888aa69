import HLMPlatform

// What the three-level HTML report's plots read, taken from the fit once (as `ThreeLevelResiduals` takes the
// residual files): the rows' fitted values and residuals, the level-2 and level-3 conditional modes, a
// heterogeneous model's sigma_i, and each level-2 unit's level-1 coefficients for the equation graph.

/// A three-level fit's numbers for the plots, in the design's grouped order.
struct ThreeLevelPlotTables: Sendable {
    /// The level-2 units' IDs and, for each, the index of its level-3 unit; the level-3 units' IDs.
    var level2IDs: [String], level3OfUnit: [Int], level3IDs: [String]
    /// Each level-1 row's level-2 unit (an index into `level2IDs`).
    var unitOfRow: [Int]
    /// FITTED = x'gamma + z2'r_j + z3'u_k and RESIDUAL = y - FITTED of every row (the level-1 residual file's).
    var fitted: [Double], residual: [Double]
    /// The conditional modes r_pj of each level-1 coefficient random at level 2, by unit.
    var level2Modes: [(coefficient: String, values: [Double])]
    /// The conditional modes u_pqk of each `COEF1/COEF2` random at level 3, by level-3 unit.
    var level3Modes: [(coefficient: String, values: [Double])]
    /// sigma^2_i = exp(alpha_0 + c_i'alpha) of every row for a heterogeneous model, else nil.
    var sigma2: [Double]?
    /// The variance predictors' values c_i of every row, as they enter log sigma^2 (centred as written).
    var variancePredictors: [(name: String, values: [Double])]
    /// Each level-1 predictor's row values as they enter the model (centred as written), in the level-1
    /// equation's order; nil when the design holds no column equal to it (no `(p, INTRCPT2, INTRCPT3)` effect and
    /// p not random at level 2).
    var level1Predictors: [(name: String, values: [Double])]?
    /// pi_pj of every level-2 unit j for each level-1 coefficient p (the level-1 equation's order):
    /// sum_qs gamma_pqs X_qj W_sk + sum_q u_pqk X_qj + r_pj, the unit's level-1 equation at the estimates.
    var coefficients: [[Double]]

    /// The plots' numbers of `fit`.
    init(_ fit: ThreeLevelFit, specification: ModelSpecification) {
        let design = fit.design, grouping = design.grouping, units3 = grouping.levels[1]
        let w = design.width, p = design.fixedCount, q2 = design.level2Count
        let level3OfUnit = fit.level3OfUnit
        level2IDs = grouping.level2.ids
        level3IDs = units3.ids
        self.level3OfUnit = level3OfUnit
        let hasModes = !fit.level2Modes.isEmpty && !fit.level3Modes.isEmpty
        unitOfRow = (0..<grouping.unitCount).flatMap { j in grouping.rows(ofUnit: j).map { _ in j } }
        // Each row's contribution of each level-1 coefficient p, a_pi pi_pj: its fixed columns, its level-2
        // random column and its level-3 random columns (COEF1/COEF2 with COEF1 = p).
        let names = specification.level1.coefficientNames
        let columns = names.map { name in
            (fixed: design.fixedLabels.indices.filter { design.fixedLabels[$0].coefficient == name },
             level2: design.level2Random.firstIndex(of: name),
             level3: design.level3Random.indices.filter { design.level3Random[$0].split(separator: "/").first.map(String.init) == name })
        }
        let fitted = fit.fittedValues
        var contributions = [[Double]](repeating: [Double](repeating: 0, count: grouping.rowCount), count: names.count)
        for i in 0..<grouping.rowCount {
            let base = i * w, j = unitOfRow[i], k = level3OfUnit[j]
            for (c, column) in columns.enumerated() {
                var sum = column.fixed.reduce(0) { $0 + design.rows[base + $1] * fit.gamma[$1] }
                if hasModes {
                    if let t = column.level2 { sum += design.rows[base + p + t] * fit.level2Modes[j][t] }
                    sum += column.level3.reduce(0) { $0 + design.rows[base + p + q2 + $1] * fit.level3Modes[k][$1] }
                }
                contributions[c][i] = sum
            }
        }
        self.fitted = fitted
        residual = (0..<grouping.rowCount).map { design.rows[$0 * w + w - 1] - fitted[$0] }
        level2Modes = hasModes ? design.level2Random.enumerated().map { t, name in (name, fit.level2Modes.map { $0[t] }) } : []
        level3Modes = hasModes ? design.level3Random.enumerated().map { t, name in (name, fit.level3Modes.map { $0[t] }) } : []
        let m = design.varianceCount
        variancePredictors = design.variancePredictors.enumerated().map { h, name in
            (name, (0..<grouping.rowCount).map { design.varianceRows[$0 * m + h] })
        }
        sigma2 = m == 0 ? nil : (0..<grouping.rowCount).map { (i: Int) -> Double in
            var logRatio = 0.0
            for h in 0..<m { logRatio += design.varianceRows[i * m + h] * fit.alpha[h] }
            return fit.sigma2 * exp(logRatio)
        }
        // a_pi: a fixed column (p, INTRCPT2, INTRCPT3) or p's level-2 random column holds it.
        let predictorColumns: [Int?] = specification.level1.predictors.map { predictor in
            design.fixedLabels.firstIndex { $0.coefficient == predictor.name && $0.level2Predictor == ReservedWord.intercept2
                && $0.predictor == ReservedWord.intercept3 }
                ?? design.level2Random.firstIndex(of: predictor.name).map { p + $0 }
        }
        let rows = grouping.rowCount
        let predictors = predictorColumns.contains(nil) ? nil : zip(specification.level1.predictors, predictorColumns)
            .map { predictor, column in (predictor.name, (0..<rows).map { design.rows[$0 * w + column!] }) }
        level1Predictors = predictors
        // pi_pj = a_pi pi_pj / a_pi at the unit's row with the largest |a_pi| (0 where the unit's a_p is all 0,
        // where the coefficient does not change the unit's predictions).
        let offset = specification.level1.hasIntercept ? 1 : 0
        coefficients = (0..<grouping.unitCount).map { j in
            names.indices.map { c in
                let unitRows = grouping.rows(ofUnit: j)
                guard c >= offset else { return contributions[c][unitRows.lowerBound] }
                guard let values = predictors?[c - offset].1,
                      let row = unitRows.max(by: { abs(values[$0]) < abs(values[$1]) }), values[row] != 0
                else { return 0 }
                return contributions[c][row] / values[row]
            }
        }
    }
}
