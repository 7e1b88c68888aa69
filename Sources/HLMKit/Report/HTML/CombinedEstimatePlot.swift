/// One parameter of a combined analysis by data set: each fit's estimate Q_m with its 95% interval
/// Q_m +- 1.96 sqrt(U_m), and the combined estimate Qbar with its interval Qbar +- t_{nu, 0.975} sqrt(T) (Barnard
/// and Rubin's nu; normal for a covariance parameter). The spread of the M estimates against their own
/// intervals shows the between-data-set variance B beside the within variance W.
enum CombinedEstimatePlot {
    /// One figure per fixed effect (model-based standard errors, labelled by `fixedEffectLabels`), then one per
    /// covariance parameter when every fit has their standard errors.
    static func figures(_ combined: CombinedAnalysis, fixedEffectLabels: [String]) -> [HTMLFigure] {
        let names = combined.dataSets.names
        let fixed = combined.combination.fixedEffects.enumerated().map { index, pooled in
            figure(label: fixedEffectLabels[index], kind: "fixed effect", names: names, pooled: pooled,
                   estimates: combined.analyses.map { ($0.fit.fixedEffects[index].estimate, $0.fit.fixedEffects[index].standardError) })
        }
        let parameters = combined.analyses.map { $0.inference?.covarianceParameters ?? [] }
        let covariance = combined.combination.covarianceParameters.enumerated().compactMap { index, pooled -> HTMLFigure? in
            guard parameters.allSatisfy({ $0.count > index }) else { return nil }
            return figure(label: pooled.parameter, kind: "covariance parameter", names: names, pooled: pooled,
                          estimates: parameters.map { ($0[index].estimate, $0[index].standardError) })
        }
        return fixed + covariance
    }

    /// The plot of one parameter: the data sets at x = 1 ... M, the combined estimate at M + 1.
    private static func figure(label: String, kind: String, names: [String], pooled: PooledEstimate,
                               estimates: [(estimate: Double, standardError: Double)]) -> HTMLFigure {
        let m = estimates.count
        let half = Distributions.studentTQuantile(0.975, degreesOfFreedom: pooled.degreesOfFreedom) * pooled.standardError
        let intervals = estimates.enumerated().map { index, each in
            (x0: Double(index + 1), y0: each.estimate - 1.96 * each.standardError,
             x1: Double(index + 1), y1: each.estimate + 1.96 * each.standardError)
        }
        let combinedInterval = (x0: Double(m + 1), y0: pooled.estimate - half, x1: Double(m + 1), y1: pooled.estimate + half)
        let all = intervals.flatMap { [$0.y0, $0.y1] } + [combinedInterval.y0, combinedInterval.y1]
        let xAxis = PlotAxis(label: "Data set", categories: names.enumerated().map { (Double($0 + 1), $1) }
                                + [(Double(m + 1), "Combined")])
        let range = estimates.map(\.estimate).finiteRange
        let df = pooled.degreesOfFreedom.isInfinite ? "normal" : "t with \(plotNumber(pooled.degreesOfFreedom)) d.f."
        let plot = SVGPlot(
            title: "\(label): the \(m) estimates and the combined estimate",
            description: "The \(kind) \(label) estimated on each of \(m) data sets (\(names.joined(separator: ", "))) "
                + "with 95% intervals, from \(plotNumber(range?.lower ?? .nan)) to \(plotNumber(range?.upper ?? .nan)), "
                + "and the combined estimate \(plotNumber(pooled.estimate)) with its 95% interval "
                + "\(plotNumber(combinedInterval.y0)) to \(plotNumber(combinedInterval.y1)) (\(df)); fraction of "
                + "missing information \(plotNumber(pooled.fractionMissingInformation)).",
            x: xAxis, y: PlotAxis(label: "Estimate of \(label)", covering: all),
            marks: [.reference([(x: xAxis.lower, y: pooled.estimate), (x: xAxis.upper, y: pooled.estimate)]),
                    .segments(intervals, colour: .sky, width: 2.5),
                    .points(estimates.enumerated().map { (x: Double($0 + 1), y: $1.estimate) }, colour: .blue, radius: 4),
                    .segments([combinedInterval], colour: .vermillion, width: 3),
                    .points([(x: Double(m + 1), y: pooled.estimate)], colour: .vermillion, radius: 5)],
            legend: [("each data set ± 1.96 SE", .blue), ("combined, Rubin's rules", .vermillion)])
        return HTMLFigure(plot, reading: "Blue: each data set's estimate with its 95% interval; red: the combined "
            + "estimate (their mean, also the dashed line) with its interval from the total variance T = W + (1 + 1/M) "
            + "B (\(df)). Estimates that scatter widely against their own intervals mean much missing information "
            + "(here FMI = \(plotNumber(pooled.fractionMissingInformation))), and the combined interval is then "
            + "wider than any single one.")
    }
}
