/// The checks every likelihood-ratio comparison passes before it is reported (`hlm compare` and a command
/// file's `deviance:` and `df:`).
extension LikelihoodRatioTest {
    /// How far below zero a chi-square may fall and still count as rounding at two equal optima (deviance
    /// units): the optimiser stops when the deviance changes by less than its tolerance (1e-6 by default).
    static let negativeChiSquareTolerance = 1e-3

    /// The test of `current` against `previous`, refused when it means nothing.
    ///
    /// - Parameters:
    ///   - previous: The earlier (usually smaller) model's deviance and parameter count.
    ///   - current: The model it is compared with.
    ///   - previousName: How messages name the previous model (a file path, or "this fit").
    ///   - currentName: How messages name the current model.
    /// - Throws: `ComparisonError.equalParameterCounts` when df = 0 (equal or non-nested models) and
    ///   `.negativeChiSquare` when the model with more parameters has a deviance larger by more than
    ///   `negativeChiSquareTolerance`.
    init(checking previous: ModelDeviance, against current: ModelDeviance, previousName: String,
                currentName: String) throws {
        guard previous.parameters != current.parameters else {
            throw ComparisonError.equalParameterCounts(parameters: current.parameters, first: previousName,
                                                       second: currentName)
        }
        self.init(previous: previous, current: current)
        guard chiSquare >= -Self.negativeChiSquareTolerance else {
            let previousIsNull = previous.parameters < current.parameters
            throw ComparisonError.negativeChiSquare(chiSquare: chiSquare,
                                                    fewer: previousIsNull ? previousName : currentName,
                                                    more: previousIsNull ? currentName : previousName)
        }
    }
}
