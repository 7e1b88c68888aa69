import HLMPlatform

/// A non-normal outcome's response: the outcome as read, each row's trials and offset, checked row by row.
extension ModelDesign {
    /// The response of `specification`'s non-normal family on `data` (nil for the normal family): y_i as read,
    /// m_i from the trials column (1 without one), o_i = ln(exposure_i) (0 without an exposure column).
    ///
    /// Each row must be what its family can take: a Bernoulli outcome 0 or 1; a binomial outcome a whole number
    /// from 0 to the row's trials, which are a whole number of at least 1; a Poisson outcome a whole number of
    /// at least 0 and its exposure positive. The outcome must not be degenerate: not 0 in every row (nor, with
    /// the logit link, equal to the trials in every row), where gamma would run off to infinity.
    ///
    /// - Throws: `DataError.invalidResponseValue` naming the file, line, column and value of the first bad row
    ///   (rows in the design's order); `DesignError.degenerateOutcome`.
    static func generalizedResponse(_ specification: ModelSpecification,
                                    data: MultilevelData) throws -> GeneralizedResponse? {
        let family = specification.family
        guard !family.isNormal else { return nil }
        let outcomeName = specification.level1.outcome
        let y = data.level1[outcomeName]!
        let trials = specification.trialsVariable.map { data.level1[$0]! } ?? [Double](repeating: 1, count: y.count)
        let exposure = specification.exposureVariable.map { data.level1[$0]! }
        func bad(_ row: Int, _ column: String, _ value: Double, _ expected: String, _ fix: String) -> DataError {
            .invalidResponseValue(path: data.summary.level1File, line: data.level1Lines[row], column: column,
                                  value: value, expected: expected, fix: fix)
        }
        let missing = "Correct the value, or mark the cell missing (empty, NA or .) to leave the row out"
        for i in y.indices {
            switch family {
            case .normal:
                break
            case .bernoulli:
                guard y[i] == 0 || y[i] == 1 else {
                    throw bad(i, outcomeName, y[i], "is not a 0/1 outcome: a bernoulli outcome is 0 or 1",
                              "Recode the outcome to 0/1, or use --family binomial --trials COLUMN for counts of "
                                  + "successes")
                }
            case .binomial:
                let trialsName = specification.trialsVariable!
                guard isWholeNumber(trials[i]), trials[i] >= 1 else {
                    throw bad(i, trialsName, trials[i], "is not a number of trials: they are whole numbers of "
                              + "1 or more", missing)
                }
                guard isWholeNumber(y[i]), y[i] >= 0 else {
                    throw bad(i, outcomeName, y[i], "is not a number of successes: a binomial outcome is a whole "
                              + "number from 0 to the row's trials", missing)
                }
                guard y[i] <= trials[i] else {
                    throw bad(i, outcomeName, y[i], "is more successes than the row's \(trials[i].compactText) "
                              + "trials (column \(trialsName))", "Check the outcome and --trials columns")
                }
            case .poisson:
                guard isWholeNumber(y[i]), y[i] >= 0 else {
                    throw bad(i, outcomeName, y[i], "is not a count: a poisson outcome is a whole number 0, 1, 2, "
                              + "...", missing)
                }
                if let exposure, !(exposure[i] > 0) {
                    throw bad(i, specification.exposureVariable!, exposure[i], "is not a positive exposure: its "
                              + "logarithm is the row's offset", missing)
                }
            }
        }
        try checkDegenerate(y, trials: trials, family: family, name: outcomeName)
        var response = GeneralizedResponse(family: family, outcome: y, trials: trials,
                                           offset: exposure?.map { log($0) } ?? [Double](repeating: 0, count: y.count))
        response.overdispersion = specification.overdispersion
        return response
    }

    /// Refuses an outcome that is 0 in every row, or (logit link) a success in every trial.
    private static func checkDegenerate(_ y: [Double], trials: [Double], family: ResponseFamily, name: String) throws {
        if y.allSatisfy({ $0 == 0 }) {
            throw DesignError.degenerateOutcome(name: name, family: family, allSuccesses: false)
        }
        if family != .poisson, y.indices.allSatisfy({ y[$0] == trials[$0] }) {
            throw DesignError.degenerateOutcome(name: name, family: family, allSuccesses: true)
        }
    }

    /// Whether `value` is a whole number that a double holds exactly (|value| <= 2^53).
    private static func isWholeNumber(_ value: Double) -> Bool {
        value.rounded() == value && abs(value) <= 9_007_199_254_740_992
    }
}

extension GeneralizedResponse {
    /// Whether row i alone tells a random intercept's variance apart from the family's own: with the level-1
    /// scale fixed at 1, a Poisson count or a binomial row of two or more trials, whose variation across units
    /// beyond mu (or m mu (1 - mu)) is the random intercept's (an observation-level random effect, as glmer fits
    /// one); never a 0/1 row, whose variance is fixed by its mean, nor any row under over-dispersion, whose scale
    /// would absorb that variation.
    func rowInformsIntercept(_ i: Int) -> Bool {
        !overdispersion && (family == .poisson || (family == .binomial && trials[i] >= 2))
    }
}
