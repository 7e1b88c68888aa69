import HLMPlatform

/// The deviance of a two-level model with log-linear level-1 variance as a function of the covariance
/// parameters (Tau = L L', alpha), with gamma profiled out, and its exact gradient and expected information.
///
/// Per unit j everything goes through q x q algebra (Woodbury; docs/METHODS.md, "Per unit through q x q
/// algebra"): with W = D_j^-1, A = Z'WZ, M = I + L'AL = R'R, K = L M^-1 L' (posterior covariance of u_j),
/// - ln|V_j| = sum_i c_i'alpha + ln|M|,
/// - u'V_j^-1 v = u'Wv - (R'^-1 L'Z'Wu)'(R'^-1 L'Z'Wv).
/// FML deviance d = N ln(2 pi) + sum_j [ln|V_j| + e_j'V_j^-1 e_j], e_j = y_j - X_j gamma_hat;
/// REML d_R = (N - p) ln(2 pi) + sum_j [ln|V_j| + e_j'V_j^-1 e_j] + ln|Phi|, Phi = sum_j X_j'V_j^-1 X_j
/// (lme4's REML criterion and HLM's REML deviance).
struct Likelihood {
    let design: ModelDesign
    let method: EstimationMethod
    let source: MomentSource
    /// ln(1e-10 Var(y)), see `varianceFloor(_:)`.
    let varianceFloor: Double

    /// The likelihood of `design`, its moments from `source` (chosen for the design when nil). When the chosen
    /// source is the rows (a continuous variance predictor: every evaluation passes over them), the design's
    /// factored passes read the base columns from their narrow copy (`RowFactors.baseRows`), made here.
    /// `varianceFloor`, when given, is that of a likelihood of the same rows (`Estimator.fit`'s homogeneous
    /// model takes its heterogeneous model's).
    init(design: ModelDesign, method: EstimationMethod, source: MomentSource? = nil, varianceFloor: Double? = nil) {
        var design = design
        let chosen = source ?? MomentSource.choose(for: design)
        if source == nil, case .rows = chosen, let factors = design.rowFactors {
            design.rowFactors = factors.copyingBaseRows(from: design.rows, width: design.rowWidth)
        }
        self.design = design
        self.method = method
        self.source = chosen
        self.varianceFloor = varianceFloor ?? Self.varianceFloor(design)
    }

    /// ln(1e-10 Var(y)): a fitted level-1 variance below this means the likelihood is unbounded (rows fitted
    /// exactly); the optimiser stops there and the estimator refuses the fit. The sums of y and y^2 come from
    /// the units' products of the base columns when the design kept them (`RowFactors.outcomeSums`: the outcome
    /// is a base column), else from a pass over the outcome column.
    private static func varianceFloor(_ design: ModelDesign) -> Double {
        let k = design.rowWidth, y = k - 1, n = Double(design.rowCount)
        var sum = 0.0, squares = 0.0
        if let factors = design.rowFactors, !factors.unitProducts.isEmpty {
            (sum, squares) = factors.outcomeSums
        } else {
            design.rows.withUnsafeBufferPointer { rows in
                for i in 0..<design.rowCount {
                    let value = rows[i * k + y]
                    sum += value
                    squares += value * value
                }
            }
        }
        let variance = max((squares - sum * sum / n) / max(n - 1, 1), Double.leastNormalMagnitude)
        return log(variance) + log(1e-10)
    }

    /// The smallest ln sigma^2_ij = c_ij'alpha at `evaluation` (made at alpha) and a variance-design row c_ij
    /// where it occurs. With precomputed strata only the distinct rows of C are scanned, so an iteration still
    /// reads no level-1 rows; else the evaluation's pass over the rows found it (the first smallest row in row
    /// order).
    func smallestLogVariance(_ alpha: [Double], at evaluation: LikelihoodEvaluation) -> (value: Double, c: [Double]) {
        switch source {
        case .strata(let strata):
            return design.level1.smallestLogVariance(alpha, among: UnsafeBufferPointer(strata.patterns))
        case .rows:
            let (value, row) = evaluation.lowestLogVariance
            return (value, design.level1.varianceRow(row))
        }
    }

    /// Whether each evaluation reads the level-1 rows (`MomentSource.rows`: a continuous variance predictor, so
    /// that nearly every row has its own sigma^2).
    var readsRows: Bool {
        if case .rows = source { return true }
        return false
    }

    /// Number of covariance parameters in natural form: q(q+1)/2 elements of Tau, then H + 1 alphas.
    var parameterCount: Int {
        let q = design.randomCount
        return q * (q + 1) / 2 + design.varianceCount
    }

