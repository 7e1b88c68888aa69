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

    /// A variance component needs at least this many informative units, and at least
    /// `informativeShareMinimum` of all units, to count as identified by more than a handful of units.
    static let informativeUnitsMinimum = 10
    /// See `informativeUnitsMinimum`: 1% of the units.
    static let informativeShareMinimum = 0.01

    /// The random coefficients whose variance only a few units can tell apart from the level-1 variance.
    ///
    /// Tau_qq is separated from sigma^2 only by the variation of z_q within units: a unit of one row (or one
    /// in which the slope's predictor is constant) sees tau_qq z^2 + sigma^2 as one number. With fewer than
    /// `informativeUnitsMinimum` informative units, or fewer than `informativeShareMinimum` of J, the
    /// deviance is nearly flat in that direction: the estimate moves with single observations and its
    /// standard error means little. Such coefficients are flagged, not refused (the fixed effects remain
    /// meaningful).
    func weaklyIdentifiedRandomCoefficients() -> [WeakIdentification] {
        let p = fixedCount, k = rowWidth
        return randomCoefficients.enumerated().compactMap { r, name in
            let informative = (0..<unitCount).reduce(0) { count, j in
                let range = unitOffsets[j]..<unitOffsets[j + 1]
                guard range.count > 1 else { return count }
                if name == "INTRCPT1" { return count + 1 }
                let first = rows[range.lowerBound * k + p + r]
                return range.contains { rows[$0 * k + p + r] != first } ? count + 1 : count
            }
            let enough = informative >= Self.informativeUnitsMinimum
                && Double(informative) >= Self.informativeShareMinimum * Double(unitCount)
            return enough ? nil : WeakIdentification(coefficient: name, informativeUnits: informative)
        }
    }
}

extension ModelDesign {
    /// mean_i(z_iq^2) over all rows, for each random column q.
    func randomColumnMeanSquares() -> [Double] {
        let p = fixedCount, k = rowWidth
        return (0..<randomCount).map { r in
            (0..<rowCount).reduce(0.0) { $0 + rows[$1 * k + p + r] * rows[$1 * k + p + r] } / Double(max(rowCount, 1))
        }
    }
}

extension ModelDesign.WeakIdentification {
    /// The report's and JSON's warning.
    func warning(unitCount: Int) -> String {
        let what = coefficient == "INTRCPT1" ? "have more than one row" : "have more than one value of \(coefficient)"
        return "The variance of the random coefficient \(coefficient) is only weakly identified: only "
            + "\(informativeUnits) of the \(unitCount) units \(what), and only those tell it apart from the level-1 "
            + "variance sigma^2. Its Tau estimate (and its covariances) may change greatly with a few rows; "
            + "consider making \(coefficient) fixed, or collect units with more rows."
    }
}
