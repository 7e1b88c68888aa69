import HLMPlatform

/// One residual file as a table: an ID column, then numeric columns (NaN where a value does not exist, written
/// as an empty cell). docs/RESIDUAL-FILES.md documents the columns.
public struct ResidualTable: Sendable, Equatable {
    /// Name of the ID column (as in the level-1 file's header).
    public var idColumn: String
    /// Names of the numeric columns.
    public var columns: [String]
    /// The unit ID of each row.
    public var ids: [String]
    /// One array of `columns.count` values per row.
    public var rows: [[Double]]
}

/// HLM's residual files (`resfil1`, `resfil2`) at the final estimates.
public struct ResidualTables: Sendable, Equatable {
    /// One row per level-1 case: `LINE`, the outcome, `FITTED` = x'gamma + z'u_hat_j, `RESIDUAL` = y - FITTED,
    /// `SIGMA2` = exp(c'alpha), then the level-1 predictors as they enter the model (centred as specified).
    /// For an HGLM: `LINE`, the outcome as read, `ETA` = o + x'gamma + z'u_hat_j (the link scale),
    /// `PROBABILITY` = mu (logit link) or `RATE` = exp(x'gamma + z'u_hat_j) per unit of exposure (log link),
    /// `FITTED` = E(y | u_hat_j) = m mu, `RESIDUAL` = y - FITTED, `SIGMA2` = Var(y | u_hat_j) = sigma^2 m v(mu),
    /// then the predictors.
    public var level1: ResidualTable
    /// One row per unit: `N`; per random coefficient q the EB residual `EB_q` (u_hat_qj), its posterior
    /// (co)variances `PV_q_r`, the OLS residual `OLS_q` (beta_hat_qj - w_j'gamma_q), the fitted value `FV_q`
    /// (w_j'gamma_q) and the EB coefficient `EBCOEF_q` (w_j'gamma_q + u_hat_qj); then `MDIST`, `CHIPCT`,
    /// `LN_OLS_SD`, `LN_MODEL_SD` and the level-2 predictors as they enter the model.
    ///
    /// In both tables a name from the data (ID, outcome, predictor) that clashes with the file's own columns or an
    /// earlier name gets the prefix `L1_` / `L2_`, so every header name is unique.
    public var level2: ResidualTable
    /// Each row of `level1` (same order) with its values of the log sigma^2 predictors c_ij as they enter the
    /// variance model (the alpha table's scale, without the 1 of alpha0); empty rows when sigma^2 is not
    /// modelled. Not a file column: the HTML report's sigma plot reads it.
    var level1VariancePredictors: [[Double]] = []
}

