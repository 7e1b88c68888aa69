import Testing
@testable import HLMKit

/// With a continuous variance predictor inference takes the rows' weights exp(-c'alpha) four at a time
/// (`VectorExponential`, within 1 ulp of the C library's): the units' OLS fits and the posterior scores agree
/// with the path that calls the C library per row to 1e-12 relative.
@Suite("Vector exponentials in the per-unit inference passes")
struct VectorWeightTests {
    static let theta = CovarianceParameters(cholesky: Matrix([[1.3, 0], [0.4, 0.7]]), alpha: [0.5, -0.3, 0.2])

    static func design() throws -> ModelDesign {
        try FactoredMomentsTests.design(["Y = INTRCPT1 + X1", "INTRCPT1 = INTRCPT2 + W1 + random",
                                         "X1 = INTRCPT2 + W1 + random"])
    }

    static func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-12 * max(abs(a), abs(b), 1e-300) }

    /// Rows of C (1, g, x) whose smallest c'alpha (rows 2, 5 and 9: in lanes 2 and 1 of the four-row loop, and
    /// among the last rows) occurs three times, so that the lanes' minima tie.
    static let tiedRows: [Double] = [
        1, 0.4, -1.2, 1, -0.7, 2.5, 1, 3, -2, 1, 0.1, 0.1, 1, 1.5, 0.3, 1, 3, -2, 1, -2, 4,
        1, 0.25, 0.125, 1, 2.75, -1.5, 1, 3, -2, 1, -0.3, 0.8,
    ]

    /// The weights four rows at a time with their c'alpha in the same loop (`Level1Model.Rows.weights`): within
    /// 1 ulp of the C library's per-row weight (2 with prior weights: one more rounding), for every count of
    /// rows (the last few through the padded vector) and every first row, and the smallest c'alpha's first row
    /// found across the lanes.
    @Test("the rows' weights four at a time agree with the per-row weights, and the first smallest row is found",
          arguments: [false, true])
    func rowWeights(prior: Bool) {
        let n = Self.tiedRows.count / 3, alpha = [0.5, -0.3, 0.2]
        let grouping = Grouping(unitIDs: ["1"], rowOffsets: [0, n])
        var model = Level1Model(variancePredictors: ["INTRCPT1", "G", "X"], varianceRows: Self.tiedRows,
                                centring: ColumnShifts(count: 3), grouping: grouping)
        if prior { model = model.weighted(by: (0..<n).map { 0.5 + Double($0 % 3) }, over: grouping) }
        let out = UnsafeMutablePointer<Double>.allocate(capacity: n)
        defer { out.deallocate() }
        for start in 0...n {
            for end in start...n {
                let lowest = model.varianceRows.withUnsafeBufferPointer {
                    model.rows($0).weights(of: start..<end, alpha: alpha, into: out)
                }
                let values = (start..<end).map { model.logVariance(row: $0, alpha: alpha) }
                let smallest = values.min() ?? .infinity
                #expect(lowest.value == smallest)
                #expect(lowest.row == (values.firstIndex(of: smallest).map { start + $0 } ?? -1))
                for i in start..<end {
                    let reference = model.weight(row: i, alpha: alpha)
                    #expect(abs(out[i - start] - reference) <= (prior ? 2 : 1) * reference.ulp)
                }
            }
        }
    }

    @Test("the units' OLS fits agree")
    func leastSquares() throws {
        let design = try Self.design()
        let vector = UnitLeastSquares.units(of: design, alpha: Self.theta.alpha, vectorExponentials: true)
        let scalar = UnitLeastSquares.units(of: design, alpha: Self.theta.alpha, vectorExponentials: false)
        #expect(vector.count == design.unitCount && scalar.count == design.unitCount)
        for (v, s) in zip(vector, scalar) {
            #expect(v.keptColumns == s.keptColumns)
            #expect(zip(v.coefficients, s.coefficients).allSatisfy { Self.close($0, $1) })
            #expect(Self.close(v.residualSumOfSquares, s.residualSumOfSquares))
        }
    }

    /// The strata of every distinct variance row (each row its own) take the per-row C-library path; their
    /// moments are summed in another order, so the two agree to rounding, not to the bit.
    @Test("the posterior scores agree")
    func scores() throws {
        let design = try Self.design()
        let rows = Likelihood(design: design, method: .fml, source: .rows)
        let scalar = Likelihood(design: design, method: .fml,
                                source: MomentSource.choose(for: design, maximumPatterns: design.rowCount))
        #expect(rows.readsRows && !scalar.readsRows)
        let gamma = try #require(rows.evaluate(Self.theta, derivatives: false)).gamma
        let vector = try #require(rows.unitPosteriors(at: Self.theta, gamma: gamma))
        let reference = try #require(scalar.unitPosteriors(at: Self.theta, gamma: gamma))
        for (v, s) in zip(vector, reference) {
            #expect(v.fixedScore.count == design.fixedCount)
            #expect(zip(v.fixedScore, s.fixedScore).allSatisfy { abs($0 - $1) <= 1e-10 * max(abs($1), 1) })
            #expect(zip(v.mean, s.mean).allSatisfy { abs($0 - $1) <= 1e-10 * max(abs($1), 1) })
        }
    }
}
