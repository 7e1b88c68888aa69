/// The fitted level-1 standard deviation of a heterogeneous-sigma^2 model, sigma_ij = exp(c_ij'alpha / 2)
/// (the residual file's `SIGMA2`, square-rooted), by each variance predictor, over the data: the level-1
/// residuals r_ij and the band +-sigma_ij.
enum SigmaPlot {
    /// A predictor with at most this many distinct values is drawn as categories (jittered columns of dots).
    static let categoryLimit = 10

    /// One figure per variance predictor; none for a homogeneous model.
    static func figures(_ data: PlotData) -> [HTMLFigure] {
        guard let variance = data.fit.level1Variance, let sigma2 = data.level1("SIGMA2"),
              let residual = data.level1("RESIDUAL") else { return [] }
        let rows = data.tables.level1VariancePredictors
        return variance.predictors.dropFirst().enumerated().compactMap { h, name in
            guard rows.count == residual.count, rows.allSatisfy({ $0.count > h }) else { return nil }
            return figure(name: name, values: rows.map { $0[h] }, sigma: sigma2.map { $0.squareRoot() },
                          residual: residual, outcome: data.specification.level1.outcome,
                          otherPredictors: variance.predictors.count > 2)
        }
    }

    /// The plot of `residual` and +-`sigma` by the variance predictor `name` (`values` by row); `otherPredictors`
    /// when log sigma^2 has more predictors than this one.
    static func figure(name: String, values: [Double], sigma: [Double], residual: [Double], outcome: String,
                               otherPredictors: Bool) -> HTMLFigure {
        let categories = Set(values).sorted()
        let isCategorical = categories.count <= categoryLimit
        // A categorical predictor's dots spread sideways over 0.3 of the smallest gap between its codes, by a
        // fixed low-discrepancy sequence of the row index, so the picture is the same on every run.
        let gap = zip(categories, categories.dropFirst()).map { $1 - $0 }.min() ?? 1
        let jitter = isCategorical
            ? values.indices.map { (Double($0) * 0.618_033_988_75).truncatingRemainder(dividingBy: 1) * 0.3 * gap - 0.15 * gap }
            : Array(repeating: 0, count: values.count)
        let x = zip(values, jitter).map { $0 + $1 }
        let band = sigma.flatMap { [$0, -$0] }
        let xAxis = isCategorical
            ? PlotAxis(label: "\(name) (variance predictor)", categories: categories.map { ($0, plotNumber($0)) })
            : PlotAxis(label: "\(name) (variance predictor)", covering: values)
        var summary: String
        if isCategorical {
            summary = categories.map { code in
                let rows = values.indices.filter { values[$0] == code }
                let fitted = rows.reduce(0) { $0 + sigma[$1] } / Double(rows.count)
                let observed = (rows.reduce(0) { $0 + residual[$1] * residual[$1] } / Double(rows.count)).squareRoot()
                return "\(name) = \(plotNumber(code)): fitted sigma \(plotNumber(fitted))"
                    + (otherPredictors ? " on average" : "") + ", root mean square residual \(plotNumber(observed)) "
                    + "(\(rows.count) rows)"
            }.joined(separator: "; ")
        } else {
            let range = sigma.finiteRange
            summary = "the fitted sigma runs from \(plotNumber(range?.lower ?? .nan)) to \(plotNumber(range?.upper ?? .nan))"
        }
        let plot = SVGPlot(
            title: "Fitted level-1 standard deviation sigma by \(name), with the residuals",
            description: "\(values.count) level-1 residuals of \(outcome) against \(name), with the fitted band "
                + "plus and minus sigma_ij = exp(c_ij'alpha / 2): \(summary).",
            x: xAxis,
            y: PlotAxis(label: "Residual and ±sigma (\(outcome))", covering: residual + band, includingZero: true),
            marks: [.points(zip(x, residual).map { (x: $0, y: $1) }, colour: .grey,
                            radius: values.count > 2000 ? 1.5 : 2.5, opacity: 0.35),
                    .points(zip(x, sigma).map { (x: $0, y: $1) } + zip(x, sigma).map { (x: $0, y: -$1) },
                            colour: .vermillion, radius: 1.8)],
            legend: [("residual r_ij", .grey), ("± fitted sigma_ij", .vermillion)])
        let reading = "Grey dots are the level-1 residuals (the residual file's RESIDUAL), red the fitted "
            + "±sigma_ij (the square root of SIGMA2): about two thirds of the residuals should fall inside the band "
            + "at every value of \(name). "
            + (otherPredictors ? "The band varies at a given \(name) because the other variance predictors vary. " : "")
            + (isCategorical ? "Dots are spread sideways within each category only to be seen. " : "")
            + summary.prefix(1).uppercased() + summary.dropFirst() + "."
        return HTMLFigure(plot, reading: reading)
    }
}
