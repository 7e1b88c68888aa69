/// HLM's population-average model of an HGLM (Raudenbush & Bryk 2002, sec. 10.2; Zeger, Liang & Albert 1988):
/// the marginal mean E(y_i) = m_i g^-1(o_i + x_i'gamma_PA) estimated by generalized estimating equations whose
/// working covariance is the unit-specific model's, with robust standard errors.
///
/// At eta_i = o_i + x_i'gamma_PA (no random effects) the working outcome and weights are those of PQL
/// (`PenalisedQuasiLikelihood.linearised`), and the working covariance of y*_j is V_j = sigma^2 W_j^-1 + Z_j T Z_j'
/// with T and sigma^2 held at the unit-specific estimates. The GEE
///   sum_j D_j' S_j^-1 (y_j - m_j mu_j) = 0,  D_j = W_j X_j,  S_j = W_j V_j W_j,
/// is sum_j X_j'V_j^-1 (y*_j - X_j gamma_PA) = 0, so each iteration is the GLS fit of the linearised model
/// at fixed (T, sigma^2) (`Likelihood.evaluate`'s gamma_hat), repeated until gamma_PA settles. The robust
/// (sandwich) covariance is Phi^-1 [sum_j s_j s_j'] Phi^-1, with Phi = sum_j X_j'V_j^-1 X_j and the units'
/// scores s_j = X_j'V_j^-1 (y*_j - X_j gamma_PA) (`UnitPosterior.fixedScore`), the GEE sandwich on y's scale.
enum PopulationAverage {
    /// At most this many GLS iterations; they stop when no element of gamma_PA changes by more than
    /// 1e-10 (1 + |gamma|).
    static let maxIterations = 100

    /// gamma_PA and its robust covariance (internal columns) for the non-normal `design` with the unit-specific
    /// model's covariance parameters `parameters` (L, alpha), starting from the unit-specific `start`; nil when
    /// a linearised model cannot be evaluated (non-finite weights) or the iterations do not settle.
    static func fit(_ design: ModelDesign, response: GeneralizedResponse, parameters: CovarianceParameters,
                    start: [Double], method: EstimationMethod)
        -> (gamma: [Double], robustCovariance: Matrix)? {
        var gamma = start
        for _ in 0..<maxIterations {
            let linear = PenalisedQuasiLikelihood.linearised(design, response: response,
                                                             eta: design.linearPredictor(gamma: gamma))
            let likelihood = Likelihood(design: linear, method: method, source: .strata(.unitTotals(linear)))
            guard let evaluation = likelihood.evaluate(parameters, derivatives: false) else { return nil }
            let settled = zip(evaluation.gamma, gamma).allSatisfy { abs($0 - $1) <= 1e-10 * (1 + abs($1)) }
            gamma = evaluation.gamma
            guard settled else { continue }
            guard let units = likelihood.unitPosteriors(at: parameters, gamma: gamma) else { return nil }
            let bread = evaluation.phiFactor.inverse()
            var meat = Matrix(rows: gamma.count, columns: gamma.count)
            for unit in units { meat.addOuterProduct(unit.fixedScore) }
            return (gamma, bread * meat * bread)
        }
        return nil
    }
}
