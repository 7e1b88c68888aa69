extension ReportDocument {
    /// `weights`: the design weights a weighted fit used, `WeightSummary` as it is (its `CodingKeys` are the
    /// schema's): the columns (null when not given), the level-1 normalisation (`size` or `raw`), the normalised
    /// weights' sums and effective sample sizes (sum w)^2 / sum w^2 at each level, and the rows and units
    /// excluded for a zero weight.
    typealias Weights = WeightSummary
}
