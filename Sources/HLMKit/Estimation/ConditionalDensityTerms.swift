import HLMPlatform

/// What one level-1 row contributes, at its linear predictor eta, to a unit's conditional log-density
/// ln p(y | u) and to its derivatives in eta (for the canonical links, d ln p / d eta = y - m mu):
/// the kernel of ln p (without the row's constant, `ResponseFamily.logDensityConstant`) as kernel - ln(factor),
/// the residual r = y - m mu, the working weight w = m v(mu) = -d^2 ln p / d eta^2 and its slope dw / d eta
/// (m mu (1 - mu)(1 - 2 mu) for the logit, mu for the log).
///
/// The factor lets a unit's pass take one logarithm of the product of its rows' factors instead of one per row
/// (`KernelSum`): the logarithm was a third of the time of a Bernoulli fit.
struct ConditionalDensityTerms {
    /// ln p(y | eta) minus the row's constant, plus ln(factor): y eta - m max(eta, 0) - m ln(1 + e^-|eta|) (logit;
    /// the last term left to the factor when m = 1), y eta - e^eta (log).
    var kernel: Double
    /// In [1, 2]: 1 + e^-|eta| for a logit row with one trial, else 1.
    var factor: Double
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
            return ConditionalDensityTerms(kernel: y * eta - mu, factor: 1, residual: y - mu, weight: mu, weightSlope: mu)
        case .normal:
            return ConditionalDensityTerms(kernel: -0.5 * (y - eta) * (y - eta), factor: 1, residual: y - eta, weight: 1,
                                           weightSlope: 0)
        case .bernoulli, .binomial:
            // e = exp(-|eta|) in (0, 1]: mu and ln(1 + e^eta) = max(eta, 0) + ln(1 + e) without overflow.
            let e = exp(-abs(eta))
            let mu = eta >= 0 ? 1 / (1 + e) : e / (1 + e)
            let w = m * mu * (1 - mu)
            let one = m == 1
            return ConditionalDensityTerms(kernel: y * eta - m * max(eta, 0) - (one ? 0 : m * log1p(e)),
                                           factor: one ? 1 + e : 1, residual: y - m * mu, weight: w,
                                           weightSlope: w * (1 - 2 * mu))
        }
    }

    /// ln p(y | eta) - kernel(eta), the part of the row's log-density that does not depend on eta
    /// (ln C(m, y) for the binomial, -ln y! for the Poisson, 0 for the Bernoulli): taken from `logDensity` at
    /// eta = 0, so that constants plus kernels add up to exactly what `logDensity` defines.
    func logDensityConstant(_ y: Double, trials m: Double) -> Double {
        let terms = conditionalTerms(y, trials: m, eta: 0)
        return logDensity(y, trials: m, eta: 0) - terms.kernel + log(terms.factor)
    }
}

/// sum_i (kernel_i - ln factor_i) over a unit's rows with one logarithm per 2^600 of product instead of one per
/// row: the factors (each in [1, 2]) are multiplied, and the product's logarithm is taken when it passes 1e180
/// and at the end. The product's rounding, about n 1e-16 relative, is below 1e-13 in the sum for any unit size
/// that fits in memory.
struct KernelSum {
    private var linear = 0.0, logarithms = 0.0, product = 1.0

    /// Adds a row's terms.
    @inline(__always)
    mutating func add(_ terms: ConditionalDensityTerms) {
        linear += terms.kernel
        product *= terms.factor
        if product > 1e180 {
            logarithms += log(product)
            product = 1
        }
    }

    /// The sum.
    var value: Double { linear - logarithms - log(product) }
}
