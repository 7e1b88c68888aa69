import HLMPlatform

/// Fits a two-level model: the homogeneous model first, then, when the level-1 variance is modelled,
/// the heterogeneous one from the homogeneous optimum (alpha_0 = ln sigma^2, the other alphas 0). A non-normal
/// outcome (`Level1Model.response`) is fitted by the method `options.generalized` names.
enum Estimator {
    /// Fits `design` by `options.method`: a homogeneous model is fitted once; a heterogeneous one after its
    /// homogeneous model, which the result keeps (`FittedModel.homogeneous`). A non-normal outcome is fitted
    /// by PQL (`PenalisedQuasiLikelihood`, its linearised models by `options.method`) or by maximising the
    /// Laplace or adaptive-quadrature likelihood (`fitIntegrated`), as `options.generalized` says.
    ///
    /// - Throws: `EstimationError` when the likelihood cannot be evaluated or the level-1 variance vanishes;
    ///   `CancellationError` when the task running the fit is cancelled (each optimiser checks
    ///   `Task.isCancelled` at every iteration, so a cancelled fit stops within one iteration).
    static func fit(_ design: ModelDesign, options: EstimationOptions) throws -> FittedModel {
        if let response = design.level1.response {
            switch options.generalized {
            case .pql: return try PenalisedQuasiLikelihood.fit(design, response: response, options: options)
            case .laplace, .adaptiveQuadrature: return try fitIntegrated(design, response: response, options: options)
            }
        }
        // The heterogeneous model's strata, when its variance predictors are categorical, add up to the
        // units' cross-products that the homogeneous model needs: no second pass over the rows.
        let heterogeneousLikelihood = design.level1.isHeterogeneous
            ? Likelihood(design: design, method: options.method) : nil
        let products: VarianceStrata
        if case .strata(let strata) = heterogeneousLikelihood?.source {
            products = VarianceStrata(mergingUnitsOf: strata, layout: MomentLayout(design))
        } else {
            products = .unitTotals(design)
        }
        let homogeneous = try fitHomogeneous(design.homogeneous, products: products,
                                             varianceFloor: heterogeneousLikelihood?.varianceFloor, options)
        guard let likelihood = heterogeneousLikelihood else { return homogeneous }

        let alpha = homogeneous.parameters.alpha + Array(repeating: 0, count: design.varianceCount - 1)
        let start = CovarianceParameters(cholesky: homogeneous.parameters.cholesky, alpha: alpha)
        let heterogeneous = try optimise(likelihood, from: start, model: "heterogeneous", options)
        return FittedModel(likelihood: likelihood, run: heterogeneous, homogeneous: homogeneous)
    }

    /// The homogeneous model fitted from the moment estimates, its likelihood's moments the units'
    /// cross-products `products` (and its `varianceFloor`, when given, that of the heterogeneous model's rows).
    private static func fitHomogeneous(_ design: ModelDesign, products: VarianceStrata, varianceFloor: Double?,
                                       _ options: EstimationOptions) throws -> FittedModel {
        let likelihood = Likelihood(design: design, method: options.method, source: .strata(products),
                                    varianceFloor: varianceFloor)
        let start = startingValues(design, products: products)
        let run = try optimise(likelihood, from: start, model: "homogeneous", options)
        return FittedModel(likelihood: likelihood, run: run)
    }

    /// Fisher scoring on `likelihood` from `start` (alpha_0 held there with `holdsDispersion`), refusing an
    /// optimum where the level-1 variance vanished.
    ///
    /// - Throws: `CancellationError` when the task running the fit was cancelled (checked at each iteration).
    static func optimise(_ likelihood: Likelihood, from start: CovarianceParameters, model: String,
                         _ options: EstimationOptions, holdsDispersion: Bool = false) throws -> FisherScoring.Result {
        let scoring = FisherScoring(likelihood: likelihood, options: options, holdsDispersion: holdsDispersion)
        let result = scoring.run(from: start)
        try Task.checkCancellation()
        guard let result else {
            throw EstimationError.cannotStart(model: model)
        }
        try checkLevel1Variance(likelihood, result)
        return result
    }

