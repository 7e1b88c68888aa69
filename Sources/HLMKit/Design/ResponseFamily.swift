import HLMPlatform

/// The distribution of the level-1 outcome given the random effects, with its canonical link
/// (Raudenbush & Bryk 2002, ch. 10): the level-1 sampling model of a hierarchical generalized linear model.
///
/// With the linear predictor eta_ij = o_ij + x_ij'gamma + z_ij'u_j (o the offset, ln exposure for counts) and
/// m_ij trials (1 for Bernoulli and Poisson rows):
/// - normal: y ~ N(eta, sigma^2_ij), identity link (the linear model; every other family is fitted through it);
/// - Bernoulli: y in {0, 1}, P(y = 1) = mu = 1 / (1 + exp(-eta)) (logit link), Var = mu (1 - mu);
/// - binomial: y successes of m trials, E(y) = m mu, Var = m mu (1 - mu), logit link;
/// - Poisson: y = 0, 1, 2, ..., E(y) = mu = exp(eta) (log link, ln exposure in o), Var = mu.
public enum ResponseFamily: String, Sendable, Equatable, Codable, CaseIterable {
    /// The normal linear model (HLM2's default).
    case normal
    /// A 0/1 outcome, logit link.
    case bernoulli
    /// Successes out of a number of trials, logit link.
    case binomial
    /// A count, log link, with ln exposure as an offset.
    case poisson

    /// Whether this is the normal linear model (no link, no working weights).
    public var isNormal: Bool { self == .normal }

    /// mu = g^-1(eta): the probability per trial (logit link) or the rate (log link); eta for the normal.
    @inline(__always)
    func mean(_ eta: Double) -> Double {
        switch self {
        case .normal: return eta
        case .bernoulli, .binomial: return eta >= 0 ? 1 / (1 + exp(-eta)) : exp(eta) / (1 + exp(eta))
        case .poisson: return exp(eta)
        }
    }

    /// The variance function per trial, v(mu) = d mu / d eta for these canonical links: mu (1 - mu) for the
    /// logit, mu for the log, 1 for the normal.
    @inline(__always)
    func variance(_ mu: Double) -> Double {
        switch self {
        case .normal: return 1
        case .bernoulli, .binomial: return mu * (1 - mu)
        case .poisson: return mu
        }
    }

    /// ln p(y | eta) for a row with `trials` trials, including the constants (ln C(m, y) for the binomial,
    /// -ln y! for the Poisson), so that -2 sum ln p is the deviance glmer reports. Not used for the normal.
    @inline(__always)
    func logDensity(_ y: Double, trials m: Double, eta: Double) -> Double {
        switch self {
        case .normal:
            return -0.5 * (log(2 * Double.pi) + (y - eta) * (y - eta))
        case .bernoulli, .binomial:
            // y eta - m ln(1 + e^eta), written so that neither term overflows for large |eta|.
            let softplus = eta > 0 ? eta + log1p(exp(-eta)) : log1p(exp(eta))
            let constant = self == .binomial ? logChoose(m, y) : 0
            return constant + y * eta - m * softplus
        case .poisson:
            return y * eta - exp(eta) - lgamma(y + 1)
        }
    }

    /// The name of exp(gamma) in reports and JSON: `odds_ratio` for the logit link, `rate_ratio` for the
    /// log link; nil for the normal.
    public var ratioName: String? {
        switch self {
        case .normal: return nil
        case .bernoulli, .binomial: return "odds_ratio"
        case .poisson: return "rate_ratio"
        }
    }

    /// ln C(m, y) = ln Gamma(m + 1) - ln Gamma(y + 1) - ln Gamma(m - y + 1).
    private func logChoose(_ m: Double, _ y: Double) -> Double {
        lgamma(m + 1) - lgamma(y + 1) - lgamma(m - y + 1)
    }
}
