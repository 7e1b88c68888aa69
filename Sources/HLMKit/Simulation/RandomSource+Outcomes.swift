import HLMPlatform

extension RandomSource {
    /// A draw of a non-normal outcome given its linear predictor eta (`ResponseFamily`'s canonical links): for
    /// the Bernoulli 1 with probability mu = 1 / (1 + e^-eta); for the binomial the successes of `trials`
    /// independent such draws; for the Poisson a count with mean mu = e^eta (`poisson(_:)`). Not for the
    /// normal family, whose draw is eta + sigma z.
    mutating func outcome(_ family: ResponseFamily, eta: Double, trials: Int) -> Int {
        let mu = family.mean(eta)
        switch family {
        case .normal, .bernoulli: return uniform() < mu ? 1 : 0
        case .binomial: return (0..<trials).reduce(0) { count, _ in uniform() < mu ? count + 1 : count }
        case .poisson: return poisson(mu)
        }
    }

    /// An exact Poisson draw with mean `mean` (>= 0, finite): below 10 by inversion, summing the probabilities
    /// e^-mu mu^k / k! until they pass a uniform draw; from 10 on by Hormann's (1993) transformed rejection
    /// with squeeze (PTRS), whose cost does not grow with the mean.
    mutating func poisson(_ mean: Double) -> Int {
        guard mean >= 10 else {
            let u = uniform()
            var (k, probability) = (0, exp(-mean))
            var cumulative = probability
            // The cap only guards against a u within rounding of 1, which the sum cannot pass.
            while u > cumulative && k < 1_000 {
                k += 1
                probability *= mean / Double(k)
                cumulative += probability
            }
            return k
        }
        let root = mean.squareRoot(), logMean = log(mean)
        let b = 0.931 + 2.53 * root, a = -0.059 + 0.02483 * b
        let inverseAlpha = 1.1239 + 1.1328 / (b - 3.4), acceptance = 0.9277 - 3.6224 / (b - 2)
        while true {
            let u = uniform() - 0.5, v = uniform()
            let us = 0.5 - abs(u)
            let k = ((2 * a / us + b) * u + mean + 0.43).rounded(.down)
            if us >= 0.07 && v <= acceptance { return Int(k) }
            if k < 0 || (us < 0.013 && v > us) { continue }
            if log(v) + log(inverseAlpha) - log(a / (us * us) + b) <= -mean + k * logMean - lgamma(k + 1) {
                return Int(k)
            }
        }
    }
}
