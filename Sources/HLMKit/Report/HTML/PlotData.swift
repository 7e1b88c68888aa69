// What the plots read from the residual tables (`ResidualTables`, the same numbers as `--residuals1` and
// `--residuals2` write) and how they name the outcome's scale.

/// The residual tables of an analysis with the model's names, for the plots.
struct PlotData {
    let tables: ResidualTables
    let specification: ModelSpecification
    let fit: HLMFit

    /// The level-1 table's column `name` (one of its own columns: FITTED, RESIDUAL, SIGMA2, ...).
    func level1(_ name: String) -> [Double]? { Self.column(name, of: tables.level1) }

    /// The unit table's column `name` (EB_q, PV_q_r, OLS_q, FV_q, EBCOEF_q, MDIST, CHIPCT).
    func level2(_ name: String) -> [Double]? { Self.column(name, of: tables.level2) }

    /// Each level-1 predictor's values as they enter the model (centred as specified): the table's last
    /// columns, in the level-1 equation's order (their header names may carry the `L1_` prefix).
    var level1Predictors: [(name: String, values: [Double])] {
        Self.trailingColumns(specification.level1.predictors.map(\.name), of: tables.level1)
    }

    /// Each level-2 predictor's unit values as they enter the model: the unit table's last columns, in order
    /// of first appearance in the fixed effects.
    var level2Predictors: [(name: String, values: [Double])] {
        Self.trailingColumns(fit.fixedEffects.map(\.predictor).filter { $0 != "INTRCPT2" }.uniqued(),
                             of: tables.level2)
    }

    /// The outcome's scale for axis labels: the outcome's name for a normal outcome, its log-odds or log rate
    /// (the link scale, where the model is linear) for an HGLM.
    var linkScale: String {
        let outcome = specification.level1.outcome
        switch specification.family {
        case .normal: return outcome
        case .bernoulli, .binomial: return "log-odds of \(outcome)"
        case .poisson: return "log rate of \(outcome)"
        }
    }

    private static func column(_ name: String, of table: ResidualTable) -> [Double]? {
        table.columns.firstIndex(of: name).map { c in table.rows.map { $0[c] } }
    }

    private static func trailingColumns(_ names: [String], of table: ResidualTable)
        -> [(name: String, values: [Double])] {
        let first = table.columns.count - names.count
        return names.enumerated().map { offset, name in (name, table.rows.map { $0[first + offset] }) }
    }
}

extension Array where Element == Double {
    /// The smallest and largest finite values, nil when there are none.
    var finiteRange: (lower: Double, upper: Double)? {
        let finite = filter(\.isFinite)
        guard let lower = finite.min(), let upper = finite.max() else { return nil }
        return (lower, upper)
    }
}

/// `value` for labels and descriptions: three decimals below 1, two below 100, one above, trailing zeros
/// dropped (0.5, 6.37, 1, 0).
func plotNumber(_ value: Double) -> String {
    var text = ReportNumberFormat.fixed(value, abs(value) >= 100 ? 1 : abs(value) >= 1 ? 2 : 3)
    guard value.isFinite, text.contains(".") else { return text }
    while text.hasSuffix("0") { text.removeLast() }
    if text.hasSuffix(".") { text.removeLast() }
    return text == "-0" ? "0" : text
}
