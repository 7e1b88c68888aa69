import HLMPlatform

/// Fits a `ThreeLevelDesign` by minimising `ThreeLevelLikelihood`'s profiled deviance over theta.
///
/// Newton steps in x = (theta, alpha) with the exact gradient and the average-information curvature of
/// `ThreeLevelLikelihood.derivatives`, s = -(H + lambda diag|H|)^-1 g (`IntegratedLikelihoodOptimiser.step`,
/// lambda > 0 only when H is not positive definite) with Armijo halving. Convergence is claimed when the Newton
/// decrement g'H^-1 g with an undamped (positive definite) H is below 1e-2 min(tolerance, 0.01), or below
/// min(tolerance, 0.01) when no step lowers the deviance any more (its rounding floor). A heterogeneous model's
/// alpha standard errors come from the Hessian at the optimum by central differences of the exact gradient.
///
/// Theta is unconstrained: the deviance depends on it only through Lambda Lambda', so a variance at zero is an
/// interior point of the search.
enum ThreeLevelEstimator {
    /// Fits `design` by `options.method`, starting from Lambda_pi = Lambda_beta = I (lme4's start); a
    /// heterogeneous model is fitted first with homogeneous sigma^2 and started from that fit with alpha = 0.
    ///
    /// - Throws: `EstimationError` when the deviance cannot be evaluated at the start.
    static func fit(_ design: ThreeLevelDesign, options: EstimationOptions) throws -> ThreeLevelFit {
        var start = [Double]()
        for q in [design.level2Count, design.level3Count] { for r in 0..<q { for c in 0...r { start.append(r == c ? 1 : 0) } } }
        var homogeneous: ThreeLevelFit?
        if design.varianceCount > 0 {
            var plain = design
            (plain.variancePredictors, plain.varianceRows) = ([], [])
            let fit = try Self.fit(plain, options: options)
            start = fit.theta + Array(repeating: 0, count: design.varianceCount)
            homogeneous = fit
        }
        let likelihood = ThreeLevelLikelihood(design: design, method: options.method)
        var fit = try newton(likelihood, from: start, options: options)
        if let modes = likelihood.conditionalModes(fit.theta + fit.alpha, gamma: fit.gamma) {
            (fit.level2Modes, fit.level3Modes) = modes
        }
        fit.homogeneous = homogeneous.map { ModelDeviance(deviance: $0.deviance, parameters: $0.parameterCount) }
        return fit
    }

    /// The Newton search from `start` (see the type's comment).
    private static func newton(_ likelihood: ThreeLevelLikelihood, from start: [Double],
                               options: EstimationOptions) throws -> ThreeLevelFit {
        var theta = start
        guard var current = likelihood.evaluate(theta) else { throw EstimationError.cannotStart(model: "three-level") }
        let floor = min(options.tolerance, EstimationOptions.largestTolerance), tolerance = 1e-2 * floor
        var history = [IterationStep](), converged = false, lastChange = Double.infinity
        var gradient = [Double](), decrement = Double.nan
        var message = "the maximum number of iterations (\(options.maxIterations)) was reached"
        while true {
            guard let derivatives = likelihood.derivatives(theta, at: current) else {
                message = "the derivatives of the deviance could not be evaluated"
                break
            }
            gradient = derivatives.gradient
            guard let (step, newtonDecrement, damped) = IntegratedLikelihoodOptimiser.step(
                gradient: gradient, curvature: derivatives.information)
            else {
                message = "the curvature matrix could not be factorised"
                break
            }
            decrement = newtonDecrement
            if decrement < tolerance && !damped {
                converged = true
                message = "iterations stopped: the Newton decrement with the average information is below \(tolerance)"
                break
            }
            guard history.count < options.maxIterations else { break }
            guard let (next, evaluation, _) = lineSearch(likelihood, from: theta, current: current.deviance,
                                                         step: step, slope: dot(gradient, step)) else {
                // Within min(tolerance, 0.01) of the optimum the deviance's rounding can hide the last gain.
                converged = decrement < floor && !damped
                message = converged
                    ? "iterations stopped at the rounding floor: no step lowered the deviance and the Newton decrement is below \(floor)"
                    : "no step lowered the deviance (Newton decrement \(decrement))"
                break
            }
            lastChange = current.deviance - evaluation.deviance
            (theta, current) = (next, evaluation)
            history.append(IterationStep(iteration: history.count + 1, deviance: current.deviance, algorithm: "Newton"))
        }
        var convergence = ConvergenceRecord(converged: converged, iterations: history.count,
                                            gradientNorm: dot(gradient, gradient).squareRoot(),
                                            devianceChange: lastChange.isFinite ? abs(lastChange) : 0, message: message)
        convergence.newtonDecrement = decrement
        // Cov(alpha_1..m) = 2 H^-1 (the deviance is -2 log L; profiling leaves the inverse's block valid).
        let alphaCovariance = likelihood.design.varianceCount == 0 ? nil
            : hessian(likelihood, theta).flatMap { Cholesky($0)?.inverse() }
        let alphaSE = (likelihood.thetaCount..<theta.count).map { k in alphaCovariance.map { (2 * $0[k, k]).squareRoot() } }
        return try finish(likelihood, theta: theta, deviance: current.deviance, convergence: convergence,
                          history: history, alphaStandardErrors: alphaSE)
    }

