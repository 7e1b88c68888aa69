import HLMPlatform

/// Fisher scoring on the Cholesky factor of Tau and alpha, with Levenberg-Marquardt damping and
/// step-halving, until |change in deviance| < tolerance and the Newton decrement g'F^-1 g (about twice
/// the distance of the deviance from its minimum) is below 1e-6 tolerance, or below tolerance and no longer
/// falling (the gradient's rounding floor). The tolerance used is min(tolerance, 0.01)
/// (`EstimationOptions.largestTolerance`), and convergence is claimed only when, besides, the expected
/// information F is positive definite at the end (a certificate that every parameter is identified). The tight decrement makes the estimates, not just the deviance,
/// converge: they then agree to about 1e-8 relative whatever the row order or starting point.
///
/// In the optimiser's coordinates theta = (vech L, alpha) the gradient is J'g and the scoring matrix
/// J'FJ + sum_ab g_ab d^2 tau_ab / d theta d theta', J = d(vech Tau, alpha)/d theta
/// (`CovarianceParameters.jacobian`, `parameterCurvature`, with the positive part of the gradient matrix).
/// The second term is the exact curvature of the parametrisation:
/// without it J'FJ vanishes with a column of L at a boundary optimum (a zero variance), and scoring crawls
/// there; with it the steps stay Newton-like on the boundary too. A step that does not lower the deviance
/// is halved (up to 30 times); if none works the damping grows. Convergence is claimed only when the stopping
/// rule holds; otherwise the record says why it stopped.
///
/// Fisher scoring converges linearly (each step removes about 85% of the error on HS&B), because the
/// expected information F differs from the Hessian H. Near the optimum (Newton decrement below 1) each
/// step also updates a correction D by the symmetric rank-one formula so that (F + D) s = y for the last
/// step s and gradient change y (a structured secant method: F is recomputed exactly at every point and D
/// learns only H - F), and the step solves (F + D) step = -g when F + D is positive definite and no damping
/// is in force. Convergence then becomes superlinear: the HS&B models need 4 to 8 iterations, not 5 to 9.
/// The stopping rule keeps F's decrement.
///
/// A variance component that few units identify (400,000 single rows plus 5 pairs) lies in a long, narrow
/// valley of the deviance, tau + sigma^2 = const, straight in (Tau, sigma^2) but curved in (L, alpha): each
/// straight step in (L, alpha) soon leaves the valley, so scoring crept along it (40 to 140 iterations, each
/// a pass over the units). From the `extensionStart`-th iteration on, steps are also tried along the line in
/// (Tau, sigma^2) and lengthened, up to just short of the boundary Tau singular (`extended`).
///
/// With `holdsDispersion` (a non-normal family's linearised model, whose level-1 dispersion sigma^2 is fixed
/// at 1: `PenalisedQuasiLikelihood`) alpha_0 stays where it starts (0): its gradient entry is zeroed and its
/// row and column of the scoring matrix are the unit vector, so every step leaves it alone, and the gradient
/// norm and the information certificate are over the free parameters only.
struct FisherScoring {
    let likelihood: Likelihood
    let options: EstimationOptions
    /// Whether alpha_0 (ln sigma^2) is held at its starting value.
    var holdsDispersion = false

    /// The iteration from which steps may be lengthened (`extended`): the HS&B models converge before it,
    /// so their paths are those of plain scoring.
    static let extensionStart = 8

    struct Result {
        var parameters: CovarianceParameters
        var evaluation: LikelihoodEvaluation
        var convergence: ConvergenceRecord
        var history: [IterationStep]
        /// Likelihood evaluations made, and level-1 rows read by them (the cost model of the regression tests).
        var evaluations: Int
        var rowsVisited: Int
    }

