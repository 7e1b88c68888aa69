import HLMPlatform

extension Simulator {
    /// Writes three-level data: the level-1 file (ID, ID3, X, G, Y), the level-2 file (ID, ID3, W) and the
    /// level-3 file (ID3, S), streaming in blocks. The J = `groups` level-2 units are split into K =
    /// `level3Units` contiguous level-3 units of J/K each (unit j in level-3 unit floor((j - 1) K / J) + 1),
    /// and row i of level-2 unit j in level-3 unit k is
    ///
    ///     Y = gamma000 + gamma001 S_k + gamma010 W_j + (gamma100 + r_1j + u_1k) X + gamma200 G + r_0j + u_0k + e,
    ///     (r_0j, r_1j) ~ N(0, Tau_pi = `tau`),  (u_0k, u_1k) ~ N(0, Tau_beta = `tauBeta`),
    ///     e ~ N(0, sigma^2), log sigma^2 = alpha0 + alpha1 G + alpha2 X,
    ///
    /// with gamma = (gamma000, gamma010, gamma100, gamma200) = `gamma`, gamma001 = `level3Gamma`, X ~ N(0, 1),
    /// G ~ Bernoulli(1/2), W ~ N(0, 1) and S ~ N(0, 1), and unit sizes as in `write`. The matching model is
    /// `SimulationSettings.fitModels3` with `--id3 ID3` (and `--sigma2 G,X` unless alpha1 = alpha2 = 0).
    ///
    /// - Throws: `SimulationError` as `write` does, and for K > J, a family other than normal or survey options.
    package static func writeThreeLevel(_ settings: SimulationSettings, level1Path: String, level2Path: String,
                                        level3Path: String) throws -> Summary {
        try validate(settings)
        var random = RandomSource(seed: settings.seed)
        let (l00, l10, l11) = factor(settings.tau), (b00, b10, b11) = factor(settings.tauBeta)
        let level1 = try CSVWriter(path: level1Path, header: "ID,ID3,X,G,Y")
        let level2 = try CSVWriter(path: level2Path, header: "ID,ID3,W")
        let level3 = try CSVWriter(path: level3Path, header: "ID3,S")
        let g = settings.gamma, a = settings.alpha, groups = settings.groups, units3 = settings.level3Units
        let lower = max(1, settings.meanGroupSize / 2), upper = max(lower, settings.meanGroupSize * 3 / 2)
        var rows = 0, j = 0
        for k in 1...units3 {
            let s = random.normal()
            let e0 = random.normal(), e1 = random.normal()
            let u0 = b00 * e0, u1 = b10 * e0 + b11 * e1
            level3.append(integer: k)
            level3.append(s, last: true)
            // Level-2 units j with floor(j K / J) = k - 1 (0-based j): J/K of them, contiguous.
            while j < groups && j * units3 / groups == k - 1 {
                j += 1
                let w = random.normal()
                let d0 = random.normal(), d1 = random.normal()
                let r0 = l00 * d0, r1 = l10 * d0 + l11 * d1
                level2.append(integer: j)
                level2.append(integer: k)
                level2.append(w, last: true)
                for _ in 0..<random.integer(lower, upper) {
                    let x = random.normal()
                    let gValue: Double = random.uniform() < 0.5 ? 0 : 1
                    let sigma = exp(0.5 * (a[0] + a[1] * gValue + a[2] * x))
                    let y = g[0] + settings.level3Gamma * s + g[1] * w + (g[2] + r1 + u1) * x + g[3] * gValue
                        + r0 + u0 + sigma * random.normal()
                    guard y.isFinite else {
                        throw SimulationError.invalidSetting(
                            "the settings give a Y that is not a finite number (unit \(j)); "
                                + "use smaller --alpha, --gamma, --tau or --tau-beta")
                    }
                    level1.append(integer: j)
                    level1.append(integer: k)
                    level1.append(x)
                    level1.append(integer: Int(gValue))
                    level1.append(y, last: true)
                    rows += 1
                }
                try level1.flushIfFull()
                try level2.flushIfFull()
            }
            try level3.flushIfFull()
        }
        try level1.finish()
        try level2.finish()
        try level3.finish()
        return Summary(level1Rows: rows, groups: groups, level3Units: units3)
    }
}
