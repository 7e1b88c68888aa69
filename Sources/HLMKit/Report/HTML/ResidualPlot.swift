/// Level-1 residuals against fitted values (the residual file's `RESIDUAL` against `FITTED`): y - x'gamma -
/// z'u_hat_j against x'gamma + z'u_hat_j, or for an HGLM y - m mu against m mu = E(y | u_hat_j).
enum ResidualPlot {
    /// The figure; nil when the level-1 table lacks the columns.
    static func figure(_ data: PlotData) -> HTMLFigure? {
        guard let fitted = data.level1("FITTED"), let residual = data.level1("RESIDUAL") else { return nil }
        return figure(fitted: fitted, residual: residual, outcome: data.specification.level1.outcome,
                      family: data.specification.family)
    }

    /// The plot of `residual` against `fitted` for an outcome `outcome` of `family`.
    static func figure(fitted: [Double], residual: [Double], outcome: String, family: ResponseFamily) -> HTMLFigure {
        let normal = family.isNormal
        let points = zip(fitted, residual).map { (x: $0, y: $1) }
        let large = points.count > 2000
        let fittedLabel = normal ? "Fitted value x'gamma + z'u (\(outcome))"
            : "Fitted mean of \(outcome) given the unit's EB effects (\(outcome) scale)"
        let xAxis = PlotAxis(label: fittedLabel, covering: fitted)
        let plot = SVGPlot(
            title: "Level-1 residuals against fitted values",
            description: "\(points.count) level-1 rows: residual \(outcome) minus fitted value against the fitted value, "
                + "fitted values from \(plotNumber(fitted.finiteRange?.lower ?? .nan)) to "
                + "\(plotNumber(fitted.finiteRange?.upper ?? .nan)), residuals from "
                + "\(plotNumber(residual.finiteRange?.lower ?? .nan)) to \(plotNumber(residual.finiteRange?.upper ?? .nan)).",
            x: xAxis,
            y: PlotAxis(label: "Residual (\(outcome) minus fitted)", covering: residual, includingZero: true),
            marks: [.points(points, colour: .blue, radius: large ? 1.6 : 2.5, opacity: large ? 0.35 : 0.7),
                    .reference([(x: xAxis.lower, y: 0), (x: xAxis.upper, y: 0)])])
        let reading = normal
            ? "Residuals should scatter evenly around the dashed zero line at every fitted value: a funnel shows a "
                + "level-1 variance that changes with the mean (consider modelling sigma^2), a curve a missing "
                + "term. The residuals use the units' EB effects (the residual file's FITTED and RESIDUAL)."
            : "For a \(family.rawValue) outcome the residuals y - E(y | u_j) fall on bands (one per "
                + "observed count or 0/1 value); look for bands that drift from zero as the fitted mean grows, "
                + "not for even scatter. The values are the residual file's FITTED and RESIDUAL."
        return HTMLFigure(plot, reading: reading)
    }
}
