import Foundation
import PropertyBased
import Testing
@testable import HLMKit

/// Properties every fit must have (issue 7), on random small data sets (`PropertyData`), for the
/// homogeneous (REML) and heterogeneous-sigma^2 (FML) models.
///
/// The transformed data give the same sums in another order (or exactly scaled ones), so only rounding
/// and where the optimiser stops separate the estimates. The random data sets are small (a few dozen rows),
/// so some directions of the deviance are nearly flat (Newton decrement 1e-14 leaves parameter errors of
/// sqrt(1e-14 / curvature)); the estimates agree to about 1e-7 relative, up to 4e-7 for alphas in the
/// scaling check over many seeds. These randomised checks use 1e-5 so that they never flake; the issue's
/// 1e-8 is checked deterministically on the HS&B data in `HSBInvarianceTests`. Bounds are relative to
/// max(|estimate|, 1% of the largest estimate compared, or of the level-1 variance for Tau). Shrinking is
/// off: each run fits several models.
@Suite("Reliability: invariance properties", .shrinking(false))
struct InvarianceProperties {
    static let runs = 20

    /// gamma, vech(Tau), and sigma^2 or alpha, in the report's order.
    private static func estimates(_ analysis: HLMAnalysis) -> [Double] {
        let fit = analysis.fit
        let tau = fit.tau.enumerated().flatMap { row, values in values.prefix(row + 1) }
        let level1 = fit.level1Variance.map { $0.alpha.map(\.estimate) } ?? [fit.sigma2 ?? .nan]
        return fit.fixedEffects.map(\.estimate) + tau + level1
    }

    private static func expectSame(_ actual: [Double], _ expected: [Double], _ model: PropertyModel, _ what: String,
                                   relative: Double = 1e-5, scale: Double = 0,
                                   sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(actual.count == expected.count, sourceLocation: sourceLocation)
        let scale = max(expected.map(abs).max() ?? 1, scale)
        for (index, (a, e)) in zip(actual, expected).enumerated() {
            expectClose(a, e, absolute: relative * 0.01 * scale, relative: relative, "\(what), estimate \(index)",
                        sourceLocation: sourceLocation)
        }
    }

    /// A change of the data that must leave every estimate as it was.
    enum Transformation: String, CaseIterable, Sendable {
        case shuffledRows, recodedIDs, grandCentredPredictorShifted

        /// The transformed data; `seed` draws the order, the codes, or a constant in [-1000, 1000].
        func apply(to data: PropertyData, seed: UInt64) -> PropertyData {
            switch self {
            case .shuffledRows: return data.shuffled(seed: seed)
            case .recodedIDs: return data.recodedIDs(seed: seed)
            case .grandCentredPredictorShifted: return data.shiftingZ(by: Double(seed % 2_000_001) / 1000 - 1000)
            }
        }
    }

    @Test("estimates do not change with row order, ID coding, or a constant added to a grand-centred predictor",
          arguments: PropertyModel.allCases, Transformation.allCases)
    func invariance(_ model: PropertyModel, _ transformation: Transformation) async {
        await propertyCheck(count: Self.runs, input: Gen.uint64(in: 1...UInt64.max), Gen.uint64(in: 1...UInt64.max)) {
            seed, parameter in
            let data = PropertyData(seed: seed)
            Self.expectSame(Self.estimates(try model.fit(transformation.apply(to: data, seed: parameter))),
                            Self.estimates(try model.fit(data)), model, transformation.rawValue)
        }
    }

    @Test("scaling the outcome by c scales gamma by c, Tau and sigma^2 by c^2, and shifts alpha0 by 2 ln c",
          arguments: PropertyModel.allCases)
    func outcomeScaling(_ model: PropertyModel) async {
        await propertyCheck(count: Self.runs, input: Gen.uint64(in: 1...UInt64.max), Gen.double(in: -3...3)) {
            seed, exponent in
            let c = pow(10, exponent)
            let data = PropertyData(seed: seed)
            let base = try model.fit(data).fit, scaled = try model.fit(data.scalingY(by: c)).fit
            Self.expectSame(scaled.fixedEffects.map(\.estimate), base.fixedEffects.map { c * $0.estimate }, model, "c gamma")
            // Tau is compared on the scale of the level-1 variance too: at a boundary (Tau ~ 0) its entries are
            // where the optimiser stopped, 1e-40 or 1e-90, and only their size next to sigma^2 matters.
            let level1 = base.sigma2 ?? exp(base.level1Variance?.alpha.first?.estimate ?? 0)
            Self.expectSame(scaled.tau.flatMap { $0 }, base.tau.flatMap { $0 }.map { c * c * $0 }, model, "c^2 Tau",
                            scale: c * c * level1)
            if let sigma2 = base.sigma2 {
                Self.expectSame([scaled.sigma2 ?? .nan], [c * c * sigma2], model, "c^2 sigma^2")
            }
            if let alpha = base.level1Variance?.alpha.map(\.estimate) {
                let expected = [alpha[0] + 2 * log(c)] + alpha.dropFirst()
                Self.expectSame(scaled.level1Variance?.alpha.map(\.estimate) ?? [], expected, model, "alpha0 + 2 ln c")
            }
        }
    }

    @Test("the deviance never exceeds the deviance at the starting values, and never rises between iterations",
          arguments: PropertyModel.allCases)
    func devianceDescends(_ model: PropertyModel) async {
        await propertyCheck(count: Self.runs, input: Gen.uint64(in: 1...UInt64.max)) { seed in
            let request = try PropertyData(seed: seed).request(
                models: PropertyModel.equations, variance: model == .heterogeneous ? ["FEMALE"] : [])
            let (level1, level2) = (try CSVTable.read(path: request.level1Path), try CSVTable.read(path: request.level2Path!))
            let variables = VariableCatalog(level1: level1, level2: level2, idColumn: "ID")
                .joinedVariables(for: request.specification)
            let data = try MultilevelData.join(level1: level1, level2: level2, idColumn: "ID",
                                               level1Variables: variables.level1, level2Variables: variables.level2,
                                               missingCodes: [], dropUnmatched: false)
            let design = try ModelDesign.build(data: data, specification: request.specification).homogeneous
            let start = try #require(Likelihood(design: design, method: request.options.method)
                .evaluate(Estimator.startingValues(design, products: .unitTotals(design)), derivatives: false)).deviance
            let analysis = try HLMAnalysis.run(request)
            let homogeneous = analysis.homogeneousFit ?? analysis.fit
            #expect(homogeneous.deviance <= start)
            #expect(analysis.fit.deviance <= homogeneous.deviance * (1 + 1e-13))
            // The heterogeneous fit starts from the homogeneous optimum (alpha_0 = ln sigma^2, alpha_1 = 0).
            var paths = [[start] + homogeneous.history.map(\.deviance)]
            if let first = analysis.homogeneousFit?.deviance { paths.append([first] + analysis.fit.history.map(\.deviance)) }
            for path in paths {
                #expect(zip(path, path.dropFirst()).allSatisfy { $1 <= $0 + 1e-12 * abs($0) }, "\(path)")
            }
        }
    }
}
