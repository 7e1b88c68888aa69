import HLMKit

/// `hlm simulate`: writes two-level data with known parameters (for power analysis, teaching, benchmarks).
struct SimulateCommand: Subcommand {
    static let name = "simulate"
    static let abstract = "Write simulated level-1 and level-2 CSV files with known parameters."
    static let discussion = """
        Model: Y = gamma00 + gamma01 W + (gamma10 + u1) X + gamma20 G + u0 + r, (u0, u1) ~ N(0, T),
        log Var(r) = alpha0 + alpha1 G + alpha2 X; X ~ N(0,1), G ~ Bernoulli(1/2), W ~ N(0,1) per unit.
        Fit it with:
          hlm fit PREFIX-level1.csv PREFIX-level2.csv --id ID \\
            --model "Y = INTRCPT1 + X + G" --model "INTRCPT1 = INTRCPT2 + W + random" \\
            --model "X = INTRCPT2 + random" --sigma2 G,X
        With --family bernoulli, binomial or poisson, Y is drawn from the family given
        eta = gamma00 + gamma01 W + (gamma10 + u1) X + gamma20 G + u0 (logit or log link;
        binomial: N ~ uniform{1..--max-trials} trials in column N); defaults
        --gamma -0.5,0.5,0.8,-0.5 --tau 1,0.2,0.4; --alpha does not apply. Fit it with
        the same equations and --family (and --trials N) instead of --sigma2.
        Survey data (normal Y): --plausible-values M adds PV1..PVM = Y + e_m,
        e_m ~ N(0, --pv-error-variance); --design-weights samples units with
        probability 1/(1 + exp(-u0/sqrt(tau00))) and their rows with
        1/(1 + exp(-(0.5 + r/sigma))), writing only the sampled ones with
        WEIGHT1 = 1/P(row) and WEIGHT2 = 1/P(unit) (informative selection).
        Three levels (--level3-units K): the --groups units are split into K
        contiguous level-3 units and Y gains gamma001 S + u0 + u1 X,
        (u0, u1) ~ N(0, Tau_beta) per level-3 unit, S ~ N(0,1) (--level3-gamma,
        --tau-beta; normal Y only). Writes PREFIX-level1.csv (ID,ID3,X,G,Y),
        PREFIX-level2.csv (ID,ID3,W) and PREFIX-level3.csv (ID3,S). Fit it with:
          hlm fit PREFIX-level1.csv PREFIX-level2.csv PREFIX-level3.csv \\
            --id ID --id3 ID3 (the --model equations above) \\
            --model "INTRCPT1/INTRCPT2 = INTRCPT3 + S + random" \\
            --model "X/INTRCPT2 = INTRCPT3 + random" --sigma2 G,X
        """

    var groups = 1_000
    var meanSize = 100
    var seed: UInt64 = 1
    var gamma: String?
    var tau: String?
    var alpha: String?
    var family: ResponseFamily = .normal
    var maxTrials: Int?
    var plausibleValues = 0
    var pvErrorVariance = 10.0
    var designWeights = false
    var level3Units = 0
    var level3Gamma = 1.0
    var tauBeta: String?
    var output = "simulated"

    static var arguments: [ArgumentDeclaration<Self>] {
        [
            .option("groups", \.groups, help: "Number of level-2 units."),
            .option("mean-size", \.meanSize, help: "Mean level-1 rows per unit (sizes uniform on [mean/2, 3 mean/2])."),
            .option("seed", \.seed, help: "Random seed."),
            .option("gamma", \.gamma, help:
                "gamma00,gamma01,gamma10,gamma20 (default 10,1,2,-1; -0.5,0.5,0.8,-0.5 for --family)."),
            .option("tau", \.tau, help: "tau00,tau01,tau11 (default 4,0.5,1; 1,0.2,0.4 for --family)."),
            .option("alpha", \.alpha, help:
                "alpha0,alpha1,alpha2 (log sigma^2 = alpha0 + alpha1 G + alpha2 X; default 3.4,-0.2,0.1)."),
            .option("family", \.family, valueName: "FAMILY", help:
                "The outcome's distribution: normal (default), bernoulli, binomial or poisson."),
            .option("max-trials", \.maxTrials, help: "The most trials of a binomial row (default 10)."),
            .option("plausible-values", \.plausibleValues, help:
                "Plausible values of Y to add as PV1..PVM (normal Y; default 0)."),
            .option("pv-error-variance", \.pvErrorVariance, help:
                "The measurement-error variance of each plausible value (default 10)."),
            .flag("design-weights", \.designWeights, help:
                "Sample units and rows informatively and write their weights WEIGHT1 and WEIGHT2."),
            .option("level3-units", \.level3Units, help:
                "Level-3 units K the units are split into (three-level data; 0: two levels)."),
            .option("level3-gamma", \.level3Gamma, help:
                "gamma001, the level-3 predictor S's effect on the intercept."),
            .option("tau-beta", \.tauBeta, help:
                "Tau_beta: b00,b01,b11 over INTRCPT1/INTRCPT2 and X/INTRCPT2 (default 1,0.2,0.5)."),
            .option("output", \.output, help:
                "Output prefix: writes PREFIX-level1.csv and PREFIX-level2.csv (and PREFIX-level3.csv) atomically."),
        ]
    }

