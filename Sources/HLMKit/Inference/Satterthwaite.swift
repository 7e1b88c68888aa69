/// Satterthwaite degrees of freedom of each fixed effect (Satterthwaite 1946; the method of lmerTest):
/// df_k = 2 C_kk^2 / (g_k' A g_k), with C = S^-1 Phi^-1 S^-T the model-based Var(gamma_hat) on the user's
/// columns (`DesignStandardisation`), g_k = dC_kk/dtheta over the
/// covariance parameters theta = (vech Tau, alpha), and A = 2 H^-1 their asymptotic covariance from the observed
/// Hessian H of the deviance (REML criterion under REML).
///
/// H is the central difference of the exact gradient and g_k the central difference of C_kk, with steps of
/// 1e-4 times each parameter's scale; the df is invariant to the parameterisation at the optimum, so it matches
/// lmerTest's, which differentiates in lme4's (theta, sigma). Nil at a boundary (T singular: a step leaves the
/// parameter space) or when H is not positive definite.
struct Satterthwaite {
    let likelihood: Likelihood
    let parameters: CovarianceParameters

    /// df of each fixed effect, or nil.
    func degreesOfFreedom() -> [Double]? {
        let q = parameters.randomCount
        let pairs = Matrix.lowerTriangle(q)
        let tau = parameters.tau
        let theta = pairs.map { tau[$0.row, $0.column] } + parameters.alpha
        let tauScale = (0..<q).map { tau[$0, $0] }.max() ?? 1
        let steps = theta.indices.map { a in
            1e-4 * max(abs(theta[a]), a < pairs.count ? 1e-3 * tauScale : 1)
        }
        var gradients: [[Double]] = [], variances: [[Double]] = []
        for a in theta.indices {
            for sign in [1.0, -1.0] {
                var shifted = theta
                shifted[a] += sign * steps[a]
                guard let point = covarianceParameters(shifted, pairs: pairs),
                      let evaluation = likelihood.evaluate(point, derivatives: true) else { return nil }
                gradients.append(evaluation.gradient)
                variances.append(userVariances(evaluation.phiFactor))
            }
        }
        let m = theta.count
        var hessian = Matrix(rows: m, columns: m)
        for a in 0..<m {
            for b in 0..<m { hessian[a, b] = (gradients[2 * a][b] - gradients[2 * a + 1][b]) / (2 * steps[a]) }
        }
        hessian = 0.5 * (hessian + hessian.transposed)
        guard let factor = Cholesky(hessian, relativeTolerance: 0),
              let current = likelihood.evaluate(parameters, derivatives: false) else { return nil }
        let c = userVariances(current.phiFactor)
        // 2 C_kk^2 / (g'(2 H^-1) g) = C_kk^2 / (g'H^-1 g).
        return c.indices.map { k -> Double in
            let g: [Double] = (0..<m).map { (a: Int) -> Double in
                let difference: Double = variances[2 * a][k] - variances[2 * a + 1][k]
                return difference / (2 * steps[a])
            }
            let spread: Double = dot(g, factor.solve(g))
            return c[k] * c[k] / spread
        }
    }

    /// diag(S^-1 Phi^-1 S^-T), the variances of the fixed effects on the user's columns.
    private func userVariances(_ phiFactor: Cholesky) -> [Double] {
        likelihood.design.standardisation.fixed.userCovariance(phiFactor.inverse()).diagonal
    }

    /// (L, alpha) from (vech Tau, alpha); nil when Tau is not positive definite.
    private func covarianceParameters(_ theta: [Double], pairs: [(row: Int, column: Int)]) -> CovarianceParameters? {
        let q = parameters.randomCount
        var tau = Matrix(rows: q, columns: q)
        for (index, pair) in pairs.enumerated() {
            tau[pair.row, pair.column] = theta[index]
            tau[pair.column, pair.row] = theta[index]
        }
        guard let factor = Cholesky(tau, relativeTolerance: 0) else { return nil }
        return CovarianceParameters(cholesky: factor.factor, alpha: Array(theta[pairs.count...]))
    }
}
