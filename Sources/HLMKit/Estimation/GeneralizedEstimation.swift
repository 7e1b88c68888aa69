/// How a model with a non-normal outcome (`ResponseFamily`) is fitted (Raudenbush & Bryk 2002, ch. 10;
/// Pinheiro & Chao 2006 for adaptive quadrature).
public enum GeneralizedEstimation: Sendable, Equatable {
    /// Penalised quasi-likelihood (HLM's default): macro iterations, each fitting the linear mixed model of the
    /// working outcome y* = eta + (y - m mu) / w with working weights w = m v(mu).
    case pql
    /// The Laplace approximation of the marginal likelihood, maximised over (gamma, Tau) (glmer's nAGQ = 1).
    case laplace
    /// Adaptive Gauss-Hermite quadrature with this many points per random effect, around each unit's mode
    /// and scaled by its curvature (a product rule over the q random effects; glmer's nAGQ = K for q = 1).
    case adaptiveQuadrature(points: Int)

    /// The name used by `--estimation` and in the JSON: `pql`, `laplace` or `agq`.
    public var name: String {
        switch self {
        case .pql: return "pql"
        case .laplace: return "laplace"
        case .adaptiveQuadrature: return "agq"
        }
    }

    /// Quadrature points per random effect: 1 for Laplace (one point at the mode), K for AGQ, nil for PQL.
    public var quadraturePoints: Int? {
        switch self {
        case .pql: return nil
        case .laplace: return 1
        case .adaptiveQuadrature(let points): return points
        }
    }
}
