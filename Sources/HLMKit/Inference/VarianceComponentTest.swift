/// One row of "Final estimation of variance components": a random effect u_q with its chi-square test, or the
/// level-1 residual r (no test).
///
/// The test of H0: tau_qq = 0 (Raudenbush & Bryk 2002, ch. 3) uses the units J' with a nonsingular
/// X_j'D_j^-1X_j: chi^2_q = sum_{j in J'} (beta_hat_qj - w_j'gamma_q)^2 / V_qqj, with beta_hat_j the unit's OLS
/// (weighted by 1 / sigma^2_ij) coefficients and V_j = (X_j'D_j^-1X_j)^-1 at the final sigma^2_ij
/// (= sigma^2 (X_j'X_j)^-1 for a homogeneous sigma^2), on df = J' - (number of fixed effects of beta_q).
public struct VarianceComponentTest: Sendable, Equatable {
    /// The random level-1 coefficient (INTRCPT1 or a level-1 predictor), or `level-1` for r.
    public var coefficient: String
    /// sqrt of `variance`.
    public var standardDeviation: Double
    /// tau_qq, or sigma^2 for the level-1 row.
    public var variance: Double
    /// J' - S_q - 1; nil for the level-1 row.
    public var degreesOfFreedom: Int?
    /// The chi-square statistic; nil for the level-1 row.
    public var chiSquare: Double?
    /// Upper-tail chi-square p; nil for the level-1 row.
    public var pValue: Double?
}
