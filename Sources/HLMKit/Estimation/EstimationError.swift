/// Failures of the estimation itself (the data and model were accepted).
enum EstimationError: HLMError, Equatable {
    /// The deviance could not be evaluated at the starting values.
    case cannotStart(model: String)
    /// The level-1 variance of some rows tends to zero (e.g. a stratum of a variance predictor whose
    /// outcome values are fitted exactly): the likelihood is unbounded.
    case vanishingLevel1Variance(detail: String, hasVariancePredictors: Bool)

    /// Numerical failures exit with status 70.
    var category: ErrorCategory { .numerical }

    /// The message shown to users.
    var description: String {
        switch self {
        case let .cannotStart(model):
            return "the deviance of the \(model) model cannot be evaluated at its starting values "
                + "(check for extreme values in the outcome or predictors)."
        case let .vanishingLevel1Variance(detail, hasVariancePredictors):
            let fix = hasVariancePredictors
                ? "remove that variance predictor or check the data"
                : "the outcome is (nearly) a function of the predictors and units: check that it is not one of "
                    + "the predictors, or a unit-level value repeated on every row"
            return "the level-1 variance tends to zero: \(detail). The likelihood is unbounded; \(fix)."
        }
    }
}
