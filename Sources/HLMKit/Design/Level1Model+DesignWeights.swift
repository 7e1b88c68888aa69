/// Design weights (HLM's level-1 and level-2 weights): the pseudo-likelihood of Pfeffermann et al. (1998) and
/// Rabe-Hesketh & Skrondal (2006), sum_j b_j ln integral prod_i f(y_ij | u_j)^(a_ij) phi(u_j; 0, T) du_j, with
/// level-1 weights a_ij and level-2 weights b_j.
///
/// For normal rows, f^a = N(y; mu, sigma^2)^a = N(y; mu, sigma^2 / a) (2 pi sigma^2)^((1 - a)/2) a^(-1/2): a
/// unit's pseudo-log-likelihood is the normal mixed model's with prior (precision) weights a_i plus
/// -(1/2) sum_i [(a_i - 1) ln(2 pi sigma^2_i) + ln a_i]. In the deviance -2 l_j = N_j ln 2 pi + ln|V_j| + e'V^-1e
/// of the precision-weighted model, ln|W_j|^-1 = sum_i (c_i'alpha - ln a_i) and N_j become sum_i a_i c_i'alpha and
/// sum_i a_i: so the per-unit sums of c and c c' are weighted by a_i, the ln a_i sums are 0, and the deviance's
/// constant is sum_j b_j sum_i a_i ln 2 pi (`weightedRowCount`). The alpha gradient's sum_i c_i becomes sum_i a_i c_i
/// exactly; the alpha information's sum_i c_i c_i' becomes sum_i a_i c_i c_i' (the expected information of a
/// row whose density is raised to the power a_i). Each unit's deviance, gradient and information is then
/// multiplied by b_j (`Likelihood.UnitPass`, `DerivativeSums`, and the fixed blocks summed over units through
/// `RowWeights.fixedValues`).
extension Level1Model {
    /// The same response with design weights: `level1[i]` (a_i, one per row, positive) and `level2[j]` (b_j,
    /// one per unit of `grouping`, positive), both already normalised (`DesignWeights`).
    func designWeighted(level1: [Double], level2: [Double], over grouping: Grouping) -> Level1Model {
        let (sums, cross) = Self.varianceSums(varianceRows, width: varianceCount, grouping: grouping, scale: level1)
        var model = Level1Model(variancePredictors: variancePredictors, varianceRows: varianceRows,
                                centring: centring, varianceSums: sums, varianceCrossSums: cross)
        model.outcomeShift = outcomeShift
        model.response = response
        model.setRowWeights(RowWeights(level1: level1, level2: level2, grouping: grouping))
        return model
    }

    /// Whether the model carries design weights (its likelihood is a pseudo-likelihood).
    var hasDesignWeights: Bool { rowWeights?.unitWeights != nil }

    /// b_j, unit j's level-2 weight (1 without design weights).
    @inline(__always)
    func unitWeight(_ j: Int) -> Double {
        rowWeights?.unitWeights?[j] ?? 1
    }

    /// sum_j b_j sum_i a_ij, the number of rows the deviance's constant N ln 2 pi counts (N without design
    /// weights; `rowCount` is N).
    func weightedRowCount(_ grouping: Grouping) -> Double {
        guard let weights = rowWeights, let units = weights.unitWeights else { return Double(grouping.rowCount) }
        var total = 0.0
        for j in 0..<grouping.unitCount {
            total += units[j] * grouping.rows(ofUnit: j).reduce(0.0) { $0 + weights.values[$1] }
        }
        return total
    }
}
