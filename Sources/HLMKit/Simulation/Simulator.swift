import HLMPlatform

/// Draws two-level data from `SimulationSettings` and writes the level-1 file (ID, X, G, Y; ID, X, G, N, Y for a
/// binomial outcome) and the level-2 file (ID, W) as CSV, streaming in blocks so that memory stays small for
/// any size. `SurveyDesign` adds plausible values and design weights after Y and W, and with its selection
/// writes only the sampled units and rows (the summary counts those written).
package enum Simulator {
    /// What was written.
    package struct Summary: Sendable, Equatable {
        /// Level-1 rows written.
        package var level1Rows: Int
        /// Units written.
        package var groups: Int
        /// Level-3 units written (0 for two-level data).
        package var level3Units = 0
    }

    /// Writes the two files.
    ///
    /// - Throws: `SimulationError` for settings out of range (no units, more than `maximumRows` rows, a number
    ///   that is not finite, T not positive semi-definite, a Y that overflows) or a file that cannot be written.
    package static func write(_ settings: SimulationSettings, level1Path: String, level2Path: String) throws -> Summary {
        precondition(settings.level3Units == 0, "three-level data are written by writeThreeLevel")
        try validate(settings)
        var random = RandomSource(seed: settings.seed)
        let (l00, l10, l11) = factor(settings.tau)
        let family = settings.family
        let survey = settings.survey
        let level1 = try CSVWriter(path: level1Path, header: ([family == .binomial ? "ID,X,G,N,Y" : "ID,X,G,Y"]
                                                               + survey.level1Columns).joined(separator: ","))
        let level2 = try CSVWriter(path: level2Path, header: (["ID,W"] + survey.level2Columns).joined(separator: ","))
        let g = settings.gamma, a = settings.alpha
        let lower = max(1, settings.meanGroupSize / 2), upper = max(lower, settings.meanGroupSize * 3 / 2)
        var rows = 0, units = 0
        for j in 1...settings.groups {
            let w = random.normal()
            let e0 = random.normal(), e1 = random.normal()
            let u0 = l00 * e0, u1 = l10 * e0 + l11 * e1
            let sizes = random.integer(lower, upper)
            guard let unitWeight = survey.unitWeight(u0: u0, sd0: l00, random: &random) else { continue }
            var unitRows = 0
            for _ in 0..<sizes {
                let x = random.normal()
                let gValue: Double = random.uniform() < 0.5 ? 0 : 1
                let eta = g[0] + g[1] * w + (g[2] + u1) * x + g[3] * gValue + u0
                if family.isNormal {
                    let sigma = exp(0.5 * (a[0] + a[1] * gValue + a[2] * x))
                    let z = random.normal()
                    let y = eta + sigma * z
                    guard y.isFinite else {
                        throw SimulationError.invalidSetting(
                            "the settings give a Y that is not a finite number (unit \(j)); "
                                + "use smaller --alpha, --gamma or --tau")
                    }
                    guard let rowWeight = survey.rowWeight(z: z, random: &random) else { continue }
                    appendPredictors(j, x, gValue, to: level1)
                    level1.append(y, last: !survey.isActive)
                    survey.appendRow(y: y, weight: rowWeight, to: level1, random: &random)
                } else {
                    appendPredictors(j, x, gValue, to: level1)
                    guard family.mean(eta) <= maximumMean else {
                        throw SimulationError.invalidSetting(
                            "the settings give a mean of Y above \(maximumMean) or not a number (unit \(j)); "
                                + "use smaller --gamma or --tau")
                    }
                    let trials = family == .binomial ? random.integer(1, settings.maxTrials) : 1
                    if family == .binomial { level1.append(integer: trials) }
                    level1.append(integer: random.outcome(family, eta: eta, trials: trials), last: true)
                }
                unitRows += 1
            }
            // A sampled unit all of whose rows were left out is not written: it has no data.
            if unitRows > 0 {
                level2.append(integer: j)
                level2.append(w, last: survey.level2Columns.isEmpty)
                if survey.selection { level2.append(unitWeight, last: true) }
                rows += unitRows
                units += 1
            }
            try level1.flushIfFull()
            try level2.flushIfFull()
        }
        try level1.finish()
        try level2.finish()
        return Summary(level1Rows: rows, groups: units)
    }

    /// The Cholesky factor (l00, l10, l11) of a 2 x 2 positive semi-definite T, T = L L'.
    static func factor(_ t: [[Double]]) -> (Double, Double, Double) {
        let l00 = t[0][0].squareRoot()
        let l10 = l00 > 0 ? t[1][0] / l00 : 0
        return (l00, l10, max(t[1][1] - l10 * l10, 0).squareRoot())
    }

    /// A level-1 row's ID, X and G.
    private static func appendPredictors(_ j: Int, _ x: Double, _ gValue: Double, to file: CSVWriter) {
        file.append(integer: j)
        file.append(x)
        file.append(integer: Int(gValue))
    }

    /// The most level-1 rows (about `groups` x `meanGroupSize`) a simulation may ask for: some 40 GB of CSV.
    package static let maximumRows = 1_000_000_000

    /// The largest Poisson mean drawn, 1e9 (e^20.7): a count stays exact in a double and the CSV readable.
    static let maximumMean = 1e9

    static func validate(_ s: SimulationSettings) throws {
        try s.survey.validate(family: s.family)
        guard s.groups >= 1 else { throw SimulationError.invalidSetting("--groups must be at least 1") }
        guard s.meanGroupSize >= 1 else { throw SimulationError.invalidSetting("--mean-size must be at least 1") }
        guard Double(s.groups) * Double(s.meanGroupSize) <= Double(maximumRows) else {
            throw SimulationError.invalidSetting("--groups \(s.groups) with --mean-size \(s.meanGroupSize) asks for "
                + "about \(s.groups) x \(s.meanGroupSize) rows; at most \(maximumRows) are written")
        }
        guard s.maxTrials >= 1 else { throw SimulationError.invalidSetting("--max-trials must be at least 1") }
        guard s.gamma.count == 4, s.alpha.count == 3 else {
            throw SimulationError.invalidSetting("give 4 gammas (gamma00, gamma01, gamma10, gamma20) and 3 alphas")
        }
        for (name, values) in [("--gamma", s.gamma), ("--tau", s.tau.flatMap { $0 }), ("--alpha", s.alpha)]
        where !values.allSatisfy(\.isFinite) {
            throw SimulationError.invalidSetting("\(name) must be finite numbers, got \(values)")
        }
        try checkCovariance(s.tau, name: "T")
        guard s.level3Units >= 0 else { throw SimulationError.invalidSetting("--level3-units must be at least 0") }
        if s.level3Units > 0 {
            guard s.level3Units <= s.groups else {
                throw SimulationError.invalidSetting("--level3-units \(s.level3Units) is more than --groups \(s.groups): "
                    + "every level-3 unit needs a level-2 unit")
            }
            guard s.family.isNormal, !s.survey.isActive else {
                throw SimulationError.invalidSetting("three-level data (--level3-units) have a normal Y without "
                    + "plausible values or design weights: drop --family, --plausible-values and --design-weights")
            }
            guard s.level3Gamma.isFinite else {
                throw SimulationError.invalidSetting("--level3-gamma must be a finite number, got \(s.level3Gamma)")
            }
            guard s.tauBeta.flatMap({ $0 }).allSatisfy(\.isFinite) else {
                throw SimulationError.invalidSetting("--tau-beta must be finite numbers, got \(s.tauBeta)")
            }
            try checkCovariance(s.tauBeta, name: "Tau_beta")
        }
    }

    /// Throws unless `t` is a symmetric positive semi-definite 2 x 2 matrix.
    private static func checkCovariance(_ t: [[Double]], name: String) throws {
        guard t.count == 2, t.allSatisfy({ $0.count == 2 }), t[0][1] == t[1][0], t[0][0] >= 0, t[1][1] >= 0,
              t[0][0] * t[1][1] - t[0][1] * t[1][0] >= -1e-12 else {
            throw SimulationError.invalidSetting("\(name) must be a symmetric positive semi-definite 2 x 2 matrix")
        }
    }
}
