/// One iteration of the optimiser, for the report's iteration summary.
public struct IterationStep: Sendable, Equatable {
    /// 1-based iteration number.
    public var iteration: Int
    /// Deviance after the step.
    public var deviance: Double
    /// "EM", "Fisher scoring" or "Newton".
    public var algorithm: String
}

/// How the optimiser ended. `converged` is true only when the stopping rule was met.
public struct ConvergenceRecord: Sendable, Equatable {
    /// Whether |change in deviance| < tolerance and the gradient was small.
    public var converged: Bool
    /// Iterations taken.
    public var iterations: Int
    /// Euclidean norm of the deviance gradient in the covariance parameters at the end.
    public var gradientNorm: Double
    /// |change in deviance| at the last iteration.
    public var devianceChange: Double
    /// Why it stopped, in words.
    public var message: String
    /// The Newton decrement g'F^-1 g at the end (g the gradient, F the expected information, both in the
    /// optimiser's coordinates): about twice the deviance still to be gained, whatever the units of the
    /// parameters. Convergence needs it below 1e-6 min(tolerance, 0.01), or below min(tolerance, 0.01) at
    /// the rounding floor. NaN when not computed.
    public var newtonDecrement: Double = .nan
}

/// One PQL macro iteration as HLM logs it: the linear mixed model of the working outcome fitted, and the
/// largest change in the estimates it made.
public struct MacroIterationStep: Sendable, Equatable {
    /// 1, 2, ...
    public var iteration: Int
    /// The Fisher-scoring iterations of that macro iteration's linearised model.
    public var microIterations: Int
    /// The largest absolute change in gamma and vech(Tau) (on the user's columns) and an estimated sigma^2 from
    /// the previous macro iteration (HLM's convergence criterion for macro iterations); infinity for the first,
    /// which has no previous estimates.
    public var largestChange: Double
}
