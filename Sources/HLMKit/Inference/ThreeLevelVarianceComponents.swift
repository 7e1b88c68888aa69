import HLMPlatform

/// HLM3's OLS-based statistics of the random coefficients of a three-level fit: the chi-square test of each
/// variance component and the reliability of each random coefficient, at levels 2 and 3 (Raudenbush & Bryk
/// 2002, ch. 8, the three-level analogue of ch. 3's tests; `VarianceComponentTest`, `ReliabilityEstimate`).
///
/// Level 2 (each pi_p random at level 2). J' is the set of level-2 units whose level-1 design A_jk (all P
/// level-1 coefficients) has full column rank; each has its own weighted least-squares fit
/// pi_hat_jk = V_jk A_jk'D_jk^-1 y_jk with V_jk = (A_jk'D_jk^-1 A_jk)^-1 and D_jk = diag(sigma^2_ijk) at the
/// estimates (sigma^2 I when homogeneous). The level-2 model of pi_p is fitted in each level-3 unit k to its
/// units in J' by weighted least squares with weights 1 / V_ppjk, which gives the unit's own beta_hat_pk (the
/// level-3 unit plays the part of the two-level test's grand fit), and
///
///     chi^2_p = sum_k sum_{j in J'_k} (pi_hat_pjk - X_pjk' beta_hat_pk)^2 / V_ppjk,
///     df_p = sum_k (J'_k - rank of X_p over J'_k),
///
/// so that the unconditional model's df is J' less the level-3 units that have a unit in J'. The reliability of
/// pi_p is the mean over J' of tau_pi,pp / (tau_pi,pp + V_ppjk).
///
/// Level 3 (each beta_pq random at level 3). In level-3 unit k the level-2 OLS estimates are aggregated by
/// generalised least squares: beta_hat_k = V^beta_k sum_{j in J'_k} X_jk' Delta_jk^-1 pi_hat_jk with
/// V^beta_k = (sum_j X_jk' Delta_jk^-1 X_jk)^-1, Delta_jk = Tau_pi + V_jk (Tau_pi with zeros for coefficients
/// fixed at level 2) and X_jk the P x B block-diagonal matrix of each pi_p's level-2 predictors (B the
/// level-2 coefficients beta_pq of every p). K' is the set of level-3 units where that sum is nonsingular, and
///
///     chi^2_pq = sum_{k in K'} (beta_hat_pqk - W_k' gamma_pq)^2 / V^beta_pq,pq,k  on  K' - F_pq df,
///
/// F_pq the fixed effects gamma_pqs of beta_pq (the two-level rule one level up); the reliability of beta_pq is
/// the mean over K' of tau_beta,pq / (tau_beta,pq + V^beta_pq,pq,k).
struct ThreeLevelVarianceComponents {
    /// The tests (one per random coefficient, then the level-1 row when sigma^2 is homogeneous) and
    /// reliabilities at levels 2 and 3.
    var level2: ThreeLevelResults.ComponentStatistics, level3: ThreeLevelResults.ComponentStatistics

    /// The statistics of `fit` on the `data` it was fitted to.
    init(_ fit: ThreeLevelFit, data: MultilevelData, specification: ModelSpecification) {
        let columns = ThreeLevelColumns(data: data, specification: specification)
        let design = fit.design
        let units = Self.level2Fits(fit, columns: columns)
        let usable = units.indices.filter { units[$0].covariance != nil }
        let coefficients = specification.level2.map(\.coefficient)

        var tests2 = design.level2Random.enumerated().map { r, name -> VarianceComponentTest in
            let p = coefficients.firstIndex(of: name)!
            var chiSquare = 0.0, df = 0
            for k in 0..<design.level3UnitCount {
                let members = design.level2Units(of: k).filter { units[$0].covariance != nil }
                guard !members.isEmpty else { continue }
                let predictors = columns.level2[p]
                var g = Matrix(rows: predictors.count + 1, columns: predictors.count + 1)
                for j in members {
                    let v = units[j].covariance![p, p]
                    g.addOuterProduct(predictors.map { $0?[j] ?? 1 } + [units[j].coefficients[p]], scale: 1 / v)
                }
                let fit = UnitLeastSquares(crossProducts: g, rowCount: members.count)
                chiSquare += fit.residualSumOfSquares
                df += fit.residualDegreesOfFreedom
            }
            return Self.test(name, variance: fit.tauPi[r, r], chiSquare: chiSquare, df: df)
        }
        if design.varianceCount == 0 {
            tests2.append(VarianceComponentTest(coefficient: "level-1", standardDeviation: fit.sigma2.squareRoot(),
                                                variance: fit.sigma2, degreesOfFreedom: nil, chiSquare: nil, pValue: nil))
        }
        let reliabilities2 = design.level2Random.enumerated().map { r, name in
            let p = coefficients.firstIndex(of: name)!, tau = fit.tauPi[r, r]
            let total = usable.reduce(0.0) { $0 + tau / (tau + units[$1].covariance![p, p]) }
            return ReliabilityEstimate(coefficient: name, estimate: total / Double(usable.count))
        }
        level2 = .init(tests: tests2, reliabilities: reliabilities2, unitsUsed: usable.count,
                       unitCount: design.level2UnitCount)

        // Level 3: each level-3 unit's GLS aggregate of its level-2 units' OLS estimates.
        let aggregates = Self.level3Aggregates(fit, columns: columns, units: units)
        let used = aggregates.compactMap { $0 }
        let names = specification.level3.map(\.name)
        let tests3 = design.level3Random.enumerated().map { r, name -> VarianceComponentTest in
            let b = names.firstIndex(of: name)!
            let effects = design.fixedLabels.indices.filter { "\(design.fixedLabels[$0].coefficient)/\(design.fixedLabels[$0].level2Predictor)" == name }
            let chiSquare = aggregates.indices.reduce(0.0) { sum, k in
                guard let aggregate = aggregates[k] else { return sum }
                let predicted = effects.reduce(0.0) { value, c in
                    value + fit.gamma[c] * (columns.level3(design.fixedLabels[c].predictor, of: b)?[k] ?? 1)
                }
                let residual = aggregate.coefficients[b] - predicted
                return sum + residual * residual / aggregate.covariance![b, b]
            }
            return Self.test(name, variance: fit.tauBeta[r, r], chiSquare: chiSquare, df: used.count - effects.count)
        }
        let reliabilities3 = design.level3Random.enumerated().map { r, name in
            let b = names.firstIndex(of: name)!, tau = fit.tauBeta[r, r]
            let total = used.reduce(0.0) { $0 + tau / (tau + $1.covariance![b, b]) }
            return ReliabilityEstimate(coefficient: name, estimate: total / Double(used.count))
        }
        level3 = .init(tests: tests3, reliabilities: reliabilities3, unitsUsed: used.count,
                       unitCount: design.level3UnitCount)
    }

