/// Problems found while building the design matrices from the data and the model.
enum DesignError: HLMError, Equatable {
    /// A fixed-effect column is a linear combination of earlier ones.
    case collinearFixedEffects(column: String, dependsOn: [String])
    /// A random coefficient's variable does not vary within any unit, or duplicates another random column.
    case randomCoefficientNotEstimable(coefficient: String, reason: String)
    /// A predictor of the level-1 variance is constant over the rows used.
    case constantVariancePredictor(name: String)
    /// A predictor of the level-1 variance is a linear combination of the others.
    case collinearVariancePredictors(column: String, dependsOn: [String])
    /// The outcome has no variation.
    case constantOutcome(name: String)
    /// A non-normal outcome that is 0 in every row, or (`allSuccesses`) a success in every trial.
    case degenerateOutcome(name: String, family: ResponseFamily, allSuccesses: Bool)
    /// Fewer rows than fixed effects.
    case tooFewRows(rows: Int, fixedEffects: Int)
    /// A random coefficient has no more units J than level-2 fixed effects S_q + 1, so its variance has no
    /// degrees of freedom left (J - S_q - 1 < 1) and is not identified.
    case tooFewUnits(coefficient: String, units: Int, level2Effects: Int)
    /// Every unit has a single level-1 row, so Tau cannot be told apart from sigma^2.
    case singleRowUnits(units: Int)

    /// Always a data or model error.
    var category: ErrorCategory { .data }

    /// The message shown to users.
    var description: String {
        switch self {
        case let .collinearFixedEffects(column, others):
            return "the fixed effect \(column) is collinear with \(others.joined(separator: ", ")): "
                + "its column is a linear combination of theirs, so gamma is not identified. "
                + "Remove one of these predictors or change its centering."
        case let .randomCoefficientNotEstimable(coefficient, reason):
            return "the random coefficient \(coefficient) cannot be estimated: \(reason). "
                + "Remove `random` from its level-2 equation."
        case let .constantVariancePredictor(name):
            return "the level-1 variance predictor \(name) is constant over the rows used; "
                + "it is confounded with alpha0. Remove it from --sigma2."
        case let .collinearVariancePredictors(column, others):
            return "the level-1 variance predictor \(column) is collinear with "
                + "\(others.joined(separator: ", ")); remove one of them from --sigma2."
        case let .constantOutcome(name):
            return "the outcome \(name) is constant over the rows used; there is nothing to model."
        case let .degenerateOutcome(name, family, allSuccesses):
            let what = allSuccesses ? (family == .bernoulli ? "1 in every row" : "equal to the trials in every row")
                : "0 in every row"
            let scale = family == .poisson ? "log rate" : "log-odds"
            return "the \(family.rawValue) outcome \(name) is \(what) used: its \(scale) is "
                + "\(allSuccesses ? "+" : "-")infinity, so there is nothing to model. Check the outcome column and "
                + "the rows excluded for missing values."
        case let .tooFewRows(rows, fixedEffects):
            return "\(rows) level-1 rows are fewer than the \(fixedEffects) fixed effects of the model."
        case let .tooFewUnits(coefficient, units, effects):
            let data = units == 1 ? "the data have a single unit" : "the data have only \(units) units"
            return "the variance of the random coefficient \(coefficient) cannot be estimated: \(data), and its "
                + "level-2 equation has \(effects) fixed effect\(effects == 1 ? "" : "s"), which leave no units "
                + "(J - S - 1 = \(units - effects)) to estimate a level-2 variance from. A two-level model "
                + "needs at least \(effects + 1) units here: check the ID column, remove level-2 predictors "
                + "of \(coefficient), or remove its `random`."
        case let .singleRowUnits(units):
            return "each of the \(units) units has a single level-1 row, so the level-2 variance cannot be told "
                + "apart from the level-1 variance sigma^2. Check the ID column (it must name the level-2 unit, "
                + "not the row); a two-level model needs units with two or more rows."
        }
    }
}
