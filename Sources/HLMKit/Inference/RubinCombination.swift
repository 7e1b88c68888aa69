/// The estimates of M fits of one model on M completed data sets (plausible values of the outcome or
/// multiply imputed files), each parameter combined by Rubin's rules (`PooledEstimate`).
public struct RubinCombination: Sendable, Equatable {
    /// gamma with the model-based standard errors, in HLM's order; nu_com is each effect's HLM df.
    public var fixedEffects: [PooledEstimate]
    /// gamma with the robust (CR0 sandwich) standard errors; nu_com is each effect's HLM df. Empty when a fit
    /// has no robust standard errors (inference did not run).
    public var robustFixedEffects: [PooledEstimate]
    /// The elements of Tau, then sigma^2 (homogeneous) or the alphas (heterogeneous), with the standard errors
    /// of the expected information (`CovarianceParameterEstimate`); nu_com infinite (large-sample inference).
    public var covarianceParameters: [PooledEstimate]
}

extension RubinCombination {
    /// Combines `fits` (with their `inference`, one per data set, in the same order, M >= 2) parameter by
    /// parameter. The fits must be of one model (the same fixed effects and covariance parameters, which the
    /// caller checks).
    init(fits: [HLMFit], inference: [InferenceResults?]) {
        let first = fits[0]
        fixedEffects = first.fixedEffects.indices.map { index in
            let effects = fits.map { $0.fixedEffects[index] }
            return RubinsRules.pool(Self.label(effects[0]), estimates: effects.map(\.estimate),
                                    standardErrors: effects.map(\.standardError),
                                    completeDegreesOfFreedom: Double(effects[0].degreesOfFreedom))
        }
        let robust = inference.compactMap { $0?.robustFixedEffects }
        robustFixedEffects = robust.count < fits.count || robust.contains(where: \.isEmpty) ? []
            : first.fixedEffects.indices.map { index in
                let effects = robust.map { $0[index] }
                return RubinsRules.pool(Self.label(effects[0]), estimates: effects.map(\.estimate),
                                        standardErrors: effects.map(\.standardError),
                                        completeDegreesOfFreedom: Double(effects[0].degreesOfFreedom))
            }
        let parameters = inference.map { $0?.covarianceParameters ?? [] }
        covarianceParameters = parameters.contains(where: { $0.count != parameters[0].count }) ? []
            : parameters[0].indices.map { index in
                let rows = parameters.map { $0[index] }
                return RubinsRules.pool(rows[0].parameter, estimates: rows.map(\.estimate),
                                        standardErrors: rows.map(\.standardError), completeDegreesOfFreedom: .infinity)
            }
    }

    /// `COEFFICIENT, PREDICTOR`, a fixed effect's name in the combination.
    static func label(_ effect: FixedEffectEstimate) -> String { "\(effect.coefficient), \(effect.predictor)" }
}