    /// Runs from `start`; nil when the deviance cannot be evaluated at `start`.
    func run(from start: CovarianceParameters) -> Result? {
        var theta = start
        let cost = Cost()
        guard var current = evaluate(theta, derivatives: true, cost) else { return nil }
        var history: [IterationStep] = []
        var damping = 0.0
        var lastChange = Double.infinity
        var message = "the maximum number of iterations (\(options.maxIterations)) was reached"
        var converged = false
        var gradientNorm = Double.infinity
        var previousDecrement = Double.infinity
        var lastDecrement = Double.nan
        let floor = likelihood.varianceFloor
        var correction: Matrix?
        let tolerance = min(options.tolerance, EstimationOptions.largestTolerance)
        var previous: (theta: [Double], gradient: [Double])?
        // A cancelled task (hlm-studio's cancel button) stops at the next iteration; `Estimator.optimise` throws.
        while history.count < options.maxIterations, !Task.isCancelled {
            let jacobian = theta.jacobian
            var gradient = jacobian.transposed * current.gradient
            var scoring = jacobian.transposeTimes(current.information * jacobian)
                + theta.parameterCurvature(gradient: current.gradient)
            if let held = heldIndex(theta) {
                gradient[held] = 0
                for i in gradient.indices { (scoring[held, i], scoring[i, held]) = (0, 0) }
                scoring[held, held] = 1
            }
            gradientNorm = dot(gradient, gradient).squareRoot()
            if let previous, previousDecrement < 1 {
                updateCorrection(&correction, scoring: scoring, step: zip(theta.vector, previous.theta).map { $0 - $1 },
                                 gradientChange: zip(gradient, previous.gradient).map { $0 - $1 })
            }
            previous = (theta.vector, gradient)
            guard let (fisherStep, decrement) = dampedStep(gradient: gradient, scoring: scoring, damping: &damping) else {
                message = "the scoring matrix could not be factorised"
                break
            }
            lastDecrement = decrement
            var step = fisherStep
            if damping == 0, let correction, let factor = Cholesky(scoring + correction, relativeTolerance: 1e-12) {
                step = factor.solve(gradient).map { -$0 }
            }
            let stalled = decrement < tolerance && decrement > 0.5 * previousDecrement
            if abs(lastChange) < tolerance && (decrement < 1e-6 * tolerance || stalled) {
                converged = true
                message = "iterations stopped: |change in deviance| < \(tolerance) and a negligible gradient"
                break
            }
            previousDecrement = decrement
            guard let (next, evaluation) = lineSearch(from: theta, deviance: current.deviance, step: step,
                                                      extend: history.count >= Self.extensionStart, cost) else {
                if decrement < tolerance {
                    converged = true
                    message = "iterations stopped: no step lowers the deviance and the gradient is negligible"
                    break
                }
                damping = max(damping * 10, 1e-4)
                if damping > 1e12 {
                    message = "no step lowered the deviance (Newton decrement \(decrement))"
                    break
                }
                continue
            }
            lastChange = current.deviance - evaluation.deviance
            theta = next
            current = evaluation
            damping = damping < 1e-9 ? 0 : damping / 10
            history.append(IterationStep(iteration: history.count + 1, deviance: current.deviance,
                                         algorithm: "Fisher scoring"))
            if likelihood.smallestLogVariance(theta.alpha, at: current).value < floor {
                message = "the level-1 variance of some rows fell below 1e-10 times the outcome's variance"
                break
            }
        }
        if !converged && history.count >= options.maxIterations {
            message = "the maximum number of iterations (\(options.maxIterations)) was reached before "
                + "|change in deviance| fell below \(options.tolerance)"
        }
        if converged && Cholesky(freeBlock(current.information, theta), relativeTolerance: 1e-12) == nil {
            converged = false
            message = "the information matrix of the covariance parameters is not positive definite at the "
                + "last iteration, so the data do not identify every variance component"
        }
        let record = ConvergenceRecord(converged: converged, iterations: history.count, gradientNorm: gradientNorm,
                                       devianceChange: abs(lastChange.isFinite ? lastChange : 0), message: message,
                                       newtonDecrement: lastDecrement)
        return Result(parameters: theta, evaluation: current, convergence: record, history: history,
                      evaluations: cost.evaluations, rowsVisited: cost.rowsVisited)
    }

    /// The index of alpha_0 in theta = (vech L, alpha) (and in (vech Tau, alpha)) when it is held, else nil.
    private func heldIndex(_ theta: CovarianceParameters) -> Int? {
        holdsDispersion ? theta.randomCount * (theta.randomCount + 1) / 2 : nil
    }

