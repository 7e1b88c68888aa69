/// The likelihood-ratio comparison of two nested models fitted to the same data by the same method: the model
/// with fewer parameters is the null, chi^2 = its deviance minus the other's, df = the difference in parameter
/// counts (HLM's "Variance-Covariance components test" against a previous model's deviance and df).
public struct LikelihoodRatioTest: Sendable, Equatable {
    /// The model compared with (command file `deviance:` and `df:`, or the first file of `hlm compare`).
    public var previous: ModelDeviance
    /// This model.
    public var current: ModelDeviance
    /// deviance(fewer parameters) - deviance(more parameters).
    public var chiSquare: Double
    /// |difference in parameter counts|.
    public var degreesOfFreedom: Int
    /// Upper-tail chi-square p (NaN for 0 df).
    public var pValue: Double

    /// Compares `current` with `previous`.
    init(previous: ModelDeviance, current: ModelDeviance) {
        self.previous = previous
        self.current = current
        let (null, alternative) = previous.parameters <= current.parameters ? (previous, current) : (current, previous)
        chiSquare = null.deviance - alternative.deviance
        degreesOfFreedom = alternative.parameters - null.parameters
        pValue = degreesOfFreedom > 0
            ? Distributions.chiSquareUpperTail(max(chiSquare, 0), degreesOfFreedom: Double(degreesOfFreedom))
            : .nan
    }
}
