/// A setting of a non-normal outcome that contradicts another setting: the family's columns, over-dispersion,
/// the level-1 variance model, the estimation method and its quadrature points. Each is named both as the
/// command line's flag and as the command file's keyword, since either may have given it. Estimation methods are
/// named as `--estimation` names them (`pql`, `laplace`, `agq`), so that this stage names no later stage's type.
enum ResponseSettingProblem: Sendable, Equatable {
    /// A trials column for a family other than the binomial.
    case trialsWithoutBinomial(ResponseFamily)
    /// The binomial family without a trials column.
    case binomialWithoutTrials
    /// An exposure column for a family other than the Poisson.
    case exposureWithoutPoisson(ResponseFamily)
    /// The trials or exposure column is the outcome itself.
    case responseColumnIsOutcome(String)
    /// Over-dispersion asked for with a family that has none to estimate (normal: sigma^2 is estimated anyway;
    /// Bernoulli: the variance of a 0/1 outcome is fixed by its mean).
    case overdispersionWithFamily(ResponseFamily)
    /// Over-dispersion with an estimation that maximises a likelihood (Laplace, AGQ): the likelihood has no
    /// dispersion parameter.
    case overdispersionWithLikelihood(estimation: String)
    /// A level-1 variance model (`--sigma2`, `heterol1var:`) with a non-normal family.
    case varianceModelWithFamily(ResponseFamily)
    /// An estimation method (`--estimation`, `laplace:`, `agq:`) for the normal family.
    case estimationWithNormalFamily(estimation: String)
    /// `--method reml` with Laplace or AGQ, which maximise the full likelihood.
    case restrictedLikelihood(estimation: String)
    /// `--quadrature-points` without adaptive quadrature: the estimation it was given with (nil for the normal
    /// family).
    case quadraturePointsWithout(estimation: String?)
    /// A number of quadrature points outside 1...`largest`; `defaultPoints` is the default rule.
    case quadraturePointsOutOfRange(Int, largest: Int, defaultPoints: Int)
    /// REML (`--method reml`, `mlf:n`) with design weights, which are fitted by pseudo-maximum likelihood.
    case restrictedWithDesignWeights
    /// Design weights with a non-normal family.
    case designWeightsWithFamily(ResponseFamily)
    /// `--weight1-normalisation` (`level1weightnormalization:`) without a level-1 weight column.
    case normalisationWithoutLevel1Weight

    /// A statistic of the normal model only (`--df satterthwaite`, `--homvar`) asked for a non-normal outcome.
    case normalModelStatistic(option: String, family: ResponseFamily)

    /// The message: what contradicts what, and how to fix it.
    var description: String {
        switch self {
        case let .trialsWithoutBinomial(family):
            return "a trials column (--trials, or nonlin:binomial,COLUMN in a command file) is only for the binomial "
                + "family, and the family is \(family.rawValue): give --family binomial, or drop --trials"
        case .binomialWithoutTrials:
            return "the binomial family needs the column of each row's number of trials: give --trials COLUMN (in a "
                + "command file nonlin:binomial,COLUMN); for a 0/1 outcome use --family bernoulli"
        case let .exposureWithoutPoisson(family):
            return "an exposure column (--exposure, or nonlin:poisson,COLUMN in a command file) is only for the "
                + "poisson family, and the family is \(family.rawValue): give --family poisson, or drop --exposure"
        case let .responseColumnIsOutcome(name):
            return "\(name) is the outcome; the trials or exposure column must be another column"
        case .overdispersionWithFamily(.normal):
            return "--overdispersion is for the binomial and poisson families (the normal model estimates sigma^2 "
                + "anyway); give --family binomial or poisson, or drop --overdispersion"
        case let .overdispersionWithFamily(family):
            return "--overdispersion (fixsigma2:n in a command file) is not for the \(family.rawValue) family: the "
                + "variance of a 0/1 outcome is fixed by its mean, mu (1 - mu), so a dispersion scale cannot be "
                + "estimated from it. Drop it, or use it with binomial or poisson outcomes"
        case let .overdispersionWithLikelihood(estimation):
            return "--overdispersion is a PQL option: --estimation \(estimation) maximises a likelihood that has "
                + "no dispersion parameter. Use --estimation pql with --overdispersion, or drop --overdispersion"
        case let .varianceModelWithFamily(family):
            return "a level-1 variance model (--sigma2, heterol1var: in a command file) is only for the normal "
                + "family: the level-1 variance of a \(family.rawValue) outcome is fixed by its mean. Drop --sigma2"
        case let .estimationWithNormalFamily(estimation):
            return "--estimation \(estimation) (laplace:, agq: in a command file) is for non-normal outcomes; "
                + "the normal model is fitted by REML or full ML (--method). Give --family, or drop --estimation"
        case .restrictedWithDesignWeights:
            return "--method reml (mlf:n in a command file) cannot be used with design weights (--weight1, --weight2): "
                + "a weighted model is fitted by pseudo-maximum likelihood, which is full ML (--method fml, the "
                + "default with weights). Drop --method reml or mlf:n"
        case let .designWeightsWithFamily(family):
            return "design weights (--weight1, --weight2) are fitted by pseudo-maximum likelihood for the normal "
                + "model only, and the family is \(family.rawValue): drop the weights or --family"
        case .normalisationWithoutLevel1Weight:
            return "--weight1-normalisation (level1weightnormalization: in a command file) scales the level-1 "
                + "weights, and no level-1 weight column is given: add --weight1 COLUMN, or drop it"
        case let .restrictedLikelihood(estimation):
            return "--method reml cannot be used with --estimation \(estimation): Laplace and adaptive "
                + "quadrature maximise the full likelihood (--method fml, their default). Drop --method, or use "
                + "--estimation pql (restricted PQL)"
        case let .quadraturePointsWithout(estimation):
            let current = estimation.map { "the estimation is \($0)" } ?? "the outcome is normal"
            return "--quadrature-points is the number of points of adaptive quadrature, and \(current): add "
                + "--estimation agq, or drop --quadrature-points"
        case let .quadraturePointsOutOfRange(points, largest, defaultPoints):
            return "--quadrature-points (agq: in a command file) must be a whole number from 1 to \(largest), got "
                + "\(points): 1 point is the Laplace approximation, \(defaultPoints) the default"
        case let .normalModelStatistic(option, family):
            return "\(option) is a statistic of the normal linear model; the outcome is \(family.rawValue) "
                + "(--family), whose level-1 variance is fixed by its mean. Drop \(option)"
        }
    }
}
