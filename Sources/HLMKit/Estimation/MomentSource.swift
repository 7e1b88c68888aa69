/// Where the weighted moments come from: products precomputed once per (unit, stratum) when every variance
/// predictor is categorical (iterations then cost nothing per row), or one pass over the unit's rows.
enum MomentSource {
    case strata(VarianceStrata)
    case rows

    /// Strata when the variance design has at most `maximumPatterns` distinct rows, else `.rows`.
    static func choose(for design: ModelDesign, maximumPatterns: Int = 16) -> MomentSource {
        guard let patterns = VariancePatterns(design, maximumPatterns: maximumPatterns) else { return .rows }
        return .strata(VarianceStrata(design: design, patterns: patterns))
    }
}