    func run() throws {
        try reportingErrors {
            var settings = SimulationSettings(family: family)
            guard family.isNormal || alpha == nil else {
                throw SimulationError.invalidSetting("--alpha models the level-1 variance of a normal Y; a "
                    + "\(family.rawValue) Y's variance follows from its mean: drop --alpha")
            }
            guard family == .binomial || maxTrials == nil else {
                throw SimulationError.invalidSetting("--max-trials is for --family binomial")
            }
            settings.groups = groups
            settings.meanGroupSize = meanSize
            settings.maxTrials = maxTrials ?? settings.maxTrials
            if let gamma { settings.gamma = try Self.numbers(gamma, "--gamma", count: 4) }
            if let tau {
                let t = try Self.numbers(tau, "--tau", count: 3)
                settings.tau = [[t[0], t[1]], [t[1], t[2]]]
            }
            if let alpha { settings.alpha = try Self.numbers(alpha, "--alpha", count: 3) }
            settings.seed = seed
            settings.survey.plausibleValues = plausibleValues
            settings.survey.errorVariance = pvErrorVariance
            settings.survey.selection = designWeights
            settings.level3Units = level3Units
            settings.level3Gamma = level3Gamma
            guard level3Units > 0 || tauBeta == nil else {
                throw SimulationError.invalidSetting("--tau-beta is for three-level data (--level3-units K)")
            }
            if let tauBeta {
                let t = try Self.numbers(tauBeta, "--tau-beta", count: 3)
                settings.tauBeta = [[t[0], t[1]], [t[1], t[2]]]
            }
            let files = ["\(output)-level1.csv", "\(output)-level2.csv"] + (level3Units > 0 ? ["\(output)-level3.csv"] : [])
            let summary = try AtomicFiles.writing(files) { paths in
                do {
                    if level3Units > 0 {
                        return try Simulator.writeThreeLevel(settings, level1Path: paths[0], level2Path: paths[1],
                                                             level3Path: paths[2])
                    }
                    return try Simulator.write(settings, level1Path: paths[0], level2Path: paths[1])
                } catch let SimulationError.cannotWrite(path, reason) {
                    // Name the user's file, not its temporary file.
                    throw SimulationError.cannotWrite(path: files[paths.firstIndex(of: path) ?? 0], reason: reason)
                }
            }
            let level2 = "\(output)-level2.csv (\(summary.groups) units)"
            let rest = level3Units > 0 ? ", \(level2) and \(output)-level3.csv (\(summary.level3Units) units)" : " and \(level2)"
            try StandardOutput.write("wrote \(output)-level1.csv (\(summary.level1Rows) rows)\(rest)\n")
        }
    }

    private static func numbers(_ text: String, _ option: String, count: Int) throws -> [Double] {
        let values = text.split(separator: ",").map { field in
            let words = field.split(whereSeparator: \.isWhitespace)
            return words.count == 1 ? Double(words[0]).flatMap { $0.isFinite ? $0 : nil } : nil
        }
        guard values.count == count, values.allSatisfy({ $0 != nil }) else {
            throw SimulationError.invalidSetting(
                "\(option) takes \(count) comma-separated finite numbers, got \"\(text)\"")
        }
        return values.map { $0! }
    }
}