    /// The deviance at `theta`, with gamma_hat and the Cholesky factor of Phi; with `derivatives`, also the
    /// gradient and the expected information in natural parameters (vech Tau, alpha). Nil when the
    /// likelihood cannot be evaluated there (Phi singular, non-finite values).
    func evaluate(_ theta: CovarianceParameters, derivatives: Bool) -> LikelihoodEvaluation? {
        let p = design.fixedCount
        let request = derivatives ? MomentRequest.derivatives(method) : .deviance
        let passes = concurrentChunks(design.unitCount) { _, units in
            let workspace = UnitWorkspace(design: design, request: request)
            var pass = UnitPass(p: p)
            if derivatives { pass.store.reserveCapacity(units.count * workspace.storedCount) }
            theta.cholesky.storage.withUnsafeBufferPointer { l in
                func addUnits<Q: SmallOrder>(_ q: Q) {
                    for j in units {
                        pass.add(unit: j, q: q, l: l.baseAddress!, alpha: theta.alpha, likelihood: self,
                                 workspace: workspace, keep: derivatives)
                    }
                }
                switch workspace.q {
                case 1: addUnits(OrderOne())
                case 2: addUnits(OrderTwo())
                default: addUnits(AnyOrder(n: workspace.q))
                }
            }
            pass.rowsVisited = workspace.rowsVisited
            pass.lowestLogVariance = workspace.lowestLogVariance
            if case .rows = source {
                pass.fixed = Array(UnsafeBufferPointer(start: workspace.fixedMoments, count: workspace.fixedMomentCount))
            }
            return pass
        }
        // The first range's sums are the start (merging them into zeros would copy them exactly, at p^2 cost).
        var total = passes[0]
        for pass in passes.dropFirst() { total.merge(pass) }
        let fixed = fixedMoments(theta.alpha, request: request, passes: passes)
        guard !total.failed, let phiFactor = Cholesky(total.phi(fixed)) else { return nil }
        let gamma = phiFactor.solve(total.phiY)
        let quadratic = total.yVy - dot(total.phiY, gamma)
        var deviance = design.level1.weightedRowCount(design.grouping) * log(2 * Double.pi) + total.logDetV + quadratic
        if method == .reml {
            deviance += phiFactor.logDeterminant - Double(p) * log(2 * Double.pi)
        }
        guard deviance.isFinite else { return nil }
        var evaluation = LikelihoodEvaluation(deviance: deviance, gamma: gamma, phiFactor: phiFactor,
                                              gradient: [], information: Matrix(rows: 0, columns: 0),
                                              rowsVisited: total.rowsVisited, lowestLogVariance: total.lowestLogVariance)
        if derivatives {
            let d = derivativesAt(theta, gamma: gamma, phiFactor: phiFactor, fixed: fixed, passes: passes)
            guard d.gradient.allSatisfy(\.isFinite), d.information.storage.allSatisfy(\.isFinite) else { return nil }
            evaluation.gradient = d.gradient
            evaluation.information = d.information
        }
        return evaluation
    }

    /// The fixed blocks summed over all units at `alpha`, laid out as `UnitWorkspace.fixedMoments`: from the
    /// strata's pattern sums, or the sum of what each range of units accumulated from its rows.
    private func fixedMoments(_ alpha: [Double], request: MomentRequest, passes: [UnitPass]) -> [Double] {
        switch source {
        case .strata(let strata):
            let workspace = UnitWorkspace(design: design, request: request)
            workspace.setFixedMoments(strata, alpha: alpha)
            return Array(UnsafeBufferPointer(start: workspace.fixedMoments, count: workspace.fixedMomentCount))
        case .rows:
            var total = passes[0].fixed
            for pass in passes.dropFirst() { for t in total.indices { total[t] += pass.fixed[t] } }
            return total
        }
    }

    /// Pass one over a range of units: ln|V_j| and the GLS sums sum_j Y_x'Y_x (Phi's per-unit part),
    /// sum X'V^-1y, sum y'V^-1y, and (for the derivative pass) each unit's moments.
    struct UnitPass {
        let p: Int
        /// sum_j Y_x'Y_x (p x p, upper triangle): Phi = sum_j X_j'W_j X_j - this.
        var cross: OuterProductSum
        /// sum X'V^-1y, y'V^-1y and ln|V|, summed with compensation: the deviance's quadratic
        /// y'V^-1y - (X'V^-1y)'Phi^-1(X'V^-1y) is a small difference of large sums when the outcome's mean is
        /// far from 0, and a running sum over 10^5 units has rounding errors of 1e-8 of the deviance, the
        /// size of the convergence tolerance (see `OuterProductSum`).
        private var phiYSum: [CompensatedSum]
        private var yVySum = CompensatedSum(), logDetVSum = CompensatedSum()
        var phiY: [Double] { phiYSum.map(\.value) }
        var yVy: Double { yVySum.value }
        var logDetV: Double { logDetVSum.value }
        var failed = false
        var rowsVisited = 0
        /// The range's smallest c_i'alpha and its first row (`UnitWorkspace.lowestLogVariance`).
        var lowestLogVariance = (value: Double.infinity, row: -1)
        /// The units' moments and posterior covariance K, `UnitWorkspace.storedCount` numbers each, in unit
        /// order.
        var store: [Double] = []
        /// The range's fixed blocks, when they come from its rows (`UnitWorkspace.fixedMoments`).
        var fixed: [Double] = []

