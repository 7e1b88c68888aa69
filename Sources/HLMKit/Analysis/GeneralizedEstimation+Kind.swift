extension GeneralizedEstimation {
    /// The estimation of a non-normal outcome by name, as `--estimation` gives it; the number of quadrature
    /// points is a setting of its own (`AnalysisSettings.quadraturePoints`).
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        /// Penalised quasi-likelihood (HLM's default).
        case pql
        /// The Laplace approximation of the likelihood (glmer's nAGQ = 1).
        case laplace
        /// Adaptive Gauss-Hermite quadrature (glmer's nAGQ = K for one random effect).
        case agq
    }

    /// Points per random effect of adaptive quadrature when none are given: 7, Stata's default for its
    /// mixed-effects GLMs (`intpoints(7)`). On Contraception (one random effect) glmer's -2 log L is 2416.5831
    /// with 1 point (Laplace), 2416.3352 with 3, 2416.3179 with 5 and 2416.3176 with 7 to 25 points; with q
    /// random effects a unit costs 7^q evaluations, so more points are better asked for than assumed.
    public static let defaultQuadraturePoints = 7

    /// The largest rule accepted, 100 points per random effect (lme4's Gauss-Hermite table stops there too):
    /// beyond it the rule's weights underflow and nothing is gained.
    public static let largestQuadratureRule = 100

    /// The estimation `kind` with `points` quadrature points for AGQ (the default when nil).
    init(_ kind: Kind, points: Int?) {
        switch kind {
        case .pql: self = .pql
        case .laplace: self = .laplace
        case .agq: self = .adaptiveQuadrature(points: points ?? Self.defaultQuadraturePoints)
        }
    }

    /// Whether the estimation maximises the (approximated) likelihood itself: Laplace and AGQ, which are full
    /// maximum likelihood; PQL fits linearised models by REML or full ML.
    var maximisesLikelihood: Bool { self != .pql }
}
