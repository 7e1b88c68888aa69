/// Minimises an `IntegratedLikelihood`'s deviance over x = (gamma, vech L) jointly by a quasi-Newton method
/// whose curvature is checked against the true Hessian.
///
/// The curvature matrix B starts as the Hessian by finite differences of the gradient (`hessian`) and is then
/// updated by BFGS (B += y y'/y's - B s s'B / s'B s for step s and gradient change y, skipped unless
/// y's > 1e-12 |y| |s|). A step solves (B + lambda diag|B|) s = -g, lambda 0 unless B is not positive definite
/// (then 1e-4, 1e-3, ...), and is halved until the Armijo rule D(x + t s) <= D(x) + 1e-4 t g's holds.
/// When the Newton decrement g'B^-1 g (about twice the deviance still to gain) falls below
/// 1e-2 min(tolerance, 0.01), B is replaced by the finite-difference Hessian at x and the decrement is taken
/// again: convergence is claimed only when it is small with that Hessian positive definite (a certificate that x
/// is a minimum, not a saddle or a point where BFGS lost track). That Hessian is the one the standard errors
/// use. L is unconstrained: D depends on L only through Tau = L L', so a variance at zero is an interior point
/// of the search (a column of L at 0).
struct IntegratedLikelihoodOptimiser {
    let likelihood: IntegratedLikelihood
    let options: EstimationOptions

    /// Where the search ended.
    struct Result {
        /// The estimates x and the evaluation there (deviance, modes, gradient).
        var x: [Double]
        var evaluation: IntegratedLikelihood.Evaluation
        /// The Hessian of the deviance by finite differences at x (nil when it could not be evaluated).
        var hessian: Matrix?
        var convergence: ConvergenceRecord
        var history: [IterationStep]
        /// Deviance evaluations made (with or without gradient), not counting the Hessians'.
        var evaluations: Int
    }

    /// Runs from x (each unit's mode searched from 0 at first), with `curvature` as the first B when given (a
    /// related deviance's Hessian, such as the Laplace approximation's at its optimum when adaptive quadrature
    /// starts there) or else the Hessian at x; nil when the deviance cannot be evaluated at x.
    func run(from start: [Double], curvature initial: Matrix? = nil) -> Result? {
        let q = likelihood.design.randomCount
        guard var current = likelihood.evaluate(start, modes: Array(repeating: 0, count: likelihood.design.unitCount * q),
                                                        derivatives: .gradient)
        else { return nil }
        var x = start
        var evaluations = 1
        let tolerance = 1e-2 * min(options.tolerance, EstimationOptions.largestTolerance)
        var curvature = initial ?? likelihood.hessian(x, centre: current)
        var exact = initial == nil && curvature != nil
        var history: [IterationStep] = []
        var message = "the maximum number of iterations (\(options.maxIterations)) was reached"
        var converged = false, lastChange = Double.infinity, decrement = Double.nan
        // A cancelled task stops at the next iteration; `Estimator.fitIntegrated` throws.
        while history.count < options.maxIterations, !Task.isCancelled {
            guard let b = curvature, let (step, newtonDecrement, damped) = Self.step(gradient: current.gradient, curvature: b)
            else {
                message = "the curvature matrix could not be factorised"
                break
            }
            decrement = newtonDecrement
            if decrement < tolerance && !damped {
                if exact {
                    converged = true
                    message = "iterations stopped: the Newton decrement with the finite-difference Hessian is below \(tolerance)"
                    break
                }
                curvature = likelihood.hessian(x, centre: current)
                exact = curvature != nil
                continue
            }
            guard let (next, evaluation, tries) = lineSearch(x: x, current: current, step: step) else {
                evaluations += 30
                if !exact {
                    curvature = likelihood.hessian(x, centre: current)
                    exact = curvature != nil
                    continue
                }
                message = "no step lowered the deviance (Newton decrement \(decrement))"
                break
            }
            evaluations += tries
            let s = zip(next, x).map { $0 - $1 }, y = zip(evaluation.gradient, current.gradient).map { $0 - $1 }
            curvature = Self.updated(b, step: s, gradientChange: y)
            exact = false
            lastChange = current.deviance - evaluation.deviance
            x = next
            current = evaluation
            history.append(IterationStep(iteration: history.count + 1, deviance: current.deviance, algorithm: "quasi-Newton"))
        }
        if !exact { curvature = likelihood.hessian(x, centre: current) }
        if converged, let h = curvature, Cholesky(h, relativeTolerance: 1e-12) == nil {
            converged = false
            message = "the Hessian of the deviance is not positive definite at the last iterate"
        }
        let record = ConvergenceRecord(converged: converged, iterations: history.count,
                                       gradientNorm: dot(current.gradient, current.gradient).squareRoot(),
                                       devianceChange: lastChange.isFinite ? abs(lastChange) : 0, message: message,
                                       newtonDecrement: decrement)
        return Result(x: x, evaluation: current, hessian: curvature, convergence: record, history: history,
                      evaluations: evaluations)
    }

    /// s = -(B + lambda diag|B|)^-1 g with the smallest lambda in {0, 1e-4, 1e-3, ..., 1e8} that makes the matrix
    /// positive definite, the decrement -g's, and whether lambda > 0. Nil when none does.
    static func step(gradient g: [Double], curvature b: Matrix) -> (step: [Double], decrement: Double, damped: Bool)? {
        var lambda = 0.0
        while lambda <= 1e8 {
            var damped = b
            for k in 0..<b.rows { damped[k, k] += lambda * max(abs(b[k, k]), 1e-8) }
            if let factor = Cholesky(damped, relativeTolerance: 1e-14) {
                let step = factor.solve(g).map { -$0 }
                return (step, -dot(g, step), lambda > 0)
            }
            lambda = lambda == 0 ? 1e-4 : lambda * 10
        }
        return nil
    }

    /// x + t s for t = 1, 1/2, ... (up to 30 halvings) until the Armijo rule holds; the new point, its
    /// evaluation with gradient and the evaluations made. Modes are searched from the current ones.
    private func lineSearch(x: [Double], current: IntegratedLikelihood.Evaluation, step: [Double])
        -> ([Double], IntegratedLikelihood.Evaluation, Int)? {
        let slope = dot(current.gradient, step)
        var t = 1.0
        for tries in 1...30 {
            let point = zip(x, step).map { $0 + t * $1 }
            if let evaluation = likelihood.evaluate(point, modes: current.modes, derivatives: .gradient),
               evaluation.deviance <= current.deviance + 1e-4 * t * slope {
                return (point, evaluation, tries)
            }
            t /= 2
        }
        return nil
    }

    /// The BFGS update of B for step s and gradient change y; B unchanged unless y's > 1e-12 |y| |s| and
    /// s'B s > 0.
    static func updated(_ b: Matrix, step s: [Double], gradientChange y: [Double]) -> Matrix {
        let ys = dot(y, s), bs = b * s, sbs = dot(s, bs)
        guard ys > 1e-12 * dot(y, y).squareRoot() * dot(s, s).squareRoot(), sbs > 0 else { return b }
        var next = b
        for r in 0..<b.rows {
            for c in 0..<b.columns { next[r, c] += y[r] * y[c] / ys - bs[r] * bs[c] / sbs }
        }
        return next
    }
}
