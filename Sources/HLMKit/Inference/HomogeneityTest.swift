/// The test of homogeneity of the level-1 variance across units (Raudenbush & Bryk 2002, eq. 9.6).
///
/// Over the units whose own OLS fit has f_j = n_j - rank(X_j) >= `minimumDegreesOfFreedom` residual df, with
/// s_j^2 = RSS_j / f_j from the unweighted fit: L = sum f_j ln s_j^2 / sum f_j, d_j = (ln s_j^2 - L) / sqrt(2/f_j),
/// H = sum d_j^2, chi-square on (units used - 1) df under homogeneity.
public struct HomogeneityTest: Sendable, Equatable {
    /// H.
    public var chiSquare: Double
    /// Units used - 1.
    public var degreesOfFreedom: Int
    /// Upper-tail chi-square p.
    public var pValue: Double
    /// Units with at least `minimumDegreesOfFreedom` residual df.
    public var unitsUsed: Int
    /// All units of the fit.
    public var unitCount: Int
    /// The residual df a unit needs to enter the test (HLM: 10).
    public var minimumDegreesOfFreedom: Int
}
