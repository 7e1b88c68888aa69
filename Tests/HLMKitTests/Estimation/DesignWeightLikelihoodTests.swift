import Foundation
import Testing
@testable import HLMKit

/// The pseudo-likelihood of design weights (`Level1Model.designWeighted`) against an exact identity: with whole
/// weights, prod_i f(y_i | u)^(a_i) is the unit with row i repeated a_i times (the copies share u), and a unit's
/// log-likelihood times b_j is b_j copies of the unit (each with its own u). So raw level-1 weights of 1 and 2
/// and level-2 weights of 1 and 2 give the deviance, gamma_hat, gradient and expected information of the
/// duplicated data set, for homogeneous and heterogeneous sigma^2, whichever way the moments are formed.
struct DesignWeightLikelihoodTests {
    /// Three units of rows (x, g, y, level-1 weight); unit 1 has level-2 weight 2.
    static let units: [[(x: Double, g: Double, y: Double, a: Int)]] = [
        [(-0.9, 0, 1.2, 1), (-0.1, 1, 2.0, 2), (0.4, 0, 2.9, 1), (0.8, 1, 3.1, 2), (0.2, 0, 1.7, 1)],
        [(-0.7, 1, 0.3, 2), (0.2, 0, 1.1, 1), (0.6, 1, 1.0, 1), (0.1, 0, 0.2, 1)],
        [(-0.5, 0, 2.2, 1), (0.1, 1, 2.4, 2), (0.3, 0, 3.3, 2), (0.9, 1, 3.0, 1), (0.5, 0, 2.1, 1)],
    ]
    static let unitWeights: [Int] = [1, 2, 1]

    /// The random-slope design (log sigma^2 = alpha_0 + alpha_1 G when `heterogeneous`), either with the
    /// weights as design weights or with every row repeated a_i times and every unit b_j times.
    static func design(duplicated: Bool, heterogeneous: Bool) throws -> ModelDesign {
        let specification = try ModelSpecification.parse(
            models: ["Y = INTRCPT1 + X", "INTRCPT1 = INTRCPT2 + random", "X = INTRCPT2 + random"],
            variancePredictors: heterogeneous ? ["G"] : [])
        let rows = units.map { unit in unit.map { ["X": $0.x, "G": $0.g, "Y": $0.y] } }
        guard duplicated else {
            var design = try ModelDesign.build(data: SyntheticData.make(rows), specification: specification)
            design.level1 = design.level1.designWeighted(level1: units.flatMap { $0.map { Double($0.a) } },
                                                         level2: unitWeights.map(Double.init), over: design.grouping)
            return design
        }
        let copies = zip(units, unitWeights).flatMap { unit, b in
            Array(repeating: unit.flatMap { row in
                Array(repeating: ["X": row.x, "G": row.g, "Y": row.y], count: row.a)
            }, count: b)
        }
        return try ModelDesign.build(data: SyntheticData.make(copies), specification: specification)
    }

    @Test("Whole design weights are duplicated rows and units", arguments: [false, true])
    func weightsAreDuplication(heterogeneous: Bool) throws {
        let weighted = try Self.design(duplicated: false, heterogeneous: heterogeneous)
        let duplicated = try Self.design(duplicated: true, heterogeneous: heterogeneous)
        var l = Matrix(rows: 2, columns: 2)
        (l[0, 0], l[1, 0], l[1, 1]) = (0.8, 0.2, 0.5)
        let theta = CovarianceParameters(cholesky: l, alpha: heterogeneous ? [0.1, -0.4] : [0.1])
        let reference = try #require(Likelihood(design: duplicated, method: .fml).evaluate(theta, derivatives: true))
        let sources: [MomentSource] = heterogeneous ? [MomentSource.choose(for: weighted), .rows]
            : [.strata(.unitTotals(weighted)), MomentSource.choose(for: weighted), .rows]
        for source in sources {
            let evaluation = try #require(Likelihood(design: weighted, method: .fml, source: source)
                .evaluate(theta, derivatives: true))
            // The shifted outcome's mean differs (unweighted rows here, copies there): compare on the user's scale.
            expectClose(evaluation.deviance, reference.deviance, relative: 1e-12, "deviance")
            for (a, b) in zip(weighted.reportedGamma(evaluation.gamma), duplicated.reportedGamma(reference.gamma)) {
                expectClose(a, b, absolute: 1e-11, "gamma")
            }
            for (a, b) in zip(evaluation.gradient, reference.gradient) { expectClose(a, b, absolute: 1e-9, "gradient") }
            for (a, b) in zip(evaluation.information.storage, reference.information.storage) {
                expectClose(a, b, absolute: 1e-9, relative: 1e-11, "information")
            }
        }
    }

    @Test("The sandwich is the duplicated data's with each unit's copies as one cluster")
    func sandwichClustersUnits() throws {
        let weighted = try Self.design(duplicated: false, heterogeneous: false)
        let duplicated = try Self.design(duplicated: true, heterogeneous: false)
        var l = Matrix(rows: 2, columns: 2)
        (l[0, 0], l[1, 1]) = (0.7, 0.3)
        let theta = CovarianceParameters(cholesky: l, alpha: [0.2])
        func sandwich(_ design: ModelDesign, clusters: [[Int]]) throws -> Matrix {
            let likelihood = Likelihood(design: design, method: .fml)
            let evaluation = try #require(likelihood.evaluate(theta, derivatives: false))
            let posteriors = try #require(likelihood.unitPosteriors(at: theta, gamma: evaluation.gamma))
            let merged = clusters.map { members in
                var unit = posteriors[members[0]]
                for m in members.dropFirst() {
                    unit.fixedScore = zip(unit.fixedScore, posteriors[m].fixedScore).map { $0 + $1 }
                }
                return unit
            }
            let covariance = Inference.robustCovariance(merged, phiFactor: evaluation.phiFactor)
            return design.standardisation.fixed.userCovariance(covariance)
        }
        let expected = try sandwich(duplicated, clusters: [[0], [1, 2], [3]])
        let actual = try sandwich(weighted, clusters: [[0], [1], [2]])
        for (a, b) in zip(actual.storage, expected.storage) {
            expectClose(a, b, absolute: 1e-12, relative: 1e-10, "robust covariance of gamma")
        }
    }
}
