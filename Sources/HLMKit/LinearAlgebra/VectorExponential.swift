import HLMPlatform

/// e^x for four arguments at once, in vector arithmetic only (no table, no call per value): the level-1 weights
/// w_i = exp(-c_i'alpha) of a heterogeneous fit with a continuous variance predictor, one per row per
/// likelihood evaluation, cost a quarter of the C library's exponential this way (`FactoredMoments`).
///
/// With n = round(x / ln 2) (the nearest integer through the shifter 1.5 * 2^52, which leaves n in the low bits
/// of x log2(e) + shifter) and r = x - n ln 2 (ln 2 in two parts, the first with trailing zero bits so that
/// n ln2_hi is exact; |r| <= ln(2) / 2), e^x = 2^n e^r, e^r = 1 + r + r^2 q(r) with q the Taylor polynomial
/// of degree 11 (the remainder r^14 / 14! is below 1e-17 relative), evaluated by Horner's rule, and 2^n made
/// from n's bits. The result is within 1 ulp of the C library's (which is correctly rounded nearly always):
/// `VectorExponentialTests` checks that at millions of arguments. Outside |x| <= 708, where 2^n would leave
/// the normal range, and for NaN, the C library's exponential gives the lane's value, so overflow to
/// infinity, underflow to 0 and NaN are the C library's.
enum VectorExponential {
    /// The largest |x| computed in vector arithmetic.
    static let limit = 708.0

    /// e^x, lane by lane.
    @inline(__always)
    static func exp(_ x: SIMD4<Double>) -> SIMD4<Double> {
        // A NaN lane fails both comparisons and goes to the C library too.
        guard all((x .>= -limit) .& (x .<= limit)) else {
            return SIMD4(HLMPlatform.exp(x[0]), HLMPlatform.exp(x[1]), HLMPlatform.exp(x[2]), HLMPlatform.exp(x[3]))
        }
        let shifter = 6755399441055744.0, ln2Hi = 6.93147180369123816490e-01, ln2Lo = 1.90821492927058770002e-10
        let shifted = x * 1.4426950408889634 + shifter
        let n = shifted - shifter
        let r = (x - n * ln2Hi) - n * ln2Lo
        // q(r) = 1/2! + r/3! + ... + r^11/13!, written out so that the coefficients are constants in the code.
        var q = SIMD4<Double>(repeating: 1 / 6227020800.0)
        q = q * r + 1 / 479001600.0
        q = q * r + 1 / 39916800.0
        q = q * r + 1 / 3628800.0
        q = q * r + 1 / 362880.0
        q = q * r + 1 / 40320.0
        q = q * r + 1 / 5040.0
        q = q * r + 1 / 720.0
        q = q * r + 1 / 120.0
        q = q * r + 1 / 24.0
        q = q * r + 1 / 6.0
        q = q * r + 0.5
        let bits = (unsafeBitCast(shifted, to: SIMD4<UInt64>.self) &+ 1023) &<< 52
        return (1 + (r + (r * r) * q)) * unsafeBitCast(bits, to: SIMD4<Double>.self)
    }

    /// out[i] = e^-x[i] for i < count (`out` may be `x`): four at a time, the last few through a padded vector.
    static func negatedExponentials(_ x: UnsafePointer<Double>, count: Int, into out: UnsafeMutablePointer<Double>) {
        var i = 0
        while i + 4 <= count {
            let value = exp(-SIMD4(x[i], x[i + 1], x[i + 2], x[i + 3]))
            for lane in 0..<4 { out[i + lane] = value[lane] }
            i += 4
        }
        guard i < count else { return }
        var rest = SIMD4<Double>.zero
        for lane in 0..<(count - i) { rest[lane] = -x[i + lane] }
        let value = exp(rest)
        for lane in 0..<(count - i) { out[i + lane] = value[lane] }
    }
}