    /// The information over the free parameters: `information` without alpha_0's row and column when it is held.
    private func freeBlock(_ information: Matrix, _ theta: CovarianceParameters) -> Matrix {
        guard let held = heldIndex(theta) else { return information }
        let free = (0..<information.rows).filter { $0 != held }
        var block = Matrix(rows: free.count, columns: free.count)
        for (r, a) in free.enumerated() { for (c, b) in free.enumerated() { block[r, c] = information[a, b] } }
        return block
    }

    /// Symmetric rank-one update of the correction D so that (F + D) s = y for the last step s and the
    /// change y in the gradient: with r = y - (F + D) s, D += r r' / r's, skipped when r's is tiny next to
    /// |r| |s| (the usual safeguard of SR1, with norms scaled by diag(F)).
    private func updateCorrection(_ correction: inout Matrix?, scoring: Matrix, step: [Double],
                                  gradientChange: [Double]) {
        let current = correction ?? Matrix(rows: step.count, columns: step.count)
        let predicted = (scoring + current) * step
        let residual = zip(gradientChange, predicted).map { $0 - $1 }
        let denominator = dot(residual, step)
        // The norms are taken in the metric of diag(F), so that the safeguard does not depend on the units
        // of the parameters (r_i / sqrt(F_ii), s_i sqrt(F_ii)).
        let weights = scoring.diagonal.map { $0 > 0 ? $0.squareRoot() : 1 }
        let scaledResidual = zip(residual, weights).map { $0 / $1 }, scaledStep = zip(step, weights).map { $0 * $1 }
        guard denominator != 0,
              abs(denominator) > 1e-8 * dot(scaledResidual, scaledResidual).squareRoot()
                * dot(scaledStep, scaledStep).squareRoot()
        else { return }
        var updated = current
        for i in step.indices { for j in step.indices { updated[i, j] += residual[i] * residual[j] / denominator } }
        correction = updated
    }

    /// Solves (F + (damping + 1e-12) diag(F)) step = -g; returns the step and the decrement g'F^-1 g.
    ///
    /// The regularisation is relative to each parameter's own diagonal, so the step and the decrement do
    /// not change when a parameter is rescaled (the outcome in units of 1e10 makes L about 1e10 and its
    /// curvature 1e-20 while alpha_0's stays near N: a ridge common to all would swamp L's). A zero diagonal
    /// gets 1e-12 of the largest.
    private func dampedStep(gradient: [Double], scoring: Matrix, damping: inout Double) -> ([Double], Double)? {
        let m = gradient.count
        let scale = max(scoring.diagonal.map(abs).max() ?? 1, 1e-300)
        for _ in 0..<40 {
            var a = scoring
            for i in 0..<m {
                let diagonal = scoring[i, i] != 0 ? abs(scoring[i, i]) : scale
                a[i, i] += (damping + 1e-12) * diagonal
            }
            if let factor = Cholesky(a, relativeTolerance: 0) {
                let step = factor.solve(gradient).map { -$0 }
                return (step, -dot(gradient, step))
            }
            damping = max(damping * 10, 1e-8)
        }
        return nil
    }

    /// Step-halving: the first of step, step/2, ... (30 halvings) that does not raise the deviance. The full
    /// step, accepted nearly always near the optimum, is evaluated with its derivatives in one pass; shorter
    /// trial steps are evaluated without them first. With `extend`, longer steps along the natural line are
    /// tried first (`extended`).
    private func lineSearch(from theta: CovarianceParameters, deviance: Double, step: [Double], extend: Bool,
                            _ cost: Cost) -> (CovarianceParameters, LikelihoodEvaluation)? {
        let base = theta.vector
        var length = 1.0
        var full: LikelihoodEvaluation?
        for attempt in 0..<30 {
            let candidate = theta.with(vector: zip(base, step).map { $0 + length * $1 })
            if let trial = evaluate(candidate, derivatives: attempt == 0, cost),
               trial.deviance <= deviance + 1e-13 * abs(deviance) {
                if attempt == 0 { full = trial }
                if attempt == 0 && !extend { return (candidate, trial) }
                let baseline = min(trial.deviance, deviance)
                if extend, let longer = extended(from: theta, step: step, baseline: baseline, cost) { return longer }
                if let full { return (candidate, full) }
                if let evaluation = evaluate(candidate, derivatives: true, cost) { return (candidate, evaluation) }
            }
            length /= 2
        }
        return nil
    }

