/// Where a non-normal outcome's estimates lean on nothing but the model: units whose outcomes are all at one
/// end, and fixed effects that separate the outcomes.
extension ModelDesign {
    /// The report's and JSON's warnings about the non-normal outcome (none for the normal model): units whose
    /// outcomes are all 0 or all successes (`extremeUnitsWarning`), then one warning per fixed effect that
    /// separates the outcomes (`separatingFixedEffects`).
    func responseWarnings() -> [String] {
        guard let response = level1.response else { return [] }
        let separation = separatingFixedEffects(response).map { name in
            "The fixed effect \(name) separates the outcomes: no row on one side of some value of its column has "
                + (response.family == .poisson ? "a nonzero count" : "a success (or no row there has a failure)")
                + ", so its maximum-likelihood estimate is infinite (complete or quasi-complete separation). Its "
                + "estimate and standard error below only show where the iterations stopped; remove or recode the "
                + "predictor, or merge its categories."
        }
        return (extremeUnitsWarning(response).map { [$0] } ?? []) + separation
    }

    /// One warning counting the units whose every outcome is 0 (a failure in every trial, or no event) or, with
    /// the logit link, a success in every trial; nil when there are none.
    ///
    /// Such a unit's own likelihood is largest at u_j = -infinity (or +infinity): its random effect is finite
    /// only through the level-2 distribution, which is fine when they are few. When every unit is so, the
    /// outcome varies only between units and tau grows without bound.
    func extremeUnitsWarning(_ response: GeneralizedResponse) -> String? {
        var (zero, full) = (0, 0)
        for j in 0..<unitCount {
            let rows = grouping.rows(ofUnit: j)
            if rows.allSatisfy({ response.outcome[$0] == 0 }) {
                zero += 1
            } else if response.family != .poisson, rows.allSatisfy({ response.outcome[$0] == response.trials[$0] }) {
                full += 1
            }
        }
        guard zero + full > 0 else { return nil }
        let counts: String
        switch response.family {
        case .poisson: counts = "\(zero) of the \(unitCount) units have a count of 0 in every row"
        case .binomial:
            counts = "\(zero) of the \(unitCount) units have no success in any trial and \(full) a success in "
                + "every trial"
        case .normal, .bernoulli:
            counts = "\(zero) of the \(unitCount) units have the outcome 0 in every row and \(full) the outcome 1"
        }
        guard zero + full < unitCount else {
            return "Every unit's outcomes are all at one end: \(counts). The outcome varies only between units, so "
                + "the level-2 variance grows without bound and the estimates are not meaningful; check the ID "
                + "column, or model the units' outcomes at level 2."
        }
        return counts + ". Their random effects are finite only through the level-2 distribution; a large share "
            + "of such units leaves the level-2 variance poorly determined."
    }

    /// The fixed effects (`FixedEffectLabel.text`) whose user-scale column x_ij w_j alone separates the
    /// outcomes, with the intercept beside it: with the logit link, the rows with a failure lie on one side of
    /// the rows with a success (max x over one set <= min x over the other: a binary predictor with a category
    /// of all failures or all successes is one case); with the log link, every row with a nonzero count has the
    /// same x and the zero rows lie on one side of it. Columns constant over the rows are skipped.
    func separatingFixedEffects(_ response: GeneralizedResponse) -> [String] {
        let p = fixedCount
        return fixedEffects.enumerated().compactMap { f, label in
            guard let q = levels.coefficients.firstIndex(of: label.coefficient) else { return nil }
            var failures = ValueRange(), successes = ValueRange(), all = ValueRange()
            for j in 0..<unitCount {
                let w = levels.level2Rows[j * p + f]
                for i in grouping.rows(ofUnit: j) {
                    let x = levels.level1Value(row: i, coefficient: q) * w, y = response.outcome[i]
                    all.add(x)
                    if response.family == .poisson ? y == 0 : y < response.trials[i] { failures.add(x) }
                    if y > 0 { successes.add(x) }
                }
            }
            guard all.lower < all.upper, failures.lower <= failures.upper, successes.lower <= successes.upper
            else { return nil }
            let separates = response.family == .poisson
                ? successes.lower == successes.upper
                    && (failures.lower >= successes.upper || failures.upper <= successes.lower)
                : failures.upper <= successes.lower || successes.upper <= failures.lower
            return separates ? label.text : nil
        }
    }
}

/// The smallest and largest of the values added (lower > upper when none were).
private struct ValueRange {
    var lower = Double.infinity
    var upper = -Double.infinity

    mutating func add(_ x: Double) {
        lower = min(lower, x)
        upper = max(upper, x)
    }
}
