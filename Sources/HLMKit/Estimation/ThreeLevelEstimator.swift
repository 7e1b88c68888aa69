import HLMPlatform

/// Fits a `ThreeLevelDesign` by minimising `ThreeLevelLikelihood`'s profiled deviance over theta.
///
/// Homogeneous sigma^2: Newton steps with the exact gradient and the average-information curvature of
/// `ThreeLevelLikelihood.derivatives`, s = -(H + lambda diag|H|)^-1 g (`IntegratedLikelihoodOptimiser.step`,
/// lambda > 0 only when H is not positive definite) with Armijo halving. Convergence is claimed when the Newton
/// decrement g'H^-1 g with an undamped (positive definite) H is below 1e-2 min(tolerance, 0.01), or below
/// min(tolerance, 0.01) when no step lowers the deviance any more (its rounding floor).
///
/// Heterogeneous sigma^2 (theta and alpha): the gradient is taken by central differences (step
/// 1e-5 max(1, |x_i|)); the curvature B starts as the finite-difference Hessian and is updated by BFGS
/// (`IntegratedLikelihoodOptimiser.updated`), and convergence is claimed only when the Newton decrement with a
/// freshly computed finite-difference Hessian (positive definite) is below the same bound; that Hessian gives
/// alpha's standard errors.
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
        var fit = design.varianceCount == 0 ? try newton(likelihood, from: start, options: options)
            : try search(likelihood, from: start, options: options)
        if let modes = likelihood.conditionalModes(fit.theta + fit.alpha, gamma: fit.gamma) {
            (fit.level2Modes, fit.level3Modes) = modes
        }
        fit.homogeneous = homogeneous.map { ModelDeviance(deviance: $0.deviance, parameters: $0.parameterCount) }
        return fit
    }

    /// The homogeneous model's Newton search from `start` (see the type's comment).
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
        return try finish(likelihood, theta: theta, deviance: current.deviance, convergence: convergence,
                          history: history, alphaStandardErrors: [])
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

    /// The heterogeneous model's quasi-Newton search from `start` (see the type's comment).
    private static func search(_ likelihood: ThreeLevelLikelihood, from start: [Double],
                               options: EstimationOptions) throws -> ThreeLevelFit {
        var theta = start
        guard var current = likelihood.evaluate(theta) else { throw EstimationError.cannotStart(model: "three-level") }
        var gradient = Self.gradient(likelihood, theta, centre: current.deviance)
        let tolerance = 1e-2 * min(options.tolerance, EstimationOptions.largestTolerance)
        var curvature = Self.hessian(likelihood, theta, centre: current.deviance)
        var exact = curvature != nil
        var history = [IterationStep](), converged = false, lastChange = Double.infinity
        var message = "the maximum number of iterations (\(options.maxIterations)) was reached"
        while history.count < options.maxIterations {
            guard let b = curvature,
                  let (step, decrement, damped) = IntegratedLikelihoodOptimiser.step(gradient: gradient, curvature: b)
            else {
                message = "the curvature matrix could not be factorised"
                break
            }
            if decrement < tolerance && !damped {
                if exact {
                    converged = true
                    message = "iterations stopped: the Newton decrement with the finite-difference Hessian is below \(tolerance)"
                    break
                }
                curvature = Self.hessian(likelihood, theta, centre: current.deviance)
                exact = curvature != nil
                continue
            }
            guard let (next, evaluation, t) = lineSearch(likelihood, from: theta, current: current.deviance,
                                                         step: step, slope: dot(gradient, step)) else {
                if !exact {
                    curvature = Self.hessian(likelihood, theta, centre: current.deviance)
                    exact = curvature != nil
                    continue
                }
                message = "no step lowered the deviance (Newton decrement \(decrement))"
                break
            }
            let nextGradient = Self.gradient(likelihood, next, centre: evaluation.deviance)
            lastChange = current.deviance - evaluation.deviance
            let moved = zip(next, theta).map { $0 - $1 }, turned = zip(nextGradient, gradient).map { $0 - $1 }
            (theta, current, gradient) = (next, evaluation, nextGradient)
            // Newton while far from the optimum (BFGS from a poor start crawls on these ridges), BFGS near it.
            if lastChange > 1 || t < 1 {
                curvature = Self.hessian(likelihood, theta, centre: current.deviance)
                exact = curvature != nil
            } else {
                curvature = IntegratedLikelihoodOptimiser.updated(b, step: moved, gradientChange: turned)
                exact = false
            }
            history.append(IterationStep(iteration: history.count + 1, deviance: current.deviance, algorithm: "quasi-Newton"))
        }
        let convergence = ConvergenceRecord(converged: converged, iterations: history.count,
                                            gradientNorm: dot(gradient, gradient).squareRoot(),
                                            devianceChange: lastChange.isFinite ? abs(lastChange) : 0, message: message)
        // Cov(alpha_1..m) = 2 H^-1 (the deviance is -2 log L; profiling leaves the inverse's block valid).
        let alphaCovariance = exact ? curvature.flatMap { Cholesky($0)?.inverse() } : nil
        let alphaSE = (likelihood.thetaCount..<theta.count).map { k in alphaCovariance.map { (2 * $0[k, k]).squareRoot() } }
        return try finish(likelihood, theta: theta, deviance: current.deviance, convergence: convergence,
                          history: history, alphaStandardErrors: alphaSE)
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

    /// The step for theta_i's differences.
    private static func step(_ value: Double) -> Double { 1e-5 * max(1, abs(value)) }

    /// The deviance's gradient in theta by central differences (a forward difference where a point fails).
    static func gradient(_ likelihood: ThreeLevelLikelihood, _ theta: [Double], centre: Double) -> [Double] {
        theta.indices.map { i in
            let h = step(theta[i])
            var plus = theta, minus = theta
            plus[i] += h
            minus[i] -= h
            let up = likelihood.evaluate(plus)?.deviance, down = likelihood.evaluate(minus)?.deviance
            switch (up, down) {
            case let (up?, down?): return (up - down) / (2 * h)
            case let (up?, nil): return (up - centre) / h
            case let (nil, down?): return (centre - down) / h
            default: return 0
            }
        }
    }

    /// The Hessian of the deviance in theta by central second differences of the deviance (step
    /// 1e-3 max(1, |theta_i|)); nil when a point cannot be evaluated.
    static func hessian(_ likelihood: ThreeLevelLikelihood, _ theta: [Double], centre: Double) -> Matrix? {
        let n = theta.count
        let h = theta.map { 1e-3 * max(1, abs($0)) }
        func deviance(_ moves: [(Int, Double)]) -> Double? {
            var point = theta
            for (i, sign) in moves { point[i] += sign * h[i] }
            return likelihood.evaluate(point)?.deviance
        }
        var hessian = Matrix(rows: n, columns: n)
        for i in 0..<n {
            guard let up = deviance([(i, 1)]), let down = deviance([(i, -1)]) else { return nil }
            hessian[i, i] = (up - 2 * centre + down) / (h[i] * h[i])
            for j in 0..<i {
                guard let pp = deviance([(i, 1), (j, 1)]), let pm = deviance([(i, 1), (j, -1)]),
                      let mp = deviance([(i, -1), (j, 1)]), let mm = deviance([(i, -1), (j, -1)]) else { return nil }
                hessian[i, j] = (pp - pm - mp + mm) / (4 * h[i] * h[j])
                hessian[j, i] = hessian[i, j]
            }
        }
        return hessian
    }
}
