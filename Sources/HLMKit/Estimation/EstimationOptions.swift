/// Settings of the optimiser.
public struct EstimationOptions: Sendable, Equatable {
    /// REML (default, as HLM2) or full ML.
    public var method: EstimationMethod
    /// Upper bound on iterations of each fit (homogeneous, then heterogeneous).
    public var maxIterations: Int
    /// Stop when |change in deviance| < tolerance (and the gradient is small).
    public var tolerance: Double
    /// How a non-normal outcome is fitted (PQL, as HLM, unless asked otherwise); ignored for the normal family.
    public var generalized: GeneralizedEstimation = .pql
    /// PQL's convergence criterion for macro iterations (HLM's 1e-4): they stop when the largest absolute
    /// change in gamma, Tau and an estimated dispersion from one macro iteration to the next is below it.
    public var macroTolerance = 1e-4
    /// Upper bound on PQL's macro iterations.
    public var maxMacroIterations = 100

    /// The loosest tolerance that can certify convergence, 0.01: the fit still needs the Newton decrement
    /// g'F^-1 g below 1e-6 times min(tolerance, 0.01), and the command line refuses larger (or non-finite)
    /// tolerances, since a deviance within 0.01 of the optimum is already closer than any report shows.
    package static let largestTolerance = 0.01

    /// Creates options; defaults are REML, 200 iterations, 1e-8.
    public init(method: EstimationMethod = .reml, maxIterations: Int = 200, tolerance: Double = 1e-8) {
        self.method = method
        self.maxIterations = maxIterations
        self.tolerance = tolerance
    }
}
