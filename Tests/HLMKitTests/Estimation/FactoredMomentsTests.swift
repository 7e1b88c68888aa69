import Testing
@testable import HLMKit

/// The row pass over base-column products (`RowFactors`, `FactoredMoments`) gives the moments the row-by-row
/// pass over the design's columns gives: the deviance, gradient and expected information agree to 1e-12
/// relative, with cross-level products, a group-centred slope, REML and full ML, and prior weights.
@Suite("Factored moments against the row-by-row pass")
struct FactoredMomentsTests {
    static let theta = CovarianceParameters(cholesky: Matrix([[1.3, 0], [0.4, 0.7]]), alpha: [0.5, -0.3, 0.2])

    static func design(_ models: [String], variance: [String] = ["X1", "X2"]) throws -> ModelDesign {
        let specification = try ModelSpecification.parse(models: models, variancePredictors: variance)
        return try ModelDesign.build(data: LikelihoodDerivativeTests.data(), specification: specification)
    }

    static let models = [
        ["Y = INTRCPT1 + X1 + X2", "INTRCPT1 = INTRCPT2 + W1 + random", "X1 = INTRCPT2 + W1 + random",
         "X2 = INTRCPT2 + W1"],
        ["Y = INTRCPT1 + group(X1) + X2", "INTRCPT1 = INTRCPT2 + grand(W1) + random",
         "X1 = INTRCPT2 + W1 + random"],
    ]

    @Test("deviance, gradient and information agree", arguments: [EstimationMethod.fml, .reml], [0, 1])
    func agrees(method: EstimationMethod, model: Int) throws {
        let design = try Self.design(Self.models[model])
        let factors = try #require(design.rowFactors)
        #expect(factors.baseCount < design.rowWidth - 1)
        try expectSameEvaluation(design, method: method)
    }

    /// Models with at most two non-constant base columns (one level-1 predictor and the outcome, or the outcome
    /// alone), whose rows take the vector loop (`FactoredMoments.accumulateNarrow`).
    static let narrowModels = [
        ["Y = INTRCPT1 + X1", "INTRCPT1 = INTRCPT2 + W1 + random", "X1 = INTRCPT2 + W1 + random"],
        ["Y = INTRCPT1 + group(X1)", "INTRCPT1 = INTRCPT2 + random", "X1 = INTRCPT2 + grand(W1)"],
        ["Y = INTRCPT1", "INTRCPT1 = INTRCPT2 + W1 + random"],
    ]

    @Test("the vector loop of one or two base columns agrees", arguments: [EstimationMethod.fml, .reml], [0, 1, 2])
    func narrowAgrees(method: EstimationMethod, model: Int) throws {
        let design = try Self.design(Self.narrowModels[model])
        let factors = try #require(design.rowFactors)
        #expect(factors.baseCount <= 2)
        let theta = design.randomCount == 2 ? Self.theta
            : CovarianceParameters(cholesky: Matrix([[1.1]]), alpha: [0.5, -0.3, 0.2])
        try expectSameEvaluation(design, method: method, theta: theta)
    }

    /// The vector loop's sweeps over a unit's rows for each number of alphas: S_1 and SQ_11 (H = 1), S_h with
    /// up to two SQ_hl per sweep (H = 2, and H = 3, whose sweep for h = 1 adds SQ_11 and SQ_12, then SQ_13).
    @Test("the vector loop agrees for one, two and three variance predictors",
          arguments: [EstimationMethod.fml, .reml], [["X1"], ["X1", "X2"], ["X1", "X2", "W1"]])
    func narrowAgreesForEachVarianceWidth(method: EstimationMethod, variance: [String]) throws {
        let design = try Self.design(Self.narrowModels[0], variance: variance)
        #expect(try #require(design.rowFactors).baseCount == 2)
        let theta = CovarianceParameters(cholesky: Self.theta.cholesky,
                                         alpha: Array([0.5, -0.3, 0.2, 0.4].prefix(variance.count + 1)))
        try expectSameEvaluation(design, method: method, theta: theta)
    }

