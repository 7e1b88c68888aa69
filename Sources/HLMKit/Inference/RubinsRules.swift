/// One parameter combined over M completed data sets (plausible values or imputations) by Rubin's rules
/// (Rubin 1987), with the degrees of freedom of Barnard & Rubin (1999).
///
/// With Q_m and U_m the m-th data set's estimate and squared standard error:
///
///     Qbar = (1/M) sum Q_m,                W = (1/M) sum U_m,
///     B = 1/(M-1) sum (Q_m - Qbar)^2,      T = W + (1 + 1/M) B,
///     r = (1 + 1/M) B / W,                 lambda = (1 + 1/M) B / T,
///     nu_m = (M - 1) / lambda^2 = (M - 1) (1 + 1/r)^2,
///     nu_obs = (nu_com + 1) / (nu_com + 3) nu_com (1 - lambda),
///     nu = nu_m nu_obs / (nu_m + nu_obs)   (Barnard & Rubin's nu~_m; nu_m alone when nu_com is infinite),
///     FMI = (r + 2 / (nu + 3)) / (r + 1),
///
/// t = Qbar / sqrt(T) and its two-sided p from Student's t on nu df. nu_com is the complete-data df: the fixed
/// effect's HLM df, or infinity for a variance component or alpha (large-sample inference). With B = 0 the
/// between-imputation part vanishes: lambda = r = 0, nu = nu_obs (infinite when nu_com is), FMI = 2/(nu+3)
/// (0 for infinite nu).
public struct PooledEstimate: Sendable, Equatable {
    /// What the estimate is: `INTRCPT1, INTRCPT2` for a fixed effect, `tau(INTRCPT1,INTRCPT1)`, `sigma2` or
    /// `alpha(FEMALE)` for a covariance parameter.
    public var parameter: String
    /// Qbar, the mean of the M estimates.
    public var estimate: Double
    /// W, the mean of the M squared standard errors (within-data-set variance).
    public var within: Double
    /// B, the variance of the M estimates (between-data-set variance).
    public var between: Double
    /// T = W + (1 + 1/M) B, the total variance; its square root is the standard error.
    public var total: Double
    /// r = (1 + 1/M) B / W, the relative increase in variance due to the missing information.
    public var relativeIncrease: Double
    /// lambda = (1 + 1/M) B / T, the proportion of the total variance due to the missing information.
    public var lambda: Double
    /// FMI = (r + 2/(nu + 3)) / (r + 1), the fraction of missing information.
    public var fractionMissingInformation: Double
    /// nu_com, the complete-data df (infinite for large-sample inference).
    public var completeDegreesOfFreedom: Double
    /// nu, Barnard & Rubin's df.
    public var degreesOfFreedom: Double
    /// sqrt(T).
    public var standardError: Double { total.squareRoot() }
    /// Qbar / sqrt(T).
    public var tRatio: Double { estimate / standardError }
    /// Two-sided p of `tRatio` on `degreesOfFreedom` (normal for infinite df).
    public var pValue: Double { Distributions.studentTTwoSidedP(tRatio, degreesOfFreedom: degreesOfFreedom) }
}

/// Rubin's rules (`PooledEstimate`).
enum RubinsRules {
    /// Combines `estimates` (Q_m) with their `standardErrors` (sqrt U_m) over M = `estimates.count` >= 2 data
    /// sets; `completeDegreesOfFreedom` is nu_com (`.infinity` for large-sample inference). A NaN among the
    /// inputs gives NaN variances (an SE that could not be computed in one data set is not silently dropped).
    static func pool(_ parameter: String, estimates: [Double], standardErrors: [Double],
                     completeDegreesOfFreedom nuCom: Double) -> PooledEstimate {
        precondition(estimates.count >= 2 && estimates.count == standardErrors.count)
        let m = Double(estimates.count)
        let qBar = estimates.reduce(0, +) / m
        let w = standardErrors.reduce(0) { $0 + $1 * $1 } / m
        let b = estimates.reduce(0) { $0 + ($1 - qBar) * ($1 - qBar) } / (m - 1)
        let inflatedB = (1 + 1 / m) * b
        let t = w + inflatedB
        let r = inflatedB / w
        let lambda = inflatedB / t
        let nuM = lambda == 0 ? Double.infinity : (m - 1) / (lambda * lambda)
        let nuObs = nuCom.isInfinite ? Double.infinity : (nuCom + 1) / (nuCom + 3) * nuCom * (1 - lambda)
        let nu: Double
        if nuObs.isInfinite { nu = nuM } else if nuM.isInfinite { nu = nuObs } else { nu = nuM * nuObs / (nuM + nuObs) }
        let fmi = (r + 2 / (nu + 3)) / (r + 1)
        return PooledEstimate(parameter: parameter, estimate: qBar, within: w, between: b, total: t,
                              relativeIncrease: r, lambda: lambda, fractionMissingInformation: fmi,
                              completeDegreesOfFreedom: nuCom, degreesOfFreedom: nu)
    }
}
