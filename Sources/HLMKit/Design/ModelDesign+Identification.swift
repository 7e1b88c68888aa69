/// How well the data identify each random coefficient's variance.
extension ModelDesign {
    /// A random coefficient whose variance few units inform.
    struct WeakIdentification: Equatable {
        /// The random coefficient (INTRCPT1 or a level-1 predictor).
        var coefficient: String
        /// Units that inform its variance apart from sigma^2: for INTRCPT1 those with two or more rows, for a
        /// random slope those in which its predictor takes two or more values.
        var informativeUnits: Int
    }

    /// Fewer informative units than this (and fewer than half the units) leave a variance weakly identified.
    static let informativeUnitsMinimum = 10
    /// Fewer informative units than this share of J leave a variance weakly identified, however many they are.
    static let informativeShareMinimum = 0.01

    /// The random coefficients whose variance only a few units can tell apart from the level-1 variance.
    ///
    /// Tau_qq is separated from sigma^2 only by the variation of z_q within units: a unit of one row (or one
    /// in which the slope's predictor is constant) sees tau_qq z^2 + sigma^2 as one number. Flagged when
    /// the informative units number fewer than min(`informativeUnitsMinimum`, J / 2) (a handful, and a
    /// minority: 5 pairs among single rows, a slope whose predictor varies in one unit), or fewer than
    /// `informativeShareMinimum` of J (50 pairs among 400,000 single rows). The deviance is then nearly flat
    /// in that direction: the estimate moves with single observations and its standard error means little.
    /// Such coefficients are flagged, not refused (the fixed effects remain meaningful); eight units of
    /// several rows each are not flagged (few units, but each informative). For a count or binomial outcome
    /// with the level-1 scale fixed at 1, a single row informs INTRCPT1's variance too
    /// (`GeneralizedResponse.rowInformsIntercept`).
    func weaklyIdentifiedRandomCoefficients() -> [WeakIdentification] {
        let p = fixedCount, k = rowWidth
        return randomCoefficients.enumerated().compactMap { r, name in
            let informative = (0..<unitCount).reduce(0) { count, j in
                let range = grouping.rows(ofUnit: j)
                guard range.count > 1 else {
                    let alone = name == "INTRCPT1" && level1.response?.rowInformsIntercept(range.lowerBound) == true
                    return alone ? count + 1 : count
                }
                if name == "INTRCPT1" { return count + 1 }
                let first = rows[range.lowerBound * k + p + r]
                return range.contains { rows[$0 * k + p + r] != first } ? count + 1 : count
            }
            let few = Double(informative) < min(Double(Self.informativeUnitsMinimum), Double(unitCount) / 2)
            let enough = !few && Double(informative) >= Self.informativeShareMinimum * Double(unitCount)
            return enough ? nil : WeakIdentification(coefficient: name, informativeUnits: informative)
        }
    }
}

extension ModelDesign.WeakIdentification {
    /// The report's and JSON's warning.
    func warning(unitCount: Int) -> String {
        let verb = informativeUnits == 1 ? "has" : "have"
        let what = coefficient == "INTRCPT1" ? "\(verb) more than one row" : "\(verb) more than one value of \(coefficient)"
        return "The variance of the random coefficient \(coefficient) is only weakly identified: only "
            + "\(informativeUnits) of the \(unitCount) units \(what), and only those tell it apart from the level-1 "
            + "variance sigma^2. Its Tau estimate (and its covariances) may change greatly with a few rows; "
            + "consider making \(coefficient) fixed, or collect units with more rows."
    }
}
