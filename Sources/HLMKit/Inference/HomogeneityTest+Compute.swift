import HLMPlatform

extension HomogeneityTest {
    /// The test over the units of `unitFits` (unweighted OLS fits) with at least `minimumDegreesOfFreedom`
    /// residual df and a positive residual sum of squares; H = 0 on 0 df (p = NaN) when fewer than 2 qualify.
    init(_ unitFits: [UnitLeastSquares], minimumDegreesOfFreedom: Int) {
        let used = unitFits.filter {
            $0.residualDegreesOfFreedom >= max(minimumDegreesOfFreedom, 1) && $0.residualSumOfSquares > 0
        }
        let f = used.map { Double($0.residualDegreesOfFreedom) }
        let logS2 = zip(used, f).map { log($0.residualSumOfSquares / $1) }
        let pooled = zip(f, logS2).reduce(0.0) { $0 + $1.0 * $1.1 } / f.reduce(0, +)
        let h = zip(f, logS2).reduce(0.0) { sum, pair in
            let d = (pair.1 - pooled) / (2 / pair.0).squareRoot()
            return sum + d * d
        }
        let df = used.count - 1
        self.init(chiSquare: df >= 1 ? h : 0, degreesOfFreedom: max(df, 0),
                  pValue: df >= 1 ? Distributions.chiSquareUpperTail(h, degreesOfFreedom: Double(df)) : .nan,
                  unitsUsed: used.count, unitCount: unitFits.count, minimumDegreesOfFreedom: minimumDegreesOfFreedom)
    }
}
