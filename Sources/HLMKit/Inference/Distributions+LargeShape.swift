import HLMPlatform

extension SpecialFunctions {
    /// I_x(a, b) for large a (a >= 15) and b <= 1 by the asymptotic expansion of Didonato & Morris
    /// (1992, ACM TOMS 18, Algorithm 708, section 9), in terms of incomplete gamma functions.
    ///
    /// With nu = a + (b - 1)/2 and z = -nu ln x:
    /// I_x(a, b) = u * sum_{n>=0} d_n J_n, where u = (z / nu)^b e^-z / B(a, b),
    /// J_0 = Q(b, z) / (z^b e^-z / Gamma(b)) and
    /// J_n = [(b + 2n - 2)(b + 2n - 1) J_{n-1} + (z + b + 2n - 1) t^(n-1)] / (4 nu^2), t = (ln x)^2 / 4;
    /// d_0 = 1, d_n = (b - 1) c_n + (1/n) sum_{i=1}^{n-1} (i b - n) c_i d_{n-i}, c_n = 1 / (2n + 1)!.
    /// The terms fall off like (ln x / (2 nu))^(2n), so a handful suffice where the continued fraction
    /// would cancel (x near 1); at most 30 are used.
    static func incompleteBetaLargeA(a: Double, b: Double, logX: Double) -> Double {
        let nu = a + (b - 1) / 2
        let z = -nu * logX
        let logU = b * log(z / nu) - z - logBeta(a, b)
        var j = scaledUpperIncompleteGamma(a: b, x: z)
        var sum = j
        var t = 1.0, cn = 1.0, n2 = 0.0
        let v = 0.25 / (nu * nu), t2 = logX * logX / 4
        var c = [Double](), d = [Double]()
        for n in 1...30 {
            let bp2n = b + n2
            j = (bp2n * (bp2n + 1) * j + (z + bp2n + 1) * t) * v
            n2 += 2
            t *= t2
            cn /= n2 * (n2 + 1)
            c.append(cn)
            var s = 0.0
            for i in 1..<n { s += (Double(i) * b - Double(n)) * c[i - 1] * d[n - 1 - i] }
            d.append((b - 1) * cn + s / Double(n))
            let dj = d[n - 1] * j
            sum += dj
            if abs(dj) <= Double.ulpOfOne * sum { break }
        }
        return exp(logU) * sum
    }

    /// Q(a, x) / (x^a e^-x / Gamma(a)): the upper incomplete gamma ratio without its prefactor, so it
    /// neither underflows for large x nor loses digits; directly for x < a + 1, else the continued fraction.
    static func scaledUpperIncompleteGamma(a: Double, x: Double) -> Double {
        if x < a + 1 {
            return regularizedUpperIncompleteGamma(a: a, x: x) / gammaPrefactor(a: a, x: x)
        }
        return upperGammaContinuedFraction(a: a, x: x)
    }
}
