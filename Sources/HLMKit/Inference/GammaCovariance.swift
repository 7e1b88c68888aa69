/// The model-based covariance of gamma-hat on the design's internal columns: Phi^-1 = (sum_j X_j'V_j^-1 X_j)^-1
/// kept as Phi's Cholesky factor (the linear model, and PQL's linearised model), or a matrix computed otherwise
/// (Laplace and AGQ: the gamma block of the inverse Hessian of the deviance, `GeneralizedFit.gammaCovariance`).
enum GammaCovariance {
    /// Phi^-1 through the Cholesky factor L of Phi.
    case phiInverse(Cholesky)
    /// The covariance itself.
    case matrix(Matrix)

    /// The covariance of `fitted`'s gamma: a non-normal fit's own, or Phi^-1 of the linear model.
    init(_ fitted: FittedModel) {
        if let generalized = fitted.generalized, generalized.estimation != .pql {
            self = .matrix(generalized.gammaCovariance)
        } else {
            self = .phiInverse(fitted.evaluation.phiFactor)
        }
    }

    /// The covariance as a matrix.
    var matrix: Matrix {
        switch self {
        case .phiInverse(let factor): return factor.inverse()
        case .matrix(let covariance): return covariance
        }
    }

    /// C V C' for contrast rows C (k x p): with Phi's factor as Y'Y, L Y = C' (no inverse formed).
    func spread(_ c: Matrix) -> Matrix {
        switch self {
        case .phiInverse(let factor):
            let y = factor.solveLower(c.transposed)
            return y.transposeTimes(y)
        case .matrix(let covariance):
            return c * covariance * c.transposed
        }
    }
}