    /// theta + t s for t = 1, 1/2, ... (up to 30 halvings) until the Armijo rule D <= D(theta) + 1e-4 t g's holds:
    /// the point, its evaluation and t.
    private static func lineSearch(_ likelihood: ThreeLevelLikelihood, from theta: [Double], current: Double,
                                   step: [Double], slope: Double) -> ([Double], ThreeLevelLikelihood.Evaluation, Double)? {
        var t = 1.0
        for _ in 0..<30 {
            let point = zip(theta, step).map { $0 + t * $1 }
            if let evaluation = likelihood.evaluate(point), evaluation.deviance <= current + 1e-4 * t * slope {
                return (point, evaluation, t)
            }
            t /= 2
        }
        return nil
    }

    /// The fit at x = (theta, alpha): gamma, its model-based and robust covariances and the variance components
    /// from `evaluate(x)`.
    private static func finish(_ likelihood: ThreeLevelLikelihood, theta: [Double], deviance: Double,
                               convergence: ConvergenceRecord, history: [IterationStep],
                               alphaStandardErrors: [Double?]) throws -> ThreeLevelFit {
        let (lp, lb) = likelihood.factors(theta)
        guard let final = likelihood.evaluate(theta, keepingShares: true), let factor = Cholesky(final.xtvx) else {
            throw EstimationError.cannotStart(model: "three-level")
        }
        let inverse = factor.inverse()
        return ThreeLevelFit(design: likelihood.design, method: likelihood.method,
                             theta: Array(theta[..<likelihood.thetaCount]), gamma: final.gamma,
                             gammaCovariance: final.sigma2 * inverse,
                             robustCovariance: Self.robustCovariance(final, inverse: inverse), sigma2: final.sigma2,
                             tauPi: final.sigma2 * lp.transposed.transposeTimes(lp.transposed),
                             tauBeta: final.sigma2 * lb.transposed.transposeTimes(lb.transposed),
                             deviance: deviance, convergence: convergence, history: history,
                             alpha: Array(theta[likelihood.thetaCount...]), alphaStandardErrors: alphaStandardErrors)
    }

    /// The sandwich T_xx^-1 (sum_k s_k s_k') T_xx^-1 with s_k = T_k,xy - T_k,xx gamma (T_k: level-3 unit k's share
    /// of T = sigma^2 [X y]'V^-1 [X y]); the sigma^2 factors of A = T_xx / sigma^2 and of the scores cancel.
    private static func robustCovariance(_ evaluation: ThreeLevelLikelihood.Evaluation, inverse: Matrix) -> Matrix {
        let p = evaluation.gamma.count
        var meat = Matrix(rows: p, columns: p)
        for share in evaluation.level3Shares {
            let score = (0..<p).map { a in
                share[a * (p + 1) + p] - (0..<p).reduce(0) { $0 + share[a * (p + 1) + $1] * evaluation.gamma[$1] }
            }
            for a in 0..<p { for b in 0..<p { meat[a, b] += score[a] * score[b] } }
        }
        return inverse * meat * inverse
    }

    /// The Hessian of the deviance at x by central differences of the exact gradient (step 1e-4 max(1, |x_i|)),
    /// symmetrised; nil when a point cannot be evaluated.
    static func hessian(_ likelihood: ThreeLevelLikelihood, _ x: [Double]) -> Matrix? {
        let n = x.count
        var hessian = Matrix(rows: n, columns: n)
        for i in 0..<n {
            let h = 1e-4 * max(1, abs(x[i]))
            var plus = x, minus = x
            plus[i] += h
            minus[i] -= h
            guard let up = likelihood.evaluate(plus).flatMap({ likelihood.derivatives(plus, at: $0) }),
                  let down = likelihood.evaluate(minus).flatMap({ likelihood.derivatives(minus, at: $0) })
            else { return nil }
            for j in 0..<n { hessian[i, j] = (up.gradient[j] - down.gradient[j]) / (2 * h) }
        }
        for i in 0..<n {
            for j in 0..<i {
                let mean = (hessian[i, j] + hessian[j, i]) / 2
                (hessian[i, j], hessian[j, i]) = (mean, mean)
            }
        }
        return hessian
    }
}
