import HLMPlatform

/// What one level-1 row contributes, at its linear predictor eta, to a unit's conditional log-density
/// ln p(y | u) and to its derivatives in eta (for the canonical links, d ln p / d eta = y - m mu):
/// the kernel of ln p (without the row's constant, `ResponseFamily.logDensityConstant`), the residual
/// r = y - m mu, the working weight w = m v(mu) = -d^2 ln p / d eta^2 and its slope dw / d eta
/// (m mu (1 - mu)(1 - 2 mu) for the logit, mu for the log).
struct ConditionalDensityTerms {
    /// ln p(y | eta) minus the row's constant: y eta - m ln(1 + e^eta) (logit), y eta - e^eta (log).
    var kernel: Double
    /// r = y - m mu.
    var residual: Double
    /// w = m v(mu).
    var weight: Double
    /// dw / d eta.
    var weightSlope: Double
}

extension ResponseFamily {
    /// The row's `ConditionalDensityTerms` at `eta` (one exponential, and one logarithm for the logit).
    @inline(__always)
    func conditionalTerms(_ y: Double, trials m: Double, eta: Double) -> ConditionalDensityTerms {
        switch self {
        case .poisson:
            let mu = exp(eta)
            return ConditionalDensityTerms(kernel: y * eta - mu, residual: y - mu, weight: mu, weightSlope: mu)
        case .normal:
            return ConditionalDensityTerms(kernel: -0.5 * (y - eta) * (y - eta), residual: y - eta, weight: 1,
                                           weightSlope: 0)
        case .bernoulli, .binomial:
            // e = exp(-|eta|) in (0, 1]: mu and ln(1 + e^eta) = max(eta, 0) + ln(1 + e) without overflow.
            let e = exp(-abs(eta))
            let mu = eta >= 0 ? 1 / (1 + e) : e / (1 + e)
            let softplus = max(eta, 0) + log1p(e)
            let w = m * mu * (1 - mu)
            return ConditionalDensityTerms(kernel: y * eta - m * softplus, residual: y - m * mu, weight: w,
                                           weightSlope: w * (1 - 2 * mu))
        }
    }

    /// ln p(y | eta) - kernel(eta), the part of the row's log-density that does not depend on eta
    /// (ln C(m, y) for the binomial, -ln y! for the Poisson, 0 for the Bernoulli): taken from `logDensity` at
    /// eta = 0, so that constants plus kernels add up to exactly what `logDensity` defines.
    func logDensityConstant(_ y: Double, trials m: Double) -> Double {
        logDensity(y, trials: m, eta: 0) - conditionalTerms(y, trials: m, eta: 0).kernel
    }
}
