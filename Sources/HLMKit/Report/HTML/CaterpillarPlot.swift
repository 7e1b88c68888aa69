/// The caterpillar plot of one random effect: each unit's empirical Bayes estimate u_hat_qj (`EB_q`) with its
/// 95% posterior interval u_hat_qj +- 1.96 sqrt(PV_q_q), the units sorted by the estimate.
enum CaterpillarPlot {
    /// One figure per random coefficient of the fit.
    static func figures(_ data: PlotData) -> [HTMLFigure] {
        data.fit.tauCoefficients.enumerated().compactMap { q, coefficient in
            guard let eb = data.level2("EB_\(coefficient)"),
                  let pv = data.level2("PV_\(coefficient)_\(coefficient)") else { return nil }
            return figure(coefficient: coefficient, index: q, eb: eb, variance: pv, ids: data.tables.level2.ids,
                          scale: data.linkScale)
        }
    }

    private static func figure(coefficient: String, index q: Int, eb: [Double], variance: [Double], ids: [String],
                               scale: String) -> HTMLFigure {
        let order = eb.indices.sorted { (eb[$0], ids[$0]) < (eb[$1], ids[$1]) }
        let intervals = order.enumerated().map { rank, j in
            let half = 1.96 * variance[j].squareRoot()
            return (x0: Double(rank + 1), y0: eb[j] - half, x1: Double(rank + 1), y1: eb[j] + half)
        }
        let points = order.enumerated().map { rank, j in (x: Double(rank + 1), y: eb[j]) }
        let excluding = intervals.filter { $0.y0 > 0 || $0.y1 < 0 }.count
        let unit = coefficient == "INTRCPT1" ? scale : "\(scale) per unit of \(coefficient)"
        let label = ModelNotation.coefficientLabel(coefficient)
        let small = intervals.count > 400 ? 1.2 : 2.5
        let plot = SVGPlot(
            title: "Caterpillar plot: EB estimates of u\(q)j (\(label)) with 95% posterior intervals",
            description: "\(eb.count) units' empirical Bayes estimates of the random effect u\(q)j of \(label), sorted "
                + "from lowest to highest, each with its 95% posterior interval (estimate plus or minus 1.96 "
                + "posterior standard deviations). The estimates run from \(plotNumber(points.first?.y ?? .nan)) to "
                + "\(plotNumber(points.last?.y ?? .nan)); \(excluding) of the intervals exclude 0.",
            x: PlotAxis(label: "Unit, ranked by its EB estimate (1 = lowest)",
                        covering: [1, Double(max(eb.count, 2))]),
            y: PlotAxis(label: "EB estimate of u\(q)j (\(unit))",
                        covering: intervals.flatMap { [$0.y0, $0.y1] }, includingZero: true),
            marks: [.reference([(x: 0, y: 0), (x: Double(eb.count + 1), y: 0)]),
                    .segments(intervals, colour: .sky, width: small),
                    .points(points, colour: .blue, radius: small)])
        return HTMLFigure(plot, reading: "Each vertical line is one unit's 95% posterior interval, the dot its "
            + "EB estimate (the residual file's EB_\(coefficient) and PV_\(coefficient)_\(coefficient)). Units "
            + "whose interval lies wholly above or below the dashed zero line differ from what the level-2 model "
            + "predicts for them; \(excluding) of \(eb.count) do.")
    }
}
