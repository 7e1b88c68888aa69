/// The covariances of gamma_hat of a Laplace or adaptive-quadrature fit, from the Hessian H of the deviance
/// D = -2 ln L over x = (gamma, vech L) at the estimates.
///
/// - Model-based: the gamma block of 2 H^-1, the inverse observed information of (gamma, L) (glmer's `vcov`,
///   which takes H by finite differences over (beta, theta): `use.hessian = TRUE`). The block does not depend on
///   how Tau is parametrised, since the gradient in L is 0 at the optimum. When H is not positive definite (L
///   not identified), 2 (H_gamma gamma)^-1, the covariance with Tau held, if that block is; else NaN.
/// - Cluster-robust (sandwich): the gamma block of H^-1 (sum_j g_j g_j') H^-1, g_j the gradient of unit j's term
///   of D (-2 times its score; `IntegratedLikelihood.Evaluation.unitGradients`): with -ln L = D / 2, the bread is
///   (H / 2)^-1 and the meat sum_j (g_j / 2)(g_j / 2)'. Nil when H is not positive definite or a unit's
///   gradient cannot be evaluated.
struct IntegratedCovariance {
    /// The model-based covariance of gamma (p x p).
    let modelBased: Matrix
    /// The cluster-robust covariance of gamma (p x p).
    let robust: Matrix?

    /// The covariances at the estimates x (each unit's mode searched from `modes`) with the Hessian `hessian`.
    init(likelihood: IntegratedLikelihood, x: [Double], modes: [Double], hessian: Matrix?) {
        let p = likelihood.design.fixedCount
        let inverse = hessian.flatMap { Cholesky($0, relativeTolerance: 1e-12) }?.inverse()
        if let inverse {
            modelBased = 2 * inverse.block(0..<p, 0..<p)
        } else if let block = hessian.map({ $0.block(0..<p, 0..<p) }), let factor = Cholesky(block) {
            modelBased = 2 * factor.inverse()
        } else {
            modelBased = Matrix(rows: p, columns: p, repeating: .nan)
        }
        guard let inverse, let units = likelihood.evaluate(x, modes: modes, derivatives: .unitGradients) else {
            robust = nil
            return
        }
        var scores = Matrix(rows: likelihood.design.unitCount, columns: x.count)
        scores.storage = units.unitGradients
        let meat = scores.transposeTimes(scores)
        robust = (inverse * meat * inverse).block(0..<p, 0..<p)
    }
}
