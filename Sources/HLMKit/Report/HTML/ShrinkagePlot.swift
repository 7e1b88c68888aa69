/// Shrinkage: each unit's empirical Bayes coefficient (`EBCOEF_q` = w_j'gamma_q + u_hat_qj) against its own
/// OLS coefficient (`OLS_q` + `FV_q` = beta_hat_qj), for the units with an OLS fit (J').
enum ShrinkagePlot {
    /// One figure per random coefficient; a note instead when no unit has its own OLS fit.
    static func figures(_ data: PlotData) -> [HTMLFigure] {
        data.fit.tauCoefficients.enumerated().compactMap { q, coefficient in
            guard let ols = data.level2("OLS_\(coefficient)"), let fitted = data.level2("FV_\(coefficient)"),
                  let eb = data.level2("EBCOEF_\(coefficient)") else { return nil }
            let label = ModelNotation.coefficientLabel(coefficient)
            let title = "Shrinkage: EB against OLS estimates of beta\(q)j (\(label))"
            let units = ols.indices.filter { ols[$0].isFinite }
            guard units.count >= 2 else {
                return HTMLFigure(absent: title, because: "Only \(units.count) of the \(ols.count) units have enough "
                    + "rows (and variation in the level-1 predictors) for their own OLS fit, so there is no "
                    + "shrinkage to show: every unit's coefficient is estimated from the level-2 model and its EB "
                    + "residual alone.")
            }
            let points = units.map { (x: ols[$0] + fitted[$0], y: eb[$0]) }
            let axisLabel = coefficient == "INTRCPT1" ? data.linkScale : "\(data.linkScale) per unit of \(coefficient)"
            let spread = { (values: [Double]) -> Double in
                let mean = values.reduce(0, +) / Double(values.count)
                return (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)).squareRoot()
            }
            let plot = SVGPlot.againstEquality(
                title: title,
                description: "\(units.count) units' empirical Bayes coefficients of \(label) against their own OLS "
                    + "coefficients, with the line EB = OLS. The OLS coefficients have standard deviation "
                    + "\(plotNumber(spread(points.map(\.x)))) across units, the EB coefficients "
                    + "\(plotNumber(spread(points.map(\.y)))): the EB estimates are pulled towards the level-2 model.",
                xLabel: "OLS coefficient of \(label) (\(axisLabel))", yLabel: "EB coefficient (\(axisLabel))",
                points: points, colour: .blue)
            return HTMLFigure(plot, reading: "Each dot is a unit with its own OLS fit (\(units.count) of "
                + "\(ols.count)). On the dashed line EB = OLS; the flatter the cloud, the more the EB estimates "
                + "borrow from the level-2 model, as they do for small or unreliable units. Units without an OLS "
                + "fit are not shown.")
        }
    }
}
