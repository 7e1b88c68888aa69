import HLMPlatform

/// Tail probabilities of the normal, Student t and chi-square distributions, as HLM prints them
/// next to z-ratios, t-ratios and chi-square statistics.
///
/// Every function aims at about 1e-12 relative accuracy over the whole range, including p-values far
/// below 1e-100 (a t-ratio of 60 on 157 df, a chi-square of 1660 on 159 df), one degree of freedom and
/// very large degrees of freedom (up to about 1e9). They are built on the regularized incomplete beta
/// and gamma functions in `Distributions+Special.swift` and `Distributions+LargeShape.swift`. NaN inputs give NaN; a non-positive or NaN
/// number of degrees of freedom gives NaN.
enum Distributions {
    /// Two-sided p-value of a standard normal deviate: `P(|Z| >= |z|) = erfc(|z| / sqrt 2)`.
    ///
    /// `erfc` keeps full relative accuracy in the far tail (down to the smallest doubles, |z| of about 38).
    /// - Parameter z: the z-ratio.
    /// - Returns: a probability in [0, 1]; 1 at z = 0, 0 for infinite z, NaN for NaN.
    static func normalTwoSidedP(_ z: Double) -> Double {
        if z.isNaN { return .nan }
        return erfc(abs(z) / 2.0.squareRoot())
    }

    /// Two-sided p-value of a Student t statistic: `P(|T| >= |t|) = I_x(df/2, 1/2)` with
    /// `x = df / (df + t^2)`, the regularized incomplete beta function.
    ///
    /// `x` and `1 - x` and their logarithms are formed from `r = df / t^2` (large |t|) or `s = t^2 / df`
    /// (small |t|) with `log1p`, so neither tail loses digits and `t^2` never overflows.
    /// Infinite df gives the normal p-value.
    /// - Parameters:
    ///   - t: the t-ratio.
    ///   - df: the degrees of freedom, > 0 (need not be an integer).
    /// - Returns: a probability in [0, 1]; NaN for NaN input or df <= 0.
    static func studentTTwoSidedP(_ t: Double, degreesOfFreedom df: Double) -> Double {
        if t.isNaN || df.isNaN || df <= 0 { return .nan }
        if df.isInfinite { return normalTwoSidedP(t) }
        let at = abs(t)
        if at.isInfinite { return 0 }
        if at == 0 { return 1 }
        let a = df / 2, b = 0.5
        let x: Double, y: Double, logX: Double, logY: Double
        if at * at > df {
            // r = df / t^2 <= 1: x = r / (1 + r), 1 - x = 1 / (1 + r).
            let r = (df / at) / at
            x = r / (1 + r); y = 1 / (1 + r)
            logX = log(r) - log1p(r); logY = -log1p(r)
        } else {
            // s = t^2 / df <= 1: x = 1 / (1 + s), 1 - x = s / (1 + s).
            let s = (at / df) * at
            x = 1 / (1 + s); y = s / (1 + s)
            logX = -log1p(s); logY = log(s) - log1p(s)
        }
        let p = SpecialFunctions.regularizedIncompleteBeta(a: a, b: b, x: x, y: y, logX: logX, logY: logY)
        return min(max(p, 0), 1)
    }

    /// The quantile t_{probability, df} of Student's t for 0.5 < probability < 1: the t with
    /// P(T > t) = 1 - probability, found by bisection on the two-sided p (`studentTTwoSidedP`, which is
    /// monotone in |t|) to the last bit. Infinite df gives the normal quantile; NaN for a probability outside
    /// (0.5, 1) or df <= 0.
    static func studentTQuantile(_ probability: Double, degreesOfFreedom df: Double) -> Double {
        guard probability > 0.5, probability < 1, df > 0 else { return .nan }
        let target = 2 * (1 - probability)
        var low = 0.0, high = 1.0
        while studentTTwoSidedP(high, degreesOfFreedom: df) > target { (low, high) = (high, 2 * high) }
        while true {
            let middle = 0.5 * (low + high)
            guard middle > low, middle < high else { return high }
            if studentTTwoSidedP(middle, degreesOfFreedom: df) > target { low = middle } else { high = middle }
        }
    }

    /// Upper-tail probability of a chi-square statistic: `P(X >= x) = Q(df/2, x/2)`, the regularized
    /// upper incomplete gamma function.
    /// - Parameters:
    ///   - x: the chi-square statistic; x <= 0 gives 1.
    ///   - df: the degrees of freedom, > 0 (need not be an integer).
    /// - Returns: a probability in [0, 1]; 0 for infinite x; NaN for NaN input or df <= 0.
    static func chiSquareUpperTail(_ x: Double, degreesOfFreedom df: Double) -> Double {
        if x.isNaN || df.isNaN || df <= 0 || df.isInfinite { return .nan }
        if x <= 0 { return 1 }
        if x.isInfinite { return 0 }
        let q = SpecialFunctions.regularizedUpperIncompleteGamma(a: df / 2, x: x / 2)
        return min(max(q, 0), 1)
    }
}