extension ResidualTables {
    /// Builds both tables.
    ///
    /// - Parameters:
    ///   - alpha: the level-1 variance parameters on the design's columns;
    ///   - gamma, posteriors: the fixed effects and the units' posteriors on the design's centred columns and
    ///     shifted outcome: the level-1 fitted values x'gamma + z'u_hat are formed there
    ///     (`Level1Model.outcomeShift` on gamma_00),
    ///     the unit table's EB, PV, FV and EBCOEF columns on the user's (gamma -> S^-1 gamma, u_hat -> G^-1 u_hat,
    ///     K -> G^-1 K G^-T, `DesignStandardisation`);
    ///   - components: holds the units' OLS fits weighted by 1 / sigma^2_ij (OLS residuals, Mahalanobis distances);
    ///   - unweightedFits: the unweighted fits (the unit's residual SD, as in the homogeneity test).
    ///
    /// MDIST = r_j'(V_j + T)^-1 r_j over the random coefficients, r_j the OLS residuals and V_j their sampling
    /// covariance, for the units J' with an OLS fit; CHIPCT is the chi-square (q df) quantile at
    /// (k - 1/2) / J' for the unit whose MDIST has rank k (Raudenbush & Bryk 2002, ch. 9).
    init(design: ModelDesign, data: MultilevelData, alpha: [Double], gamma: [Double],
         posteriors: [UnitPosterior], components: VarianceComponentAnalysis, unweightedFits: [UnitLeastSquares]) {
        level1 = Self.level1Table(design: design, data: data, alpha: alpha, gamma: design.addingOutcomeShift(gamma),
                                  posteriors: posteriors)
        level1VariancePredictors = Self.variancePredictorValues(design: design)
        let map = design.standardisation.random
        let userGamma = design.reportedGamma(gamma)
        let names = design.randomCoefficients
        let q = names.count
        let pairs = Matrix.lowerTriangle(q)
        let level2Names = design.fixedEffects.map(\.predictor).filter { $0 != "INTRCPT2" }.uniqued()
        let level2Columns = level2Names.map { name in design.fixedEffects.firstIndex { $0.predictor == name }! }
        let distances = Self.mahalanobisDistances(design: design, tau: components.tau, components: components)
        let expected = Self.expectedOrderStatistics(distances, degreesOfFreedom: q)
        let randomIndices = design.randomCoefficientIndices
        var rows: [[Double]] = []
        for j in 0..<design.unitCount {
            let mean = map.userCoefficients(posteriors[j].mean), covariance = map.userCovariance(posteriors[j].covariance)
            let fitted = names.map { design.predictedCoefficient($0, unit: j, gamma: userGamma) }
            let ols = randomIndices.map { c in
                components.isUsable(j) ? components.olsResidual(coefficient: c, unit: j).residual : .nan
            }
            let unit = unweightedFits[j]
            let logOLS = unit.residualDegreesOfFreedom > 0 && unit.residualSumOfSquares > 0
                ? 0.5 * log(unit.residualSumOfSquares / Double(unit.residualDegreesOfFreedom)) : .nan
            let range = design.grouping.rows(ofUnit: j)
            let logModel = 0.5 * range.reduce(0.0) { sum, i in
                sum + design.level1.logVariance(row: i, alpha: alpha)
            } / Double(range.count)
            rows.append([Double(range.count)] + mean + pairs.map { covariance[$0.row, $0.column] }
                        + ols + fitted + zip(fitted, mean).map { $0 + $1 }
                        + [distances[j], expected[j], logOLS, logModel]
                        + level2Columns.map { design.levels.level2Rows[j * design.fixedCount + $0] })
        }
        let columns = (["N"] + names.map { "EB_\($0)" } + pairs.map { "PV_\(names[$0.row])_\(names[$0.column])" }
            + names.map { "OLS_\($0)" } + names.map { "FV_\($0)" } + names.map { "EBCOEF_\($0)" }
            + ["MDIST", "CHIPCT", "LN_OLS_SD", "LN_MODEL_SD"]).map(ResidualTable.Column.own)
            + level2Names.map(ResidualTable.Column.variable)
        level2 = ResidualTable(idColumn: data.idColumn, columns: columns, ids: data.grouping.level2.ids, rows: rows,
                               prefix: "L2_")
    }

