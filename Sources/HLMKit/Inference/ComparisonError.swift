/// Why two fits cannot be compared (`hlm compare`, or a command file's `deviance:` and `df:`).
enum ComparisonError: HLMError, Equatable {
    /// A file is missing, not `hlm` JSON, or has a field with an impossible value.
    case cannotRead(path: String, reason: String)
    /// Outcome or rows and units used differ.
    case differentData(first: String, second: String)
    /// The data fingerprints differ: `rows` when the used rows' IDs or outcome values differ, else the shared
    /// variables whose values differ.
    case differentFingerprints(first: String, second: String, rows: Bool, variables: [String])
    /// One fit is REML, the other full ML.
    case differentMethods(first: EstimationMethod, second: EstimationMethod)
    /// Both are REML fits with different fixed parts (terms as fitted, `COEFFICIENT/PREDICTOR` with centering).
    case remlFixedEffectsDiffer(onlyFirst: [String], onlySecond: [String])
    /// Both models have the same number of parameters: equal models, or not nested.
    case equalParameterCounts(parameters: Int, first: String, second: String)
    /// The model with more parameters has the larger deviance.
    case negativeChiSquare(chiSquare: Double, fewer: String, more: String)
    /// A model fitted by PQL, which maximises no likelihood of the data and so has no deviance.
    case noLikelihood(model: String)
    /// The fits approximate different likelihoods (family, or Laplace against AGQ or other quadrature points).
    case differentLikelihoods(first: String, second: String)
    /// A combined analysis (plausible values or imputed files): its deviances do not combine by Rubin's rules.
    case combinedFit(path: String)

    /// Unreadable files and different data are data errors; the rest are usage errors.
    var category: ErrorCategory {
        switch self {
        case .cannotRead, .differentData, .differentFingerprints: .data
        default: .usage
        }
    }

    /// The message shown to users.
    var description: String {
        switch self {
        case let .cannotRead(path, reason):
            return "cannot read \(path): \(reason)."
        case let .differentData(first, second):
            return "the two fits are not on the same data (outcome, level-1 rows used, level-2 units used): "
                + "\(first) against \(second); a likelihood-ratio test needs the same data."
        case let .differentFingerprints(first, second, rows, variables):
            let what = rows ? "the used rows' unit IDs or outcome values differ"
                : "the values of \(variables.joined(separator: ", ")) differ"
            return "\(first) and \(second) were fitted to different data (\(what), by the data fingerprints "
                + "saved in the JSON); a likelihood-ratio test needs both models fitted to the same rows."
        case let .differentMethods(first, second):
            return "the first fit is \(first.rawValue.uppercased()) and the second \(second.rawValue.uppercased()); "
                + "refit both with the same --method."
        case let .remlFixedEffectsDiffer(onlyFirst, onlySecond):
            let list = { (names: [String]) in names.isEmpty ? "none" : names.joined(separator: ", ") }
            return "REML deviances of models with different fixed effects are not comparable (fixed effects as "
                + "fitted, with their centering; only in the first: \(list(onlyFirst)); only in the second: "
                + "\(list(onlySecond))); refit both with --method fml."
        case let .equalParameterCounts(parameters, first, second):
            return "\(first) and \(second) both have \(parameters) estimated parameters, so the likelihood-ratio "
                + "test has 0 degrees of freedom: the models are equal or not nested. Compare a model with one "
                + "nested in it that has fewer parameters."
        case let .negativeChiSquare(chiSquare, fewer, more):
            return "the chi-square is negative (\(ReportNumberFormat.fixed(chiSquare, 5))): \(more) has more parameters "
                + "but a larger deviance than \(fewer). Nested models fitted to the same data cannot do that, so "
                + "the models are not nested or a fit stopped short of its optimum; no test is computed."
        case let .noLikelihood(model):
            return "\(model) was fitted by penalised quasi-likelihood (PQL), which maximises no likelihood of the "
                + "data, so it has no deviance to compare; refit both models with --estimation laplace (or agq)."
        case let .differentLikelihoods(first, second):
            return "the two fits' deviances are not the same likelihood (\(first) against \(second)); refit both "
                + "with the same --family, --estimation and --quadrature-points."
        case let .combinedFit(path):
            return "\(path) is a combined analysis (plausible values or imputed files): deviances do not combine by "
                + "Rubin's rules and a pooled likelihood-ratio test (Meng & Rubin 1992) is not implemented, so it "
                + "cannot be compared. Compare the models on one plausible value or imputation at a time, or test "
                + "the fixed effects with the combined t-ratios."
        }
    }
}
