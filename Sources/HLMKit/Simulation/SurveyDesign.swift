import HLMPlatform

/// The survey side of `hlm simulate` (normal outcome only): plausible values of Y, and informative two-stage
/// selection with its design weights, as in PISA.
///
/// - Plausible values: PV_m = Y + e_m, e_m ~ N(0, `errorVariance`) independently for m = 1...M, written as
///   columns PV1 ... PVM after Y. A fit on one plausible value estimates the same gamma and Tau; its level-1
///   variance is sigma^2 + `errorVariance`.
/// - Selection (`selection`): a population unit is sampled with probability
///   pi_j = 1 / (1 + exp(-u_0j / sqrt(tau_00))) (units with a large random intercept more often), and a row of
///   a sampled unit with probability pi_i|j = 1 / (1 + exp(-(0.5 + r_ij / sigma_ij))) (rows with a large
///   residual more often). Only sampled rows and units are written, with WEIGHT1 = 1 / pi_i|j in the level-1
///   file and WEIGHT2 = 1 / pi_j in the level-2 file. Selection depends on u_0j and r_ij, not on X, G or W, so
///   the unweighted slopes stay unbiased while the intercept and the variances do not: the design weights
///   (Pfeffermann et al. 1998) are needed for those.
package struct SurveyDesign: Sendable, Equatable {
    /// M, the plausible values written (0 for none).
    package var plausibleValues = 0
    /// The variance of e_m, the measurement error of each plausible value.
    package var errorVariance = 10.0
    /// Whether units and rows are sampled informatively and their design weights written.
    package var selection = false

    /// Nothing: the plain simulation.
    package init() {}

    /// Whether any survey column is written.
    var isActive: Bool { plausibleValues > 0 || selection }

    /// The level-1 columns after Y: PV1, ..., PVM, then WEIGHT1.
    var level1Columns: [String] {
        (0..<plausibleValues).map { "PV\($0 + 1)" } + (selection ? ["WEIGHT1"] : [])
    }

    /// The level-2 columns after W: WEIGHT2.
    var level2Columns: [String] { selection ? ["WEIGHT2"] : [] }

    /// The weight 1/pi_j of a unit with random intercept `u0` (SD `sd0`), or nil when it is not sampled.
    func unitWeight(u0: Double, sd0: Double, random: inout RandomSource) -> Double? {
        guard selection else { return 1 }
        let probability = 1 / (1 + exp(-(sd0 > 0 ? u0 / sd0 : 0)))
        return random.uniform() < probability ? 1 / probability : nil
    }

    /// The weight 1/pi_i|j of a row with standardised residual `z` = r_ij / sigma_ij, or nil when it is not
    /// sampled.
    func rowWeight(z: Double, random: inout RandomSource) -> Double? {
        guard selection else { return 1 }
        let probability = 1 / (1 + exp(-(0.5 + z)))
        return random.uniform() < probability ? 1 / probability : nil
    }

    /// Writes a sampled row's plausible values of `y` and its weight `weight` after Y (Y written without `last`).
    func appendRow(y: Double, weight: Double, to file: CSVWriter, random: inout RandomSource) {
        let error = errorVariance.squareRoot()
        for m in 0..<plausibleValues {
            file.append(y + error * random.normal(), last: m == plausibleValues - 1 && !selection)
        }
        if selection { file.append(weight, last: true) }
    }

    /// Refuses M < 0 or above 100, a negative or non-finite error variance, and a non-normal family.
    func validate(family: ResponseFamily) throws {
        guard (0...100).contains(plausibleValues) else {
            throw SimulationError.invalidSetting("--plausible-values must be from 0 to 100, not \(plausibleValues)")
        }
        guard errorVariance.isFinite, errorVariance >= 0 else {
            throw SimulationError.invalidSetting("--pv-error-variance must be a finite number >= 0")
        }
        guard family.isNormal || !isActive else {
            throw SimulationError.invalidSetting("--plausible-values and --design-weights are for a normal Y "
                + "(the selection uses its residual), not --family \(family.rawValue)")
        }
    }
}