    /// theta + t s with the step taken on the line in natural coordinates: Tau(t) = L L' + t (S L' + L S')
    /// (S the step's part in L, so that d Tau / dt at t = 0 is the step's), sigma_0^2(t) = e^alpha_0 (1 + t s_0)
    /// (alpha_0(t) = alpha_0 + ln(1 + t s_0)), alpha_h(t) = alpha_h + t s_h for h >= 1. Nil when Tau(t) is not
    /// positive definite or 1 + t s_0 <= 0.
    private func naturalPoint(_ theta: CovarianceParameters, step: [Double], _ t: Double) -> CovarianceParameters? {
        let q = theta.randomCount, pairs = q * (q + 1) / 2
        guard 1 + t * step[pairs] > 0 else { return nil }
        let direction = theta.with(vector: step)
        let change = direction.cholesky * theta.cholesky.transposed
        let tau = theta.tau + t * (change + change.transposed)
        guard let factor = Cholesky(tau) else { return nil }
        var alpha = zip(theta.alpha, direction.alpha).map { $0 + t * $1 }
        alpha[0] = theta.alpha[0] + log(1 + t * step[pairs])
        return CovarianceParameters(cholesky: factor.factor, alpha: alpha)
    }

    /// The largest t for which Tau(t) of `naturalPoint` stays positive definite: with M = L^-1 D L^-T
    /// (D = S L' + L S'), Tau + t D = L (I + t M) L', so t* = -1 / lambda_min(M) when lambda_min < 0; infinity
    /// otherwise (or when L is singular).
    private func boundaryLength(_ theta: CovarianceParameters, step: [Double]) -> Double {
        guard let factor = Cholesky(theta.tau) else { return .infinity }
        let change = theta.with(vector: step).cholesky * theta.cholesky.transposed
        let half = factor.solveLower(change + change.transposed)
        let smallest = SymmetricEigen(factor.solveLower(half.transposed)).values.min() ?? 0
        return smallest < 0 ? -1 / smallest : .infinity
    }

    /// Step-doubling along the natural line (`naturalPoint`): of t = 1, 2, 4, ... (up to 1024, while below
    /// the boundary t*) and (1 - 1e-3) t*, tried in increasing order, the last of the run that keeps lowering
    /// the deviance below `baseline`, evaluated without derivatives until chosen; nil when t = 1 does not lower it.
    ///
    /// In the valley of a weakly identified variance (see the type's comment) the deviance along the natural
    /// line falls nearly linearly toward the boundary or a small optimum, and the doubling crosses the distance
    /// in a few evaluations; near L = 0 the steps are Newton-like (`CovarianceParameters.parameterCurvature`)
    /// and finish there. It never lands on a singular Tau, so the stopping rule and its certificate are
    /// unchanged.
    private func extended(from theta: CovarianceParameters, step: [Double], baseline: Double, _ cost: Cost)
        -> (CovarianceParameters, LikelihoodEvaluation)? {
        let boundary = boundaryLength(theta, step: step)
        var lengths = (0...10).map { Double(1 << $0) }.filter { $0 < boundary }
        if boundary.isFinite, (1 - 1e-3) * boundary > lengths.last ?? 0 { lengths.append((1 - 1e-3) * boundary) }
        var best: (theta: CovarianceParameters, deviance: Double)?
        for t in lengths {
            guard let candidate = naturalPoint(theta, step: step, t),
                  let trial = evaluate(candidate, derivatives: false, cost),
                  trial.deviance < best?.deviance ?? baseline else { break }
            best = (candidate, trial.deviance)
        }
        guard let best, let evaluation = evaluate(best.theta, derivatives: true, cost) else { return nil }
        return (best.theta, evaluation)
    }

    /// Evaluations made and level-1 rows they read.
    private final class Cost {
        var evaluations = 0
        var rowsVisited = 0
    }

    private func evaluate(_ theta: CovarianceParameters, derivatives: Bool, _ cost: Cost) -> LikelihoodEvaluation? {
        let evaluation = likelihood.evaluate(theta, derivatives: derivatives)
        cost.evaluations += 1
        cost.rowsVisited += evaluation?.rowsVisited ?? 0
        return evaluation
    }
}
