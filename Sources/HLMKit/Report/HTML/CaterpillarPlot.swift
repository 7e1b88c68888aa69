/// The caterpillar plot of one random effect: each unit's empirical Bayes estimate u_hat_qj (`EB_q`) with its
/// 95% posterior interval u_hat_qj +- 1.96 sqrt(PV_q_q), the units sorted by the estimate.
enum CaterpillarPlot {
    /// One figure per random coefficient of the fit.
    static func figures(_ data: PlotData) -> [HTMLFigure] {
        data.fit.tauCoefficients.enumerated().compactMap { q, coefficient in
            guard let eb = data.level2("EB_\(coefficient)"),
                  let pv = data.level2("PV_\(coefficient)_\(coefficient)") else { return nil }
            let unit = coefficient == "INTRCPT1" ? data.linkScale : "\(data.linkScale) per unit of \(coefficient)"
            return figure(Effect(symbol: "u\(q)j", label: ModelNotation.coefficientLabel(coefficient), units: "units",
                                 scale: unit, source: "the residual file's EB_\(coefficient) and "
                                    + "PV_\(coefficient)_\(coefficient)", comparedWith: "the level-2 model"),
                          eb: eb, variance: pv, ids: data.tables.level2.ids)
        }
    }

    /// What a caterpillar plot shows: the random effect's symbol (`u0j`) and label, what its units are
    /// (`units`, `schools`), the scale of its axis, where its numbers come from and what model a unit's
    /// estimate departs from.
    struct Effect {
        var symbol: String, label: String, units: String, scale: String, source: String, comparedWith: String
    }

    /// The plot of `eb` by unit (`ids` break ties of the sort), with the 95% posterior intervals from the
    /// posterior variances `variance`, or without intervals when `variance` is nil.
    static func figure(_ effect: Effect, eb: [Double], variance: [Double]?, ids: [String]) -> HTMLFigure {
        let order = eb.indices.sorted { (eb[$0], ids[$0]) < (eb[$1], ids[$1]) }
        let intervals = variance.map { variance in
            order.enumerated().map { rank, j in
                let half = 1.96 * variance[j].squareRoot()
                return (x0: Double(rank + 1), y0: eb[j] - half, x1: Double(rank + 1), y1: eb[j] + half)
            }
        }
        let points = order.enumerated().map { rank, j in (x: Double(rank + 1), y: eb[j]) }
        let excluding = intervals?.filter { $0.y0 > 0 || $0.y1 < 0 }.count
        let small = eb.count > 400 ? 1.2 : 2.5
        let range = "The estimates run from \(plotNumber(points.first?.y ?? .nan)) to \(plotNumber(points.last?.y ?? .nan))"
        let marks: [SVGPlot.Mark] = [.reference([(x: 0, y: 0), (x: Double(eb.count + 1), y: 0)])]
            + (intervals.map { [.segments($0, colour: .sky, width: small)] } ?? [])
            + [.points(points, colour: .blue, radius: small)]
        let plot = SVGPlot(
            title: "Caterpillar plot: EB estimates of \(effect.symbol) (\(effect.label))"
                + (intervals == nil ? "" : " with 95% posterior intervals"),
            description: "\(eb.count) \(effect.units)' empirical Bayes estimates of the random effect \(effect.symbol) "
                + "of \(effect.label), sorted from lowest to highest"
                + (intervals == nil ? ". " : ", each with its 95% posterior interval (estimate plus or minus 1.96 "
                    + "posterior standard deviations). ") + range
                + (excluding.map { "; \($0) of the intervals exclude 0." } ?? "."),
            x: PlotAxis(label: "Unit, ranked by its EB estimate (1 = lowest)", covering: [1, Double(max(eb.count, 2))]),
            y: PlotAxis(label: "EB estimate of \(effect.symbol) (\(effect.scale))",
                        covering: (intervals?.flatMap { [$0.y0, $0.y1] } ?? eb), includingZero: true),
            marks: marks)
        let reading = excluding.map { excluding in
            "Each vertical line is one unit's 95% posterior interval, the dot its EB estimate (\(effect.source)). "
                + "Units whose interval lies wholly above or below the dashed zero line differ from what "
                + "\(effect.comparedWith) predicts for them; \(excluding) of \(eb.count) do."
        } ?? "Each dot is one unit's EB estimate (\(effect.source)); the dashed line is zero, what "
            + "\(effect.comparedWith) predicts. The spread shows how much the units differ beyond the model; "
            + "the estimates are shrunken towards zero, more so for units with little data. " + range + "."
        return HTMLFigure(plot, reading: reading)
    }
}
