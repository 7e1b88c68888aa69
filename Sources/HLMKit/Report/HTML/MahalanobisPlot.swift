/// HLM's check of the level-2 residuals' normality: each unit's Mahalanobis distance of its OLS residuals,
/// MDIST = r_j'(V_j + T)^-1 r_j, against the chi-square (q df) quantile expected at its rank (`CHIPCT`),
/// for the units with an OLS fit (Raudenbush & Bryk 2002, ch. 9).
enum MahalanobisPlot {
    /// The figure, or a note when fewer than two units have a distance.
    static func figure(_ data: PlotData) -> HTMLFigure? {
        guard let distances = data.level2("MDIST"), let expected = data.level2("CHIPCT") else { return nil }
        let q = data.fit.tauCoefficients.count
        let title = "Mahalanobis distances against chi-square(\(q)) quantiles (Q-Q plot of the level-2 residuals)"
        let units = distances.indices.filter { distances[$0].isFinite && expected[$0].isFinite }
        guard units.count >= 2 else {
            return HTMLFigure(absent: title, because: "Only \(units.count) of the \(distances.count) units have their "
                + "own OLS fit, which the Mahalanobis distance needs; there is no Q-Q plot.")
        }
        let points = units.map { (x: expected[$0], y: distances[$0]) }
        let largest = units.max { distances[$0] < distances[$1] }!
        let plot = SVGPlot.againstEquality(
            title: title,
            description: "\(units.count) units' Mahalanobis distances of their OLS residuals against the quantiles "
                + "of the chi-square distribution with \(q) d.f. at their ranks, with the line of equality. The "
                + "largest distance, \(plotNumber(distances[largest])) (unit \(data.tables.level2.ids[largest])), "
                + "is expected near \(plotNumber(expected[largest])).",
            xLabel: "Expected chi-square(\(q)) quantile (CHIPCT)", yLabel: "Mahalanobis distance (MDIST, chi-square scale)",
            points: points, colour: .vermillion, includingZero: true)
        return HTMLFigure(plot, reading: "If the random effects are multivariate normal, the dots follow the "
            + "dashed line of equality. Dots far above it at the right are units whose OLS estimates are further "
            + "from the level-2 model than chance allows (possible outliers); a bend of the whole cloud questions "
            + "the normality of the level-2 residuals. Only units with their own OLS fit have a distance.")
    }
}
