import HLMPlatform

/// One unit's random effects given the data at the final estimates, and its contribution to the score of gamma.
///
/// With W = D_j^-1, A = Z'WZ, M = I + L'AL = R'R and e = y - X gamma (docs/METHODS.md, "Per unit through
/// q x q algebra"):
/// - posterior covariance K = L M^-1 L' = (T^-1 + A)^-1 (computed without inverting T, so T may be singular);
/// - posterior mean (EB residual) u_hat = K Z'W e = T Z'V^-1 e;
/// - score X'V^-1 e = X'W e - X'WZ u_hat, since V^-1 = W - WZ K Z'W; X'W e = sum_i w_i x_i e_i from the unit's
///   rows (O(n_j p): the moments keep no per-unit X'WX, see `MomentLayout`), or from the units' products of
///   the base columns when a unit's rows share one weight (`UnitProductSums`, O(m^2 + p)); with design
///   weights, b_j times it (the unit's contribution to the pseudo-log-likelihood's score,
///   `Level1Model.designWeighted`).
/// These are conditional on gamma_hat: K does not include the sampling variance of gamma_hat. They belong to the
/// fitted model (as lme4's conditional modes do): inference reads them for robust SEs and residuals, and a
/// non-normal family's outer loop would read u_hat to update the linear predictor.
struct UnitPosterior {
    /// u_hat_j (q).
    var mean: [Double]
    /// K_j (q x q).
    var covariance: Matrix
    /// X_j'V_j^-1 e_j (p); empty when not asked for (`Likelihood.unitPosteriors(at:gamma:scores:)`).
    var fixedScore: [Double]
}

extension FittedModel {
    /// `UnitPosterior` of every unit at the estimates (L, alpha) and gamma_hat (a non-normal fit's own gamma:
    /// for Laplace and AGQ the posterior means of the linearised model at the units' modes are then the modes);
    /// nil when some M_j cannot be factorised (non-finite parameters).
    func unitPosteriors() -> [UnitPosterior]? {
        unitPosteriorsAndWeightedProducts()?.posteriors
    }

    /// `unitPosteriors()` and, when the pass read them off the units' moments, the units' weighted products of
    /// the base columns (`Likelihood.unitPosteriorsAndWeightedProducts(at:gamma:)`).
    func unitPosteriorsAndWeightedProducts() -> (posteriors: [UnitPosterior], weightedProducts: [Double]?)? {
        likelihood.unitPosteriorsAndWeightedProducts(at: parameters, gamma: generalized?.gamma ?? evaluation.gamma)
    }
}

extension Likelihood {
    /// Where the posterior pass takes a unit's X_j'W_j y_j and X_j'W_j X_j gamma for its score from.
    private enum ScoreSums {
        /// A pass over the unit's rows.
        case rows
        /// The build's products under one weight for all rows (`UnitProductSums(design:alpha:)`).
        case products(UnitProductSums)
        /// The unit's weighted products S_j read off its moments at these entries
        /// (`UnitProductSums.momentEntries`), which the pass also returns for the units' weighted OLS fits.
        case moments([Int])

        /// Whether the scores take a pass over the rows.
        var readsRows: Bool {
            if case .rows = self { return true }
            return false
        }
    }

    /// `UnitPosterior` of every unit at `parameters` (L, alpha) and `gamma`, its moments from `source`, with the
    /// scores only when `scores`: from products of the base columns when the design has them (the build's when
    /// every row of a unit has the same weight, else the weighted ones in the unit's moments; see
    /// `UnitProductSums`), unless `fromProducts` is false, else a pass over the rows. nil when some M_j cannot
    /// be factorised (non-finite parameters).
    func unitPosteriors(at parameters: CovarianceParameters, gamma: [Double], scores: Bool = true,
                        fromProducts: Bool = true) -> [UnitPosterior]? {
        posteriorsAndProducts(at: parameters, gamma: gamma, scores: scores, fromProducts: fromProducts)?.posteriors
    }