    /// A continuous variance predictor: the passes read the base columns from their narrow copy, the same
    /// numbers as the design's rows hold, so the same moments to the last bit; without one (or with a
    /// categorical one, whose strata need no pass over the rows) there is no copy.
    @Test("the narrow copy of the base columns holds the rows' numbers and gives the same moments",
          arguments: [true, false])
    func baseRows(wide: Bool) throws {
        let design = try Self.design(wide ? Self.models[0] : Self.narrowModels[0])
        // The likelihood chooses the rows as its source and makes the copy; given a source, it makes none.
        let chosen = Likelihood(design: design, method: .fml)
        #expect(chosen.readsRows)
        #expect(try #require(design.rowFactors).baseRows.isEmpty)
        let factors = try #require(chosen.design.rowFactors)
        let m = factors.baseCount, k = design.rowWidth
        #expect(factors.baseRows.count == design.rowCount * m)
        for i in 0..<design.rowCount {
            for s in 0..<m { #expect(factors.baseRows[i * m + s] == design.rows[i * k + factors.base[s]]) }
        }
        for method in [EstimationMethod.fml, .reml] {
            let copy = try #require(Likelihood(design: chosen.design, method: method, source: .rows)
                .evaluate(Self.theta, derivatives: true))
            let rows = try #require(Likelihood(design: design, method: method, source: .rows)
                .evaluate(Self.theta, derivatives: true))
            #expect(copy.deviance == rows.deviance)
            #expect(copy.gradient == rows.gradient)
            #expect(copy.information.storage == rows.information.storage)
        }
        for variance in [[], ["X2"]] {
            let other = try Self.design(wide ? Self.models[0] : Self.narrowModels[0], variance: variance)
            #expect(try #require(Likelihood(design: other, method: .fml).design.rowFactors).baseRows.isEmpty)
        }
    }

    /// The row loop of three base columns with derivatives, and the vector loop without.
    @Test("the pass finds the smallest ln sigma^2 and its first row, as a scan of C does", arguments: [true, false])
    func lowestLogVariance(wide: Bool) throws {
        let design = try Self.design(wide ? Self.models[0] : Self.narrowModels[0])
        let evaluation = try #require(Likelihood(design: design, method: .fml, source: .rows)
            .evaluate(Self.theta, derivatives: wide))
        let values = (0..<design.rowCount).map { design.level1.logVariance(row: $0, alpha: Self.theta.alpha) }
        let smallest = try #require(values.min())
        #expect(evaluation.lowestLogVariance.value == smallest)
        #expect(evaluation.lowestLogVariance.row == values.firstIndex(of: smallest))
        let row = evaluation.lowestLogVariance.row
        let found = Likelihood(design: design, method: .fml, source: .rows).smallestLogVariance(Self.theta.alpha, at: evaluation)
        #expect(found.c == design.level1.varianceRow(row))
    }

    @Test("prior weights enter the factored pass as they enter the row pass")
    func priorWeights() throws {
        var design = try Self.design(Self.models[0])
        let weights = (0..<design.rowCount).map { 0.5 + Double($0 % 5) * 0.25 }
        design.level1 = design.level1.weighted(by: weights, over: design.grouping)
        try expectSameEvaluation(design, method: .fml)
    }

    @Test("a slope whose level-1 column appears only times a level-2 value has no factors")
    func noFactors() throws {
        let design = try Self.design(["Y = INTRCPT1 + X1", "INTRCPT1 = INTRCPT2 + random", "X1 = W1"])
        #expect(design.rowFactors == nil)
    }

    /// Level-1 predictors without level-2 ones have as many base columns as the design has columns: their
    /// products per row are no fewer, so the design takes the row-by-row passes (a wide design's units'
    /// products would also outgrow its rows).
    @Test("level-1 predictors without level-2 ones take the row-by-row passes")
    func widePassesRowByRow() throws {
        let wide = try Self.design(["Y = INTRCPT1 + X1 + X2", "INTRCPT1 = INTRCPT2 + random"])
        #expect(wide.rowFactors == nil)
        let withLevel2 = try Self.design(["Y = INTRCPT1 + X1 + X2", "INTRCPT1 = INTRCPT2 + W1 + random",
                                          "X1 = INTRCPT2 + W1", "X2 = INTRCPT2 + W1"])
        #expect(withLevel2.rowFactors != nil)
    }

    private func expectSameEvaluation(_ design: ModelDesign, method: EstimationMethod,
                                      theta: CovarianceParameters = Self.theta) throws {
        var rowByRow = design
        rowByRow.rowFactors = nil
        let factored = try #require(Likelihood(design: design, method: method, source: .rows)
            .evaluate(theta, derivatives: true))
        let reference = try #require(Likelihood(design: rowByRow, method: method, source: .rows)
            .evaluate(theta, derivatives: true))
        #expect(factored.rowsVisited == reference.rowsVisited)
        #expect(factored.lowestLogVariance == reference.lowestLogVariance)
        #expect(abs(factored.deviance - reference.deviance) <= 1e-12 * abs(reference.deviance))
        for (a, b) in zip(factored.gamma + factored.gradient, reference.gamma + reference.gradient) {
            #expect(abs(a - b) <= 1e-10 * max(abs(b), 1))
        }
        for (a, b) in zip(factored.information.storage, reference.information.storage) {
            #expect(abs(a - b) <= 1e-10 * max(abs(b), 1))
        }
    }
}
