/// The deviance and, when asked, its derivatives at one parameter value.
struct LikelihoodEvaluation {
    /// FML deviance or REML criterion, with the 2 pi constant.
    var deviance: Double
    /// gamma_hat = Phi^-1 sum_j X_j'V_j^-1 y_j.
    var gamma: [Double]
    /// Cholesky factor of Phi = sum_j X_j'V_j^-1 X_j; Phi^-1 is the model-based covariance of gamma_hat.
    var phiFactor: Cholesky
    /// d deviance / d (vech Tau, alpha); empty unless derivatives were asked for.
    var gradient: [Double]
    /// Expected information of the deviance, F_ab = sum_j tr(V_j^-1 V_a V_j^-1 V_b).
    var information: Matrix
    /// Level-1 rows read to evaluate it (0 when the moments come from precomputed strata).
    var rowsVisited: Int
    /// The smallest c_i'alpha = ln sigma^2_i over the rows read and the first row where it occurs (row -1 when
    /// the moments come from precomputed strata).
    var lowestLogVariance: (value: Double, row: Int)
}