    /// `unitPosteriors(at:gamma:)` and, when the scores came from the units' moments, every unit's weighted
    /// products S_j[s, t] = sum_i w_i u_s u_t of the base columns at `parameters.alpha` (`productCount` per unit,
    /// units in order: the sums of the units' weighted OLS fits, `UnitProductSums(design:products:)`), else
    /// nil.
    func unitPosteriorsAndWeightedProducts(at parameters: CovarianceParameters, gamma: [Double])
        -> (posteriors: [UnitPosterior], weightedProducts: [Double]?)? {
        posteriorsAndProducts(at: parameters, gamma: gamma, scores: true, fromProducts: true)
    }

    /// `unitPosteriorsAndWeightedProducts(at:gamma:)` with the choices of `unitPosteriors(at:gamma:scores:fromProducts:)`.
    private func posteriorsAndProducts(at parameters: CovarianceParameters, gamma: [Double], scores: Bool,
                                       fromProducts: Bool) -> (posteriors: [UnitPosterior], weightedProducts: [Double]?)? {
        var sums = ScoreSums.rows
        if scores, fromProducts {
            if let products = UnitProductSums(design: design, alpha: parameters.alpha) {
                sums = .products(products)
            } else if let entries = UnitProductSums.momentEntries(of: design) {
                sums = .moments(entries)
            }
        }
        // Units are independent: chunks of them on all cores, joined in unit order.
        let chunks = concurrentChunks(design.unitCount) { _, range in
            unitPosteriors(range, at: parameters, gamma: gamma, scores: scores, sums: sums)
        }
        var units: [UnitPosterior] = [], weighted: [Double] = []
        units.reserveCapacity(design.unitCount)
        for chunk in chunks {
            guard let chunk else { return nil }
            units.append(contentsOf: chunk.units)
            weighted.append(contentsOf: chunk.weighted)
        }
        if case .moments = sums { return (units, weighted) }
        return (units, nil)
    }

