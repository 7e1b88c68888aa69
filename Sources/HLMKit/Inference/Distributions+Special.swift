import HLMPlatform

/// Regularized incomplete beta and gamma functions and the log-gamma helpers they need.
///
/// Algorithms: modified Lentz continued fractions (Press et al., Numerical Recipes, 3rd ed., 6.2 and 6.4),
/// the power series for the lower incomplete gamma, and the Stirling-remainder / `bd0` forms of
/// Loader (2000, "Fast and accurate computation of binomial probabilities") for the prefactors, which
/// keep relative accuracy when the shape parameters are large.
enum SpecialFunctions {
    /// Upper bound on continued-fraction and series iterations (reached only for df far above 1e9).
    static let maxIterations = 2_000_000
    /// Smallest magnitude allowed in a Lentz denominator.
    static let tiny = 1e-300
    /// ln(sqrt(2 pi)).
    static let logSqrtTwoPi = 0.918_938_533_204_672_741_78

    /// Stirling remainder `lgamma(x) - [(x - 1/2) ln x - x + ln sqrt(2 pi)]`, x > 0.
    ///
    /// For x >= 10 the asymptotic series 1/(12x) - 1/(360x^3) + 1/(1260x^5) - 1/(1680x^7) + 1/(1188x^9)
    /// - 691/(360360x^11) + 1/(156x^13) (truncation error below 1e-17); below 10 directly from `lgamma`.
    static func stirlingRemainder(_ x: Double) -> Double {
        if x < 10 { return lgamma(x) - ((x - 0.5) * log(x) - x + logSqrtTwoPi) }
        let v = 1 / (x * x)
        let series = 1.0 / 12 - v * (1.0 / 360 - v * (1.0 / 1260 - v * (1.0 / 1680 - v * (1.0 / 1188
            - v * (691.0 / 360_360 - v / 156)))))
        return series / x
    }

    /// ln B(a, b) = lgamma(a) + lgamma(b) - lgamma(a + b), without the cancellation of that difference
    /// when a or b is large (R's `lbeta`): with p = min(a, b), q = max(a, b) and the Stirling remainder c,
    /// for p >= 10: -ln(q)/2 + ln sqrt(2 pi) + c(p) + c(q) - c(p+q) + (p - 1/2) ln(p/(p+q)) + q log1p(-p/(p+q));
    /// for q >= 10 only: lgamma(p) + c(q) - c(p+q) + p - p ln(p+q) + (q - 1/2) log1p(-p/(p+q)).
    static func logBeta(_ a: Double, _ b: Double) -> Double {
        let p = min(a, b), q = max(a, b), c = stirlingRemainder
        if p >= 10 {
            let corr = c(p) + c(q) - c(p + q)
            return -0.5 * log(q) + logSqrtTwoPi + corr + (p - 0.5) * log(p / (p + q)) + q * log1p(-p / (p + q))
        }
        if q >= 10 {
            let corr = c(q) - c(p + q)
            return lgamma(p) + corr + p - p * log(p + q) + (q - 0.5) * log1p(-p / (p + q))
        }
        return lgamma(p) + lgamma(q) - lgamma(p + q)
    }

    /// Regularized incomplete beta I_x(a, b) for 0 <= x <= 1, given y = 1 - x and ln x, ln y computed
    /// accurately by the caller.
    ///
    /// For a >= 15, b <= 1 and y < 0.29 (large df in the t distribution, where the continued fraction
    /// loses digits to cancellation because x is close to 1) the asymptotic expansion
    /// `incompleteBetaLargeA`. Otherwise I_x(a, b) = x^a y^b / (a B(a, b)) * CF(a, b, x) when
    /// x < (a + 1) / (a + b + 2), else 1 - I_y(b, a) by the same formula.
    static func regularizedIncompleteBeta(a: Double, b: Double, x: Double, y: Double,
                                          logX: Double, logY: Double) -> Double {
        if x <= 0 { return 0 }
        if y <= 0 { return 1 }
        if a >= 15, b <= 1, y < 0.29 { return incompleteBetaLargeA(a: a, b: b, logX: logX) }
        let front = exp(a * logX + b * logY - logBeta(a, b))
        if x < (a + 1) / (a + b + 2) {
            return front * betaContinuedFraction(a: a, b: b, x: x) / a
        }
        return 1 - front * betaContinuedFraction(a: b, b: a, x: y) / b
    }