    /// OLS for gamma and sigma^2 = RSS / (N - p); Tau starts diagonal with a moment estimate (see
    /// `momentTau`), or 0.2 sigma^2 / mean(z_q^2) when fewer than two units have their own fit. Everything
    /// comes from the units' cross-products P_j = sum_i v_i v_i' of v = [x, z, y] (`products`), not the rows.
    static func startingValues(_ design: ModelDesign, products: VarianceStrata) -> CovarianceParameters {
        let p = design.fixedCount, q = design.randomCount, k = design.rowWidth
        let layout = MomentLayout(design)
        var total = [Double](repeating: 0, count: layout.narrowCount + layout.fixed.count)
        let xtx = total.withUnsafeMutableBufferPointer { buffer -> Matrix in
            let narrow = buffer.baseAddress!, fixed = narrow + layout.narrowCount
            for j in 0..<design.unitCount { products.addUnitTotal(j, into: narrow) }
            products.addFixedTotal(into: fixed)
            var xtx = Matrix(rows: p + 1, columns: p + 1)
            for r in 0...p {
                for c in 0...p {
                    xtx[r, c] = max(r, c) < p ? fixed[layout.fixed.index(min(r, c), max(r, c))]
                        : narrow[layout.index(r == p ? k - 1 : r, c == p ? k - 1 : c)]
                }
            }
            return xtx
        }
        let n = Double(design.rowCount)
        var sigma2 = xtx[p, p] / n
        if let factor = Cholesky(xtx.block(0..<p, 0..<p)) {
            let xty = (0..<p).map { xtx[$0, p] }
            let rss = xtx[p, p] - dot(xty, factor.solve(xty))
            sigma2 = max(rss / max(n - Double(p), 1), 1e-12 * sigma2)
        }
        let moments = momentTau(design, products: products, sigma2: sigma2)
        var l = Matrix(rows: q, columns: q)
        for r in 0..<q {
            let zSquares = total[layout.index(p + r, p + r)]
            l[r, r] = (moments?[r] ?? 0.2 * sigma2 / max(zSquares / n, 1e-300)).squareRoot()
        }
        return CovarianceParameters(cholesky: l, alpha: [log(sigma2)] + Array(repeating: 0, count: design.varianceCount - 1))
    }

    /// Refuses a fit whose smallest fitted sigma^2_ij fell below `Likelihood.varianceFloor`: the likelihood
    /// is unbounded there (some rows are fitted exactly), so no estimate is reported.
    private static func checkLevel1Variance(_ likelihood: Likelihood, _ result: FisherScoring.Result) throws {
        let design = likelihood.design
        let (smallest, c) = likelihood.smallestLogVariance(result.parameters.alpha, at: result.evaluation)
        guard smallest < likelihood.varianceFloor else { return }
        let user = design.level1.centring.userRow(c)
        let rows = zip(design.level1.variancePredictors.dropFirst(), user.dropFirst()).map { "\($0) = \($1.compactText)" }
        let which = rows.isEmpty ? "all rows" : "the rows with " + rows.joined(separator: ", ")
        throw EstimationError.vanishingLevel1Variance(
            detail: "the fitted sigma^2 of \(which) fell to \(exp(smallest)) while the outcome's variance is "
                + "\(exp(likelihood.varianceFloor) / 1e-10); those rows are fitted exactly",
            hasVariancePredictors: design.level1.isHeterogeneous)
    }

    /// A moment estimate of diag(Tau) to start from (Raudenbush & Bryk 2002, sec. 3.5's OLS-based
    /// starting values): each unit with more rows than random coefficients and a nonsingular Z_j'Z_j gives
    /// b_j = (Z_j'Z_j)^-1 Z_j'y_j; tau_qq = var_j(b_jq) - sigma^2 mean_j[(Z_j'Z_j)^-1]_qq, kept at least
    /// 5% of var_j(b_jq). Nil when fewer than two units qualify.
    private static func momentTau(_ design: ModelDesign, products: VarianceStrata, sigma2: Double) -> [Double]? {
        let p = design.fixedCount, q = design.randomCount
        let layout = MomentLayout(design)
        var sum = [Double](repeating: 0, count: q), squares = sum, sampling = sum
        var units = 0
        var zz = Matrix(rows: q, columns: q)
        var zy = [Double](repeating: 0, count: q)
        let unit = UnsafeMutablePointer<Double>.allocate(capacity: layout.narrowCount)
        defer { unit.deallocate() }
        for j in 0..<design.unitCount where design.grouping.rows(ofUnit: j).count > q {
            unit.initialize(repeating: 0, count: layout.narrowCount)
            products.addUnitTotal(j, into: unit)
            for r in 0..<q {
                zy[r] = unit[layout.index(p + r, design.rowWidth - 1)]
                for c in 0..<q { zz[r, c] = unit[layout.index(p + r, p + c)] }
            }
            guard let factor = Cholesky(zz, relativeTolerance: 1e-10) else { continue }
            let b = factor.solve(zy)
            let inverse = factor.inverse()
            for r in 0..<q {
                sum[r] += b[r]
                squares[r] += b[r] * b[r]
                sampling[r] += sigma2 * inverse[r, r]
            }
            units += 1
        }
        guard units >= 2 else { return nil }
        let count = Double(units)
        return (0..<q).map { r in
            let variance = (squares[r] - sum[r] * sum[r] / count) / (count - 1)
            return max(variance - sampling[r] / count, 0.05 * variance, 1e-12 * sigma2)
        }
    }
}
