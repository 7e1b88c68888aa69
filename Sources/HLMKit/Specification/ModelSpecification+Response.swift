/// The level-1 outcome's family and the columns it needs besides the outcome.
extension ModelSpecification {
    /// The level-1 columns of the response besides the outcome: the trials column, then the exposure column
    /// (upper-case; empty for the normal and Bernoulli families).
    var responseVariables: [String] {
        [trialsVariable, exposureVariable].compactMap { $0 }
    }

    /// This model with the outcome's family `family`, its trials or exposure column (names compared
    /// upper-cased) and the over-dispersion switch, checked against each other and the level-1 variance model.
    ///
    /// A binomial outcome needs a trials column (y successes of m_ij trials); only the binomial takes one. An
    /// exposure column (ln exposure enters eta as an offset) is only for the Poisson, where it is optional.
    /// Over-dispersion (a level-1 scale sigma^2 estimated instead of fixed at 1) is for the binomial and the
    /// Poisson: the normal model estimates sigma^2 anyway, and a 0/1 outcome's variance mu (1 - mu) leaves no
    /// scale to estimate. A modelled level-1 variance (`--sigma2`) is for the normal family only.
    ///
    /// - Throws: `SpecificationError.response` naming the contradiction.
    func withResponse(family: ResponseFamily, trials: String?, exposure: String?,
                      overdispersion: Bool) throws -> ModelSpecification {
        let trials = trials?.uppercased(), exposure = exposure?.uppercased()
        let problem: ResponseSettingProblem? =
            trials != nil && family != .binomial ? .trialsWithoutBinomial(family)
            : trials == nil && family == .binomial ? .binomialWithoutTrials
            : exposure != nil && family != .poisson ? .exposureWithoutPoisson(family)
            : [trials, exposure].contains(level1.outcome) ? .responseColumnIsOutcome(level1.outcome)
            : overdispersion && (family == .normal || family == .bernoulli) ? .overdispersionWithFamily(family)
            : isHeterogeneous && family != .normal ? .varianceModelWithFamily(family)
            : nil
        if let problem { throw SpecificationError.response(problem) }
        var model = self
        model.family = family
        model.trialsVariable = trials
        model.exposureVariable = exposure
        model.overdispersion = overdispersion
        return model
    }
}