        init(p: Int) {
            self.p = p
            cross = OuterProductSum(order: p, upperOnly: true)
            phiYSum = [CompensatedSum](repeating: CompensatedSum(), count: p)
        }

        /// Adds unit j: with A = Z'WZ, M = I + L'AL = R'R and Y = R'^-1 L' [Z'WX, Z'Wy],
        /// X'V^-1X = X'WX - Y_x'Y_x, X'V^-1y = X'Wy - Y_x'Y_y, y'V^-1y = y'Wy - Y_y'Y_y,
        /// ln|V_j| = sum_i c_i'alpha + ln|M|. Only Y_x'Y_x (a rank-q update, p^2 q / 2) is added per unit;
        /// X'WX is summed over the units once (`phi(_:)`). `order` is the workspace's q (see `SmallOrder`).
        mutating func add<Q: SmallOrder>(unit j: Int, q order: Q, l: UnsafePointer<Double>, alpha: [Double],
                                         likelihood: Likelihood, workspace ws: UnitWorkspace, keep: Bool) {
            let p = ws.p, q = order.n, width = p + 1, k = p + q + 1
            likelihood.design.accumulateMoments(unit: j, alpha: alpha, source: likelihood.source, into: ws)
            guard let logDetM = ws.factorM(l, q: q) else {
                failed = true
                return
            }
            if keep {
                // The derivative pass needs K, which depends on theta but not on gamma: computed here, where R is.
                ws.posteriorCovariance(l, q: q)
                store.append(contentsOf: UnsafeBufferPointer(start: ws.moments, count: ws.momentCount))
                store.append(contentsOf: UnsafeBufferPointer(start: ws.kMatrix, count: q * q))
            }
            // A level-2 design weight b_j multiplies the unit's whole contribution (1 without weights).
            let b = likelihood.design.level1.unitWeight(j)
            logDetVSum.add(b * (likelihood.design.level1.logDetW(unit: j, alpha: alpha) + logDetM))
            // G_0's narrow rows: z_u's (Z'WX, Z'WZ, Z'Wy) and y's.
            let moments = ws.moments, yRow = moments + q * k, y = ws.y
            for u in 0..<q {
                for s in 0..<p { ws.zxy[u * width + s] = moments[u * k + s] }
                ws.zxy[u * width + p] = moments[u * k + p + q]
            }
            SmallMatrix.multiply(q, width, q, l, transposeA: true, ws.zxy, into: y)
            SmallMatrix.forwardSolve(q, width, ws.m, y)
            cross.addSquares(y, count: q, stride: width, scale: b)
            phiYSum.withUnsafeMutableBufferPointer { phiY in
                for s in 0..<p {
                    var value = 0.0
                    for u in 0..<q { value += y[u * width + s] * y[u * width + p] }
                    phiY[s].add(b * (yRow[s] - value))
                }
            }
            var value = 0.0
            for u in 0..<q { value += y[u * width + p] * y[u * width + p] }
            yVySum.add(b * (yRow[p + q] - value))
        }

        /// Adds another range's sums (ranges are merged in unit order).
        mutating func merge(_ other: UnitPass) {
            cross.merge(other.cross)
            for s in phiYSum.indices { phiYSum[s].merge(other.phiYSum[s]) }
            yVySum.merge(other.yVySum)
            logDetVSum.merge(other.logDetVSum)
            failed = failed || other.failed
            rowsVisited += other.rowsVisited
            // Strictly smaller only: ranges come in row order, so the first smallest row is kept.
            if other.lowestLogVariance.value < lowestLogVariance.value { lowestLogVariance = other.lowestLogVariance }
        }

        /// Phi = sum_j X_j'V_j^-1 X_j = G_0[xx] - sum_j Y_x'Y_x, G_0[xx] the first packed block of `fixed`.
        mutating func phi(_ fixed: [Double]) -> Matrix {
            let cross = cross.total()
            var phi = Matrix(rows: p, columns: p)
            var index = 0
            for s in 0..<p {
                for t in s..<p {
                    let value = fixed[index] - cross[s * p + t]
                    phi[s, t] = value
                    phi[t, s] = value
                    index += 1
                }
            }
            return phi
        }
    }
}
