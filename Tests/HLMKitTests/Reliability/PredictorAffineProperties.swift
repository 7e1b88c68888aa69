import Foundation
import PropertyBased
import Testing
@testable import HLMKit

/// Issue 11, section 1, randomised: the uncentred predictors of `PropertyModel` (level-1 X, a fixed slope,
/// and level-2 W) rescaled and shifted, X -> c (X + t) and W -> (W - t / 2) / c, with c = +-10^e, e uniform
/// in [-6, 6], and t uniform in [-1e6, 1e6] (so a shift of up to 1e6 spreads of the predictor), on the random
/// small data sets of `PropertyData`, homogeneous (REML) and heterogeneous (FML).
///
/// A predictor v -> a (v + b) divides its slope by a and moves the intercept by -b times the slope:
/// gamma_X -> gamma_X / c, gamma_W -> c gamma_W, gamma_00 -> gamma_00 - t gamma_X + (t / 2) gamma_W; Tau,
/// sigma^2 and alpha are unchanged; the FML deviance is unchanged and the REML one rises by 2 ln|det D| =
/// 2 ln|c| + 2 ln|1 / c| = 0 (the shifts have determinant 1). Bounds as in `OutcomeAffineProperties`.
@Suite("Reliability: the predictors' scale and shift", .shrinking(false))
struct PredictorAffineProperties {
    @Test("estimates and deviance transform exactly under X -> c (X + t), W -> (W - t / 2) / c",
          arguments: PropertyModel.allCases)
    func affinePredictors(_ model: PropertyModel) async {
        await propertyCheck(count: 20, input: Gen.uint64(in: 1...UInt64.max), Gen.double(in: -6...6),
                            Gen.double(in: -1e6...1e6)) { seed, exponent, t in
            let c = (seed % 2 == 0 ? 1 : -1) * pow(10, exponent)
            let data = PropertyData(seed: seed)
            let base = try model.fit(data).fit
            let fit = try model.fit(data.transformingPredictors(c: c, t: t)).fit
            #expect(fit.convergence.converged, "\(fit.convergence.message)")
            let g = Dictionary(uniqueKeysWithValues: base.fixedEffects.map { ("\($0.coefficient)/\($0.predictor)", $0.estimate) })
            let expected = base.fixedEffects.map { effect -> Double in
                switch "\(effect.coefficient)/\(effect.predictor)" {
                case "INTRCPT1/INTRCPT2": return effect.estimate - t * g["X/INTRCPT2"]! + t / 2 * g["INTRCPT1/W"]!
                case "X/INTRCPT2": return effect.estimate / c
                case "INTRCPT1/W": return effect.estimate * c
                default: return effect.estimate
                }
            }
            OutcomeAffineProperties.expectSame(fit.fixedEffects.map(\.estimate), expected, "gamma")
            let level1 = base.sigma2 ?? exp(base.level1Variance?.alpha.first?.estimate ?? 0)
            OutcomeAffineProperties.expectSame(fit.tau.flatMap { $0 }, base.tau.flatMap { $0 }, "Tau", scale: level1)
            if let sigma2 = base.sigma2 { OutcomeAffineProperties.expectSame([fit.sigma2 ?? .nan], [sigma2], "sigma^2") }
            if let alpha = base.level1Variance?.alpha.map(\.estimate) {
                OutcomeAffineProperties.expectSame(fit.level1Variance?.alpha.map(\.estimate) ?? [], alpha, "alpha")
            }
            expectClose(fit.deviance, base.deviance, absolute: 1e-6 * max(1, abs(base.deviance)), "deviance")
        }
    }
}

extension PropertyData {
    /// X replaced by c (X + t) and W by (W - t / 2) / c.
    func transformingPredictors(c: Double, t: Double) -> PropertyData {
        var copy = self
        copy.rows = rows.map { Row(id: $0.id, y: $0.y, x: c * ($0.x + t), z: $0.z, female: $0.female) }
        copy.units = units.map { Unit(id: $0.id, w: ($0.w - t / 2) / c) }
        return copy
    }
}
