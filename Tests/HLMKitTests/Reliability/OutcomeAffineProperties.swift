import Foundation
import PropertyBased
import Testing
@testable import HLMKit

/// Issue 11, section 1, randomised: the outcome y -> c y + s with c = +-10^e, e uniform in [-10, 10], and
/// s = c t, t uniform in [-1e8, 1e8] (so a shift of up to 1e9 for c near 10, and never one that would
/// erase the data's own digits: the files carry c y + s to about 1e-16 |s|, 1e-8 of the data's spread),
/// on the random small data sets of `PropertyData`, homogeneous (REML) and heterogeneous (FML).
///
/// gamma -> c gamma (+ s on the intercept), Tau -> c^2 Tau, sigma^2 -> c^2 sigma^2, alpha_0 -> alpha_0 +
/// 2 ln|c|, deviance -> deviance + 2 N ln|c| (FML) or 2 (N - p) ln|c| (REML). Bounds as in
/// `InvarianceProperties` (1e-5, relative to the largest estimate compared), and 1e-6 on the deviance.
@Suite("Reliability: the outcome's scale and shift", .shrinking(false))
struct OutcomeAffineProperties {
    @Test("estimates and deviance transform exactly under y -> c y + s", arguments: PropertyModel.allCases)
    func affineOutcome(_ model: PropertyModel) async {
        await propertyCheck(count: 20, input: Gen.uint64(in: 1...UInt64.max), Gen.double(in: -10...10),
                            Gen.double(in: -1e8...1e8)) { seed, exponent, relativeShift in
            let c = (seed % 2 == 0 ? 1 : -1) * pow(10, exponent), s = c * relativeShift
            let data = PropertyData(seed: seed)
            let base = try model.fit(data).fit
            let fit = try model.fit(data.transformingY(scale: c, shift: s)).fit
            #expect(fit.convergence.converged, "\(fit.convergence.message)")
            let gamma = fit.fixedEffects.map { effect in
                effect.estimate - (effect.coefficient == "INTRCPT1" && effect.predictor == "INTRCPT2" ? s : 0)
            }
            Self.expectSame(gamma, base.fixedEffects.map { c * $0.estimate }, "c gamma (+ s)")
            Self.expectSame(fit.fixedEffects.map(\.standardError), base.fixedEffects.map { abs(c) * $0.standardError },
                            "|c| SE")
            let level1 = base.sigma2 ?? exp(base.level1Variance?.alpha.first?.estimate ?? 0)
            Self.expectSame(fit.tau.flatMap { $0 }, base.tau.flatMap { $0 }.map { c * c * $0 }, "c^2 Tau",
                            scale: c * c * level1)
            if let sigma2 = base.sigma2 { Self.expectSame([fit.sigma2 ?? .nan], [c * c * sigma2], "c^2 sigma^2") }
            if let alpha = base.level1Variance?.alpha.map(\.estimate) {
                Self.expectSame(fit.level1Variance?.alpha.map(\.estimate) ?? [],
                                [alpha[0] + 2 * log(abs(c))] + alpha.dropFirst(), "alpha0 + 2 ln|c|")
            }
            let n = Double(data.rows.count), p = Double(base.fixedEffects.count)
            let jacobian = 2 * (model == .heterogeneous ? n : n - p) * log(abs(c))
            expectClose(fit.deviance, base.deviance + jacobian, absolute: 1e-6 * max(1, abs(jacobian)), "deviance")
        }
    }

    /// Each estimate within 1e-7 of the largest compared (or `scale`) or 1e-5 relative.
    static func expectSame(_ actual: [Double], _ expected: [Double], _ what: String, scale: Double = 0,
                                   sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(actual.count == expected.count, sourceLocation: sourceLocation)
        let scale = max(expected.map(abs).max() ?? 1, scale)
        for (index, (a, e)) in zip(actual, expected).enumerated() {
            expectClose(a, e, absolute: 1e-7 * scale, relative: 1e-5, "\(what), estimate \(index)",
                        sourceLocation: sourceLocation)
        }
    }
}

extension PropertyData {
    /// The outcome replaced by `scale` y + `shift`.
    func transformingY(scale: Double, shift: Double) -> PropertyData {
        var copy = self
        copy.rows = rows.map { Row(id: $0.id, y: scale * $0.y + shift, x: $0.x, z: $0.z, female: $0.female) }
        return copy
    }
}
