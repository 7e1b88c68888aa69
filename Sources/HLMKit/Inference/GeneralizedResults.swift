/// What an HGLM fit (a non-normal outcome: Raudenbush & Bryk 2002, ch. 10) adds to its `HLMFit`: the family
/// and estimation method, the deviance where one exists, the over-dispersion scale, the PQL macro iterations
/// and the population-average model.
public struct GeneralizedResults: Sendable, Equatable {
    /// The outcome's distribution and link.
    public var family: ResponseFamily
    /// PQL, Laplace or adaptive quadrature.
    public var estimation: GeneralizedEstimation
    /// -2 ln L of the data (Laplace, AGQ: to the accuracy of the approximation); nil for PQL, which maximises
    /// no likelihood of the data (its linearised model's deviance is not one and is not reported).
    public var deviance: Double?
    /// The estimated level-1 dispersion sigma^2 when over-dispersion was asked for; nil when fixed at 1.
    public var overdispersion: Double?
    /// The PQL macro iterations (empty for Laplace and AGQ).
    public var macroIterations: [MacroIterationStep]
    /// The population-average model's fixed effects, with robust standard errors (and their ratios and
    /// intervals); nil when it was not computed.
    public var populationAverage: [FixedEffectEstimate]?
}
