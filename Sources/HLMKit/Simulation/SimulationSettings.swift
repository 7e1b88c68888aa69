/// The two-level model that `Simulator` draws data from:
///
///     Y_ij = gamma00 + gamma01 W_j + (gamma10 + u_1j) X_ij + gamma20 G_ij + u_0j + r_ij,
///     (u_0j, u_1j) ~ N(0, T),   r_ij ~ N(0, sigma^2_ij),
///     log sigma^2_ij = alpha0 + alpha1 G_ij + alpha2 X_ij,
///
/// with X_ij ~ N(0, 1), G_ij ~ Bernoulli(1/2) at level 1, W_j ~ N(0, 1) at level 2, and unit sizes drawn
/// uniformly from [mean/2, 3 mean/2] (at least 1). The matching `hlm fit` model is `fitModels` with
/// `--sigma2 G,X`.
///
/// A non-normal `family` draws Y from the family given the same linear predictor without r_ij,
/// eta_ij = gamma00 + gamma01 W_j + (gamma10 + u_1j) X_ij + gamma20 G_ij + u_0j: 0/1 with P(1) = 1 / (1 + e^-eta)
/// (Bernoulli), the successes of N_ij ~ uniform{1, ..., `maxTrials`} such trials (binomial, N in its own
/// column), or a Poisson count with mean e^eta; alpha is not used. The matching model is `fitModels` with
/// `--family` (and `--trials N`).
package struct SimulationSettings: Sendable, Equatable {
    /// J, the number of units.
    package var groups = 1_000
    /// The mean number of level-1 rows per unit.
    package var meanGroupSize = 100
    /// (gamma00, gamma01, gamma10, gamma20): intercept, W on the intercept, X slope, G slope.
    package var gamma: [Double] = [10, 1, 2, -1]
    /// T over (INTRCPT1, X), 2 x 2, positive semi-definite.
    package var tau: [[Double]] = [[4, 0.5], [0.5, 1]]
    /// (alpha0, alpha1, alpha2): log sigma^2 intercept, G effect, X effect.
    package var alpha: [Double] = [3.4, -0.2, 0.1]
    /// The random seed; the same settings and seed give the same files on every platform.
    package var seed: UInt64 = 1
    /// The outcome's distribution given eta.
    package var family = ResponseFamily.normal
    /// The most trials of a binomial row (each row's number is uniform on 1...maxTrials).
    package var maxTrials = 10
    /// Plausible values of Y and informative selection with design weights (`SurveyDesign`); none by default.
    package var survey = SurveyDesign()
    /// K, the number of level-3 units the level-2 units are spread over (0: two-level data; see
    /// `Simulator.writeThreeLevel`).
    package var level3Units = 0
    /// gamma001, the effect of the level-3 predictor S on the intercept (three-level data).
    package var level3Gamma = 1.0
    /// Tau_beta over (INTRCPT1/INTRCPT2, X/INTRCPT2), 2 x 2, positive semi-definite (three-level data).
    package var tauBeta: [[Double]] = [[1, 0.2], [0.2, 0.5]]

    /// The benchmark's model (the defaults above); `hlm simulate` sets each field from its options.
    package init() {}

    /// The defaults for a non-normal `family`: gamma = (-0.5, 0.5, 0.8, -0.5) and T = [[1, 0.2], [0.2, 0.4]],
    /// which keep most probabilities away from 0 and 1 and most Poisson means below 50; the normal family's
    /// are those of `init()`.
    package init(family: ResponseFamily) {
        self.family = family
        if !family.isNormal {
            gamma = [-0.5, 0.5, 0.8, -0.5]
            tau = [[1, 0.2], [0.2, 0.4]]
        }
    }

    /// The `--model` equations that fit the simulated data (with `--sigma2 G,X`).
    package static let fitModels = ["Y = INTRCPT1 + X + G", "INTRCPT1 = INTRCPT2 + W + random",
                                   "X = INTRCPT2 + random", "G = INTRCPT2"]
    /// The `--model` equations that fit simulated three-level data (with `--id3 ID3` and `--sigma2 G,X`).
    package static let fitModels3 = fitModels + ["INTRCPT1/INTRCPT2 = INTRCPT3 + S + random",
                                                 "X/INTRCPT2 = INTRCPT3 + random"]
    /// The variance predictors of the simulated data.
    package static let fitVariancePredictors = ["G", "X"]
}

/// The errors of `hlm simulate`'s settings.
package enum SimulationError: HLMError, Equatable {
    /// A setting is out of range.
    case invalidSetting(String)
    /// A file could not be written.
    case cannotWrite(path: String, reason: String)

    /// Bad settings are usage errors; a failed write is a data error.
    package var category: ErrorCategory {
        switch self {
        case .invalidSetting: return .usage
        case .cannotWrite: return .data
        }
    }

    /// The message shown to users.
    package var description: String {
        switch self {
        case let .invalidSetting(text): return "invalid simulation setting: \(text)"
        case let .cannotWrite(path, reason): return "cannot write \(path): \(reason)"
        }
    }
}