    /// A test row: chi^2 on df with its upper-tail p, or no test when df < 1.
    private static func test(_ name: String, variance: Double, chiSquare: Double, df: Int) -> VarianceComponentTest {
        guard df >= 1 else {
            return VarianceComponentTest(coefficient: name, standardDeviation: variance.squareRoot(), variance: variance,
                                         degreesOfFreedom: nil, chiSquare: nil, pValue: nil)
        }
        return VarianceComponentTest(coefficient: name, standardDeviation: variance.squareRoot(), variance: variance,
                                     degreesOfFreedom: df, chiSquare: chiSquare,
                                     pValue: Distributions.chiSquareUpperTail(chiSquare, degreesOfFreedom: Double(df)))
    }

    /// Every level-2 unit's own fit of y on all P level-1 columns, weighted by 1 / sigma^2_ijk at the estimates.
    private static func level2Fits(_ fit: ThreeLevelFit, columns: ThreeLevelColumns) -> [UnitLeastSquares] {
        let design = fit.design, m = design.varianceCount, order = columns.level1.count + 1
        var row = [Double](repeating: 0, count: order)
        return (0..<design.level2UnitCount).map { j in
            var g = Matrix(rows: order, columns: order)
            let rows = design.grouping.rows(ofUnit: j)
            for i in rows {
                let exponent = (0..<m).reduce(0.0) { $0 + design.varianceRows[i * m + $1] * fit.alpha[$1] }
                for (c, column) in columns.level1.enumerated() { row[c] = column?[i] ?? 1 }
                row[order - 1] = columns.outcome[i]
                g.addOuterProduct(row, scale: exp(-exponent) / fit.sigma2)
            }
            return UnitLeastSquares(crossProducts: g, rowCount: rows.count)
        }
    }

    /// Per level-3 unit, the GLS fit of beta_k to its level-2 units' OLS estimates (nil outside K').
    private static func level3Aggregates(_ fit: ThreeLevelFit, columns: ThreeLevelColumns,
                                         units: [UnitLeastSquares]) -> [UnitLeastSquares?] {
        let design = fit.design, p = columns.level1.count
        let widths = columns.level2.map(\.count), b = widths.reduce(0, +)
        let offsets = widths.indices.map { widths[..<$0].reduce(0, +) }
        // Tau_pi on all P coefficients (zero where pi_p is fixed at level 2).
        let random = design.level2Random.map { name in columns.coefficients.firstIndex(of: name)! }
        var tau = Matrix(rows: p, columns: p)
        for (r, a) in random.enumerated() { for (s, c) in random.enumerated() { tau[a, c] = fit.tauPi[r, s] } }
        return (0..<design.level3UnitCount).map { k in
            let members = design.level2Units(of: k).filter { units[$0].covariance != nil }
            guard !members.isEmpty else { return nil }
            var g = Matrix(rows: b + 1, columns: b + 1)
            for j in members {
                guard let delta = Cholesky(tau + units[j].covariance!) else { return nil }
                // [X_jk pi_hat_jk], P x (B + 1), whitened by Delta_jk's Cholesky factor.
                var augmented = Matrix(rows: p, columns: b + 1)
                for q in 0..<p {
                    for (t, column) in columns.level2[q].enumerated() { augmented[q, offsets[q] + t] = column?[j] ?? 1 }
                    augmented[q, b] = units[j].coefficients[q]
                }
                let whitened = delta.solveLower(augmented)
                g.add(whitened.transposeTimes(whitened), scale: 1)
            }
            let aggregate = UnitLeastSquares(crossProducts: g, rowCount: members.count)
            return aggregate.covariance == nil ? nil : aggregate
        }
    }
}

extension UnitLeastSquares {
    /// The fit from complete cross-products `g` = [X y]'W[X y] ((Q + 1) x (Q + 1), the outcome last).
    init(crossProducts g: Matrix, rowCount: Int) {
        let order = g.rows
        let scratch = UnsafeMutablePointer<Double>.allocate(capacity: 3 * order * order)
        defer { scratch.deallocate() }
        self = g.storage.withUnsafeBufferPointer { values in
            UnitLeastSquares(crossProducts: values.baseAddress!, order: order, rowCount: rowCount, scratch: scratch) { _ in }
        }
    }
}