    /// Continued fraction for I_x(a, b) (Numerical Recipes `betacf`), modified Lentz evaluation:
    /// 1/(1+ d1/(1+ d2/(1+ ...))) with d_{2m+1} = -(a+m)(a+b+m)x / ((a+2m)(a+2m+1)) and
    /// d_{2m} = m(b-m)x / ((a+2m-1)(a+2m)).
    static func betaContinuedFraction(a: Double, b: Double, x: Double) -> Double {
        let qab = a + b, qap = a + 1, qam = a - 1
        var c = 1.0
        var d = guardTiny(1 - qab * x / qap)
        d = 1 / d
        var h = d
        for m in 1...maxIterations {
            let m = Double(m), m2 = 2 * m
            var aa = m * (b - m) * x / ((qam + m2) * (a + m2))
            d = 1 / guardTiny(1 + aa * d)
            c = guardTiny(1 + aa / c)
            h *= d * c
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
            d = 1 / guardTiny(1 + aa * d)
            c = guardTiny(1 + aa / c)
            let delta = d * c
            h *= delta
            if abs(delta - 1) <= Double.ulpOfOne { break }
        }
        return h
    }

    /// Regularized upper incomplete gamma Q(a, x) = Gamma(a, x) / Gamma(a), a > 0, x >= 0.
    ///
    /// For x < a + 1: Q = 1 - P with the series P = x^a e^-x / Gamma(a) * sum_n x^n / (a (a+1) ... (a+n));
    /// otherwise the Legendre continued fraction Q = x^a e^-x / Gamma(a) * 1/(x+1-a- 1(1-a)/(x+3-a- ...)),
    /// evaluated by modified Lentz. Q is then never formed as 1 minus a number close to 1.
    static func regularizedUpperIncompleteGamma(a: Double, x: Double) -> Double {
        if x <= 0 { return 1 }
        let front = gammaPrefactor(a: a, x: x)
        if x < a + 1 {
            var term = 1 / a, sum = term, ap = a
            for _ in 0..<maxIterations {
                ap += 1
                term *= x / ap
                sum += term
                if abs(term) <= abs(sum) * Double.ulpOfOne { break }
            }
            return 1 - front * sum
        }
        return front * upperGammaContinuedFraction(a: a, x: x)
    }

    /// The Legendre continued fraction h with Q(a, x) = x^a e^-x / Gamma(a) * h, for x >= a + 1
    /// (modified Lentz): h = 1/(x+1-a- 1(1-a)/(x+3-a- 2(2-a)/(x+5-a- ...))).
    static func upperGammaContinuedFraction(a: Double, x: Double) -> Double {
        var b = x + 1 - a
        var c = 1 / tiny
        var d = 1 / b
        var h = d
        for i in 1...maxIterations {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = 1 / guardTiny(an * d + b)
            c = guardTiny(b + an / c)
            let delta = d * c
            h *= delta
            if abs(delta - 1) <= Double.ulpOfOne { break }
        }
        return h
    }

    /// x^a e^-x / Gamma(a). For a >= 10 as sqrt(a / (2 pi)) exp(-c(a) - bd0(a, x)) (Loader's form, with c the
    /// Stirling remainder), which avoids the cancellation in a ln x - x - lgamma(a) for large a.
    static func gammaPrefactor(a: Double, x: Double) -> Double {
        if a < 10 { return exp(a * log(x) - x - lgamma(a)) }
        return (a / (2 * Double.pi)).squareRoot() * exp(-stirlingRemainder(a) - bd0(a, x))
    }

    /// bd0(a, x) = a ln(a / x) + x - a, accurate when a and x are close: then with v = (a - x)/(a + x),
    /// bd0 = (a - x) v + 2a sum_{j>=1} v^(2j+1) / (2j+1).
    static func bd0(_ a: Double, _ x: Double) -> Double {
        if abs(a - x) < 0.1 * (a + x) {
            let v = (a - x) / (a + x)
            var s = (a - x) * v
            var ej = 2 * a * v
            let v2 = v * v
            var j = 1.0
            while j < 1000 {
                ej *= v2
                let s1 = s + ej / (2 * j + 1)
                if s1 == s { return s1 }
                s = s1
                j += 1
            }
            return s
        }
        return a * log(a / x) + x - a
    }

    /// Replaces a Lentz denominator that is (nearly) zero by a tiny number of the same sign.
    @inline(__always) static func guardTiny(_ v: Double) -> Double {
        abs(v) < tiny ? (v < 0 ? -tiny : tiny) : v
    }
}