    private static func level1Table(design: ModelDesign, data: MultilevelData, alpha: [Double], gamma: [Double],
                                    posteriors: [UnitPosterior]) -> ResidualTable {
        let p = design.fixedCount, q = design.randomCount, k = design.rowWidth
        let predictors = design.levels.coefficients.indices.filter { design.levels.coefficients[$0] != "INTRCPT1" }
        let response = design.level1.response
        var ids: [String] = []
        var rows: [[Double]] = []
        for j in 0..<design.unitCount {
            for i in design.grouping.rows(ofUnit: j) {
                let v = design.rows[(i * k)..<((i + 1) * k)]
                let linear = (0..<p).reduce(0.0) { $0 + v[v.startIndex + $1] * gamma[$1] }
                    + (0..<q).reduce(0.0) { $0 + v[v.startIndex + p + $1] * posteriors[j].mean[$1] }
                let sigma2 = exp(design.level1.logVariance(row: i, alpha: alpha))
                let values: [Double]
                if let response {
                    // eta = o + x'gamma + z'u_hat; E(y | u_hat) = m mu; Var(y | u_hat) = sigma^2 m v(mu).
                    let eta = response.offset[i] + linear, mu = response.family.mean(eta)
                    let m = response.trials[i], y = response.outcome[i]
                    let scale = response.family == .poisson ? exp(linear) : mu
                    values = [y, eta, scale, m * mu, y - m * mu, sigma2 * m * response.family.variance(mu)]
                } else {
                    let y = v[v.startIndex + p + q] + design.level1.outcomeShift
                    values = [y, linear, y - linear, sigma2]
                }
                ids.append(data.grouping.level2.ids[j])
                rows.append([Double(data.level1Lines[i])] + values
                            + predictors.map { design.levels.level1Value(row: i, coefficient: $0) })
            }
        }
        let own: [String]
        switch response?.family {
        case .bernoulli?, .binomial?: own = ["ETA", "PROBABILITY", "FITTED", "RESIDUAL", "SIGMA2"]
        case .poisson?: own = ["ETA", "RATE", "FITTED", "RESIDUAL", "SIGMA2"]
        case .normal?, nil: own = ["FITTED", "RESIDUAL", "SIGMA2"]
        }
        let columns: [ResidualTable.Column] = [.own("LINE"), .variable(design.levels.outcome)] + own.map { .own($0) }
            + predictors.map { .variable(design.levels.coefficients[$0]) }
        return ResidualTable(idColumn: data.idColumn, columns: columns, ids: ids, rows: rows, prefix: "L1_")
    }

    /// Each row's variance predictors on the user's scale (`ColumnShifts.userRow` of the internal row of C), in
    /// the level-1 table's order (unit by unit).
    private static func variancePredictorValues(design: ModelDesign) -> [[Double]] {
        let level1 = design.level1
        return (0..<design.unitCount).flatMap { j in
            design.grouping.rows(ofUnit: j).map { i in
                Array(level1.centring.userRow(level1.varianceRow(i)).dropFirst())
            }
        }
    }

    /// MDIST of every unit (NaN outside J').
    private static func mahalanobisDistances(design: ModelDesign, tau: Matrix,
                                             components: VarianceComponentAnalysis) -> [Double] {
        let indices = design.randomCoefficientIndices
        return (0..<design.unitCount).map { j in
            guard let v = components.unitFits[j].covariance else { return .nan }
            var delta = tau
            for (a, ca) in indices.enumerated() { for (b, cb) in indices.enumerated() { delta[a, b] += v[ca, cb] } }
            let r = indices.map { components.olsResidual(coefficient: $0, unit: j).residual }
            return Cholesky(delta, relativeTolerance: 0).map { dot(r, $0.solve(r)) } ?? .nan
        }
    }

    /// The chi-square quantile at (rank - 1/2) / count for each finite distance, NaN elsewhere.
    private static func expectedOrderStatistics(_ distances: [Double], degreesOfFreedom: Int) -> [Double] {
        let ranked = distances.indices.filter { distances[$0].isFinite }.sorted { distances[$0] < distances[$1] }
        var expected = [Double](repeating: .nan, count: distances.count)
        for (rank, j) in ranked.enumerated() {
            expected[j] = chiSquareQuantile((Double(rank) + 0.5) / Double(ranked.count),
                                            degreesOfFreedom: Double(degreesOfFreedom))
        }
        return expected
    }
}

/// The x with P(X <= x) = `probability` for X ~ chi-square(df), by bisection on `chiSquareUpperTail`
/// (to 1e-12 relative in x), for 0 < probability < 1.
func chiSquareQuantile(_ probability: Double, degreesOfFreedom df: Double) -> Double {
    let tail = 1 - probability
    var low = 0.0, high = max(df, 1)
    while Distributions.chiSquareUpperTail(high, degreesOfFreedom: df) > tail { low = high; high *= 2 }
    while high - low > 1e-12 * high {
        let middle = (low + high) / 2
        if Distributions.chiSquareUpperTail(middle, degreesOfFreedom: df) > tail { low = middle } else { high = middle }
    }
    return (low + high) / 2
}
