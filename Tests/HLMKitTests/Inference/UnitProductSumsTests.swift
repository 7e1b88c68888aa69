import Testing
@testable import HLMKit

/// The units' OLS fits and the posterior scores take their sums from the units' products of the base columns
/// (`UnitProductSums`) instead of a pass over the rows: the build's products when every row of a unit carries
/// one weight, else the weighted ones the posterior pass reads off the units' moments. On a data set of several
/// chunks of units, both agree with the row pass to 1e-12 (the OLS fits where X is grand-centred: an
/// uncentred X far from zero is centred internally, and its fits keep the row pass on the user's column).
@Suite("Inference from the units' products")
struct UnitProductSumsTests {
    /// The model with X grand-centred.
    static let models = ["Y = INTRCPT1 + grand(X)", "INTRCPT1 = INTRCPT2 + W + random", "X = INTRCPT2 + W + random"]

    /// Homogeneous designs of `UnitChunkPassTests`' 900 units: the model with X grand-centred and
    /// uncentred, and the null model.
    static func designs() throws -> [ModelDesign] {
        let data = UnitChunkPassTests.data()
        return try [models, UnitChunkPassTests.models, ["Y = INTRCPT1", "INTRCPT1 = INTRCPT2 + random"]].map {
            try ModelDesign.build(data: data, specification: ModelSpecification.parse(models: $0))
        }
    }

    /// |a - b| within 1e-12 of the larger or of `scale`.
    static func close(_ a: Double, _ b: Double, scale: Double = 1) -> Bool {
        abs(a - b) <= 1e-12 * max(abs(a), abs(b), scale)
    }

    @Test("the products apply only where each unit's rows share one weight")
    func applicability() throws {
        let homogeneous = try Self.designs()[1]
        #expect(UnitProductSums(design: homogeneous, alpha: nil) != nil)
        #expect(UnitProductSums(design: homogeneous, alpha: [0.3]) != nil)
        let heterogeneous = try UnitChunkPassTests.design(variance: ["G", "X"])
        #expect(UnitProductSums(design: heterogeneous, alpha: nil) != nil)
        #expect(UnitProductSums(design: heterogeneous, alpha: [0.3, -0.4, 0.5]) == nil)
        #expect(UnitProductSums.momentEntries(of: heterogeneous) != nil)
        // X and G fixed only: their product u_X u_G is in no unit's moments.
        let fixedOnly = try ModelDesign.build(
            data: UnitChunkPassTests.data(),
            specification: ModelSpecification.parse(models: ["Y = INTRCPT1 + X + G", "INTRCPT1 = INTRCPT2 + W + random"],
                                                    variancePredictors: ["G"]))
        #expect(fixedOnly.rowFactors != nil && UnitProductSums.momentEntries(of: fixedOnly) == nil)
        var weighted = homogeneous
        weighted.level1 = weighted.level1.weighted(by: (0..<weighted.rowCount).map { 1 + Double($0 % 3) },
                                                   over: weighted.grouping)
        #expect(UnitProductSums(design: weighted, alpha: nil) == nil)
        // X uncentred around 5 is centred internally: its scores come from the products, its OLS fits do not.
        #expect(UnitProductSums(design: homogeneous, alpha: nil)?.fitsLevel1 == false)
        #expect(try Self.designs().map { UnitProductSums(design: $0, alpha: nil)?.fitsLevel1 } == [true, false, true])
    }

    @Test("the units' OLS fits agree with the row pass", arguments: [nil, [0.3]] as [[Double]?])
    func leastSquares(alpha: [Double]?) throws {
        for design in try Self.designs() {
            let products = UnitLeastSquares.units(of: design, alpha: alpha)
            let rows = UnitLeastSquares.units(of: design, alpha: alpha, fromProducts: false)
            #expect(products.count == design.unitCount && rows.count == design.unitCount)
            for (a, b) in zip(products, rows) {
                #expect(a.rowCount == b.rowCount && a.keptColumns == b.keptColumns)
                #expect(zip(a.coefficients, b.coefficients).allSatisfy { Self.close($0, $1) })
                #expect(Self.close(a.residualSumOfSquares, b.residualSumOfSquares))
                #expect((a.covariance == nil) == (b.covariance == nil))
                if let ca = a.covariance, let cb = b.covariance {
                    #expect(zip(ca.storage, cb.storage).allSatisfy { Self.close($0, $1) })
                }
            }
        }
    }

    @Test("the posterior scores agree with the row pass")
    func scores() throws {
        for design in try Self.designs() {
            let q = design.randomCount
            let cholesky = q == 2 ? Matrix([[0.9, 0], [0.2, 0.4]]) : Matrix([[0.9]])
            let theta = CovarianceParameters(cholesky: cholesky, alpha: [-1.2])
            let likelihood = Likelihood(design: design, method: .fml, source: MomentSource.choose(for: design))
            let gamma = try #require(likelihood.evaluate(theta, derivatives: false)).gamma
            let products = try #require(likelihood.unitPosteriors(at: theta, gamma: gamma))
            let rows = try #require(likelihood.unitPosteriors(at: theta, gamma: gamma, fromProducts: false))
            #expect(products.count == design.unitCount)
            var moved = false
            for (a, b) in zip(products, rows) {
                #expect(a.mean == b.mean)
                #expect(a.fixedScore.count == design.fixedCount)
                // A unit's score is a difference of sums of the size of X'WX gamma: judged on that scale.
                #expect(zip(a.fixedScore, b.fixedScore).allSatisfy { Self.close($0, $1, scale: 10) })
                moved = moved || a.fixedScore.contains { abs($0) > 1e-3 }
            }
            #expect(moved)
        }
    }

    /// A continuous variance predictor: the posterior pass reads each unit's weighted products off its moments
    /// (the factored row pass, `FactoredMoments`), and they give the scores and the weighted OLS fits.
    @Test("with a heterogeneous variance the moments' products give the row pass's scores and OLS fits")
    func heterogeneous() throws {
        let design = try ModelDesign.build(data: UnitChunkPassTests.data(),
                                           specification: ModelSpecification.parse(models: Self.models,
                                                                                   variancePredictors: ["G", "X"]))
        let theta = CovarianceParameters(cholesky: Matrix([[0.9, 0], [0.2, 0.4]]), alpha: [0.3, -0.4, 0.5])
        let likelihood = Likelihood(design: design, method: .fml, source: .rows)
        #expect(likelihood.readsRows)
        let gamma = try #require(likelihood.evaluate(theta, derivatives: false)).gamma
        let pass = try #require(likelihood.unitPosteriorsAndWeightedProducts(at: theta, gamma: gamma))
        let weighted = try #require(pass.weightedProducts)
        #expect(weighted.count == design.unitCount * design.rowFactors!.productCount)
        let rows = try #require(likelihood.unitPosteriors(at: theta, gamma: gamma, fromProducts: false))
        for (a, b) in zip(pass.posteriors, rows) {
            #expect(a.mean == b.mean)
            #expect(zip(a.fixedScore, b.fixedScore).allSatisfy { Self.close($0, $1, scale: 10) })
        }
        let fits = UnitLeastSquares.units(of: design, alpha: theta.alpha, weightedProducts: weighted)
        let reference = UnitLeastSquares.units(of: design, alpha: theta.alpha, vectorExponentials: true,
                                               fromProducts: false)
        for (a, b) in zip(fits, reference) {
            #expect(a.keptColumns == b.keptColumns)
            #expect(zip(a.coefficients, b.coefficients).allSatisfy { Self.close($0, $1) })
            #expect(Self.close(a.residualSumOfSquares, b.residualSumOfSquares))
        }
    }
}
