/// The covariance parameters the optimiser moves: the lower-triangular Cholesky factor L of Tau = L L'
/// (q x q) and the level-1 variance coefficients alpha (log sigma^2_ij = c_ij' alpha; homogeneous:
/// alpha = [ln sigma^2]).
///
/// Working on L keeps Tau positive semi-definite without constraints (as MixedModels.jl does); the
/// vector form lists L's lower triangle column by column, then alpha.
struct CovarianceParameters: Equatable {
    /// L, lower triangular.
    var cholesky: Matrix
    /// alpha_0 ... alpha_H.
    var alpha: [Double]

    /// q.
    var randomCount: Int { cholesky.rows }

    /// For each element tau_ab of vech(Tau) (lower-triangle order), the entries (x, y) of the symmetric
    /// perturbation E_ab = dTau/dtau_ab: [(a, b), (b, a)] off the diagonal, [(a, a)] on it.
    static func tauEntries(_ q: Int) -> [[(Int, Int)]] {
        Matrix.lowerTriangle(q).map { pair in
            pair.row == pair.column ? [(pair.row, pair.row)] : [(pair.row, pair.column), (pair.column, pair.row)]
        }
    }

    /// Tau = L L'.
    var tau: Matrix { cholesky * cholesky.transposed }

    /// The parameters as one vector: vech(L) (column by column), then alpha.
    var vector: [Double] {
        Matrix.lowerTriangle(randomCount).map { cholesky[$0.row, $0.column] } + alpha
    }

    /// Rebuilds parameters of the same shape from a vector made by `vector`.
    func with(vector: [Double]) -> CovarianceParameters {
        var l = Matrix(rows: randomCount, columns: randomCount)
        let pairs = Matrix.lowerTriangle(randomCount)
        for (index, pair) in pairs.enumerated() { l[pair.row, pair.column] = vector[index] }
        return CovarianceParameters(cholesky: l, alpha: Array(vector[pairs.count...]))
    }

    /// d vech(Tau) / d vech(L): entry (ab, rc) = delta_ar L_bc + delta_br L_ac, both in lower-triangle order,
    /// extended by the identity for alpha.
    var jacobian: Matrix {
        let pairs = Matrix.lowerTriangle(randomCount)
        let m = pairs.count + alpha.count
        var jac = Matrix(rows: m, columns: m)
        for (i, ab) in pairs.enumerated() {
            for (k, rc) in pairs.enumerated() {
                var value = 0.0
                if ab.row == rc.row { value += cholesky[ab.column, rc.column] }
                if ab.column == rc.row { value += cholesky[ab.row, rc.column] }
                jac[i, k] = value
            }
        }
        for h in 0..<alpha.count { jac[pairs.count + h, pairs.count + h] = 1 }
        return jac
    }

    /// sum_ab g_ab d^2 tau_ab / d theta d theta' for theta = (vech L, alpha), given the gradient g in natural
    /// parameters (vech Tau, alpha). With dd = tr(G dTau) (G symmetric: G_aa = g_aa, G_ab = g_ab / 2) and
    /// d^2 Tau_ab / dL_rc dL_st = delta_ct (delta_ar delta_bs + delta_br delta_as), the entry for L_rc, L_st
    /// is 2 G_rs when c = t and 0 otherwise; alpha enters linearly, so its rows are 0.
    /// G is replaced by its positive semi-definite part: at a boundary optimum G is positive semi-definite
    /// (the deviance rises in every admissible direction), so nothing changes there, while elsewhere a
    /// negative eigenvalue could make the scoring matrix indefinite.
    func parameterCurvature(gradient: [Double]) -> Matrix {
        let pairs = Matrix.lowerTriangle(randomCount)
        var g = Matrix(rows: randomCount, columns: randomCount)
        for (index, pair) in pairs.enumerated() {
            let value = pair.row == pair.column ? gradient[index] : gradient[index] / 2
            g[pair.row, pair.column] = value
            g[pair.column, pair.row] = value
        }
        let m = pairs.count + alpha.count
        var curvature = Matrix(rows: m, columns: m)
        let positive = SymmetricEigen(g).positivePart
        for (i, rc) in pairs.enumerated() {
            for (k, st) in pairs.enumerated() where rc.column == st.column {
                curvature[i, k] = 2 * positive[rc.row, st.row]
            }
        }
        return curvature
    }
}