    /// `unitPosteriors(at:gamma:scores:fromProducts:)` of the units `range`, the scores' X'We from `sums`, and
    /// the units' weighted products when `sums` reads them off the moments (else empty).
    private func unitPosteriors(_ range: Range<Int>, at parameters: CovarianceParameters, gamma: [Double],
                                scores: Bool, sums: ScoreSums) -> (units: [UnitPosterior], weighted: [Double])? {
        let p = design.fixedCount, q = design.randomCount, k = design.rowWidth
        let workspace = UnitWorkspace(design: design, request: .deviance)
        var units: [UnitPosterior] = [], weighted: [Double] = []
        units.reserveCapacity(range.count)
        let alpha = parameters.alpha
        let productCount = design.rowFactors?.productCount ?? 0
        if case .moments = sums { weighted.reserveCapacity(range.count * productCount) }
        // The score (p), `addFixedScore`'s scratch (2 (m + 1)) and a unit's products.
        let scoreScratch = p + 2 * (design.rowFactors?.baseCount ?? 0) + 2
        let scratch = UnsafeMutablePointer<Double>.allocate(capacity: scoreScratch + productCount)
        let product = scratch + scoreScratch
        // With a continuous variance predictor nearly every row has its own c'alpha: the unit's weights are then
        // formed with their exponentials four at a time (`Level1Model.Rows.weights(of:alpha:into:)`) rather than
        // one call per row.
        let vectorExponentials = scores && readsRows && sums.readsRows
        let largest = vectorExponentials ? range.map { design.grouping.rows(ofUnit: $0).count }.max() ?? 0 : 0
        let weights = UnsafeMutablePointer<Double>.allocate(capacity: max(largest, 1))
        defer {
            scratch.deallocate()
            weights.deallocate()
        }
        // The hot loop reads the rows, C and gamma through pointers taken once for the chunk.
        return gamma.withUnsafeBufferPointer { gammaValues in
            design.rows.withUnsafeBufferPointer { rows in
                design.level1.varianceRows.withUnsafeBufferPointer { storage in
                    parameters.cholesky.storage.withUnsafeBufferPointer { l -> (units: [UnitPosterior], weighted: [Double])? in
                        let v = rows.baseAddress!, c = design.level1.rows(storage)
                        for j in range {
                            design.accumulateMoments(unit: j, alpha: parameters.alpha, source: source, into: workspace)
                            guard workspace.posterior(l.baseAddress!, q: q, gamma: gammaValues.baseAddress!) else {
                                return nil
                            }
                            var covariance = Matrix(rows: q, columns: q)
                            covariance.storage.withUnsafeMutableBufferPointer {
                                $0.baseAddress!.update(from: workspace.kMatrix, count: q * q)
                            }
                            let mean = Array(UnsafeBufferPointer(start: workspace.uHat, count: q))
                            guard scores else {
                                units.append(UnitPosterior(mean: mean, covariance: covariance, fixedScore: []))
                                continue
                            }
                            let score = UnsafeMutableBufferPointer<Double>(start: scratch, count: p)
                            for row in 0..<p {
                                score[row] = (0..<q).reduce(0.0) { $0 - workspace.moments[$1 * k + row] * mean[$1] }
                            }
                            if case .products(let products) = sums {
                                products.products.withUnsafeBufferPointer {
                                    UnitProductSums.addFixedScore(
                                        products.factors, fixedCount: p, unit: j,
                                        product: $0.baseAddress! + j * productCount, weight: products.weight,
                                        gamma: gammaValues.baseAddress!, into: scratch, scratch: scratch + p)
                                }
                                units.append(UnitPosterior(mean: mean, covariance: covariance, fixedScore: Array(score)))
                                continue
                            }
                            if case .moments(let entries) = sums, let factors = design.rowFactors {
                                for (t, entry) in entries.enumerated() { product[t] = workspace.moments[entry] }
                                weighted.append(contentsOf: UnsafeBufferPointer(start: product, count: productCount))
                                UnitProductSums.addFixedScore(
                                    factors, fixedCount: p, unit: j, product: product, weight: 1,
                                    gamma: gammaValues.baseAddress!, into: scratch, scratch: scratch + p)
                                units.append(UnitPosterior(mean: mean, covariance: covariance, fixedScore: Array(score)))
                                continue
                            }
                            // exp(-c'alpha) once per run of equal c'alpha (once per unit when sigma^2 is homogeneous),
                            // or the unit's weights all first.
                            let unitRows = design.grouping.rows(ofUnit: j), first = unitRows.lowerBound
                            if vectorExponentials { c.weights(of: unitRows, alpha: alpha, into: weights) }
                            var (logVariance, exponential) = (Double.nan, 0.0)
                            for i in unitRows {
                                let x = v + i * k
                                var fitted = 0.0
                                for s in 0..<p { fitted += x[s] * gammaValues[s] }
                                let w: Double
                                if vectorExponentials {
                                    w = weights[i - first]
                                } else {
                                    let value = Level1Model.logVariance(c.row(i), alpha: alpha, count: c.width)
                                    if value != logVariance { (logVariance, exponential) = (value, exp(-value)) }
                                    w = c.weight(exponential: exponential, row: i)
                                }
                                let we = w * (x[k - 1] - fitted)
                                for s in 0..<p { score[s] += we * x[s] }
                            }
                            // With design weights the unit's score is its pseudo-log-likelihood's: b_j X'V^-1 e.
                            let unitWeight = design.level1.unitWeight(j)
                            if unitWeight != 1 { for s in 0..<p { score[s] *= unitWeight } }
                            units.append(UnitPosterior(mean: mean, covariance: covariance, fixedScore: Array(score)))
                        }
                        return (units, weighted)
                    }
                }
            }
        }
    }
}
