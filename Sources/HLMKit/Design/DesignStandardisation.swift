/// The internal centring of a design's uncentred predictors, and the exact maps back to the user's columns.
///
/// An uncentred predictor far from zero (x + 1e6) makes its columns nearly collinear with the intercept's, so
/// the cross-products of [X Z y] and C cancel catastrophically. The design is therefore fitted on centred
/// columns wherever the model has the columns that make the centring an exact reparametrisation, and every
/// estimate is mapped back (`ColumnShifts`):
/// An uncentred predictor is centred when its mean lies farther from zero than its range (`centringShift`):
/// - X: column (q, s) = x_q w_s with x_q = x'_q + a_q, w_s = w'_s + b (a_q the mean over rows of a level-1
///   predictor, b the mean over units of a level-2 one) is
///   x'_q w'_s + b x'_q + a_q w'_s + a_q b: the internal columns (q, s), (q, INTRCPT2), (INTRCPT1, s),
///   (INTRCPT1, INTRCPT2). b is used when coefficient q has INTRCPT2, a_q when INTRCPT1's equation has each
///   needed column with the same centring; otherwise that mean stays 0 (the column as given).
/// - Z: a random slope's predictor is centred when INTRCPT1 is random: z_q = z'_q + a_q z_0.
/// - C: a variance predictor is centred on its mean over the rows (C always has its intercept); its map is
///   `Level1Model.centring`.
/// Centring only (no scaling: Cholesky factors and the column tests are already invariant to a column's
/// scale) keeps det S = 1, so the REML term ln|X'V^-1X| and every deviance are unchanged.
struct DesignStandardisation: Sendable, Equatable {
    /// X_user = X_int S: gamma_user = S^-1 gamma_int.
    var fixed: ColumnShifts
    /// Z_user = Z_int G: u_user = G^-1 u_int, Tau_user = G^-1 Tau_int G^-T.
    var random: ColumnShifts

    /// The Jacobian of (vech Tau, alpha) on the user's scale with respect to the internal ones (pairs as
    /// `Matrix.lowerTriangle`; alpha's map `variance`, C_user = C_int H), so that their
    /// covariance maps as J Cov J'. Both maps are linear, so column a is the image of the a-th unit vector.
    func covarianceParameterJacobian(randomCount q: Int, variance: ColumnShifts) -> Matrix {
        let pairs = Matrix.lowerTriangle(q)
        let h = variance.terms.count, m = pairs.count + h
        var jacobian = Matrix(rows: m, columns: m)
        for (a, pair) in pairs.enumerated() {
            var unit = Matrix(rows: q, columns: q)
            unit[pair.row, pair.column] = 1
            unit[pair.column, pair.row] = 1
            let image = random.userCovariance(unit)
            for (b, target) in pairs.enumerated() { jacobian[b, a] = image[target.row, target.column] }
        }
        for a in 0..<h {
            var unit = [Double](repeating: 0, count: h)
            unit[a] = 1
            for (b, value) in variance.userCoefficients(unit).enumerated() { jacobian[pairs.count + b, pairs.count + a] = value }
        }
        return jacobian
    }
}
