import ArgumentParser
import HLMKit

/// `hlm fit LEVEL1.csv [LEVEL2.csv] --id ID --model ... | --command FILE.hlm`.
struct FitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit",
        abstract: "Fit a two-level model from a level-1 file and an optional level-2 file.",
        discussion: """
        Examples (the files are in the package's data/ folder: HS&B, Contraception, survey):
          A two-level model, SES group-mean centred, with school-level predictors:
            hlm fit hsb1.csv hsb2.csv --id ID \\
                --model "MATHACH = INTRCPT1 + group(SES)" \\
                --model "INTRCPT1 = INTRCPT2 + SECTOR + MEANSES + random" \\
                --model "SES = INTRCPT2 + SECTOR + MEANSES + random"
          Heterogeneous level-1 variance, log sigma^2 = alpha0 + alpha1 FEMALE:
            hlm fit hsb1.csv hsb2.csv --id ID --sigma2 FEMALE \\
                --model "MATHACH = INTRCPT1 + FEMALE" \\
                --model "FEMALE = INTRCPT2 + random"
          The model from an HLM2 batch command file:
            hlm fit --command hsb-heterogeneous.hlm hsb1.csv hsb2.csv --id ID
          A single file (the ID column groups the rows; a variable constant
          within every unit may enter level-2 equations):
            hlm fit hsb1.csv --id ID --model "MATHACH = INTRCPT1 + group(SES)"
          Five plausible values of the outcome, combined by Rubin's rules:
            hlm fit survey-level1.csv survey-level2.csv --id ID \\
                --model "PV1 = INTRCPT1 + X + G" \\
                --model "INTRCPT1 = INTRCPT2 + W + random" \\
                --plausible-values PV1,PV2,PV3,PV4,PV5
          A 0/1 outcome (logit link), by the Laplace approximation:
            hlm fit contraception.csv --id DISTRICT --family bernoulli \\
                --estimation laplace --model "USE = INTRCPT1 + URBAN + AGE + LIV"

        Model syntax (docs/MODEL-SYNTAX.md has more):
          The level-1 equation comes first:
            OUTCOME = INTRCPT1 + X1 + group(X2) + grand(X3)
          INTRCPT1 must be written: without it the model has no intercept.
          group(X) centres X on its unit's mean; grand(X) on the mean of all rows
          (of all units in a level-2 equation).
          Then one level-2 equation per level-1 coefficient:
            COEF = INTRCPT2 + W1 + grand(W2) + random
          where random adds the unit's random effect. A coefficient without a
          level-2 equation gets HLM's default: INTRCPT1 = INTRCPT2 + random,
          and X = INTRCPT2 for a slope (fixed, not random).

        Options on the command line override the command file's settings
        (method, iterations, family and its columns, estimation, title,
        output and residual files). Relative
        paths in a command file (output:, resfil1name:, resfil2name:) are
        relative to the command file's folder, as in HLM.
        """
    )

    @Argument(help: ArgumentHelp("LEVEL1.csv [LEVEL2.csv]: the level-1 file and, optionally, the level-2 file "
                                 + "(with --id3 also LEVEL3.csv, the level-3 file; delimited text, or by extension SPSS .sav/.zsav, Stata .dta, SAS .sas7bdat/.xpt).",
                                 valueName: "files"))
    var files: [String] = []

    @Option(name: .long, help: "The ID column linking level-1 rows to level-2 units (in both files).")
    var id: String

    @Option(name: .long, help: ArgumentHelp(
        "A three-level model (HLM3): the level-3 ID column (in the level-1 file and the level-3 file); the files "
            + "are then LEVEL1.csv [LEVEL2.csv [LEVEL3.csv]] and level-3 equations read COEF1/COEF2 = INTRCPT3 + W + random.",
        valueName: "ID3"))
    var id3: String?

    @Option(name: .long, help: ArgumentHelp(
        "An equation; the level-1 equation first, e.g. \"MATHACH = INTRCPT1 + group(SES)\", then level-2 "
            + "equations, e.g. \"INTRCPT1 = INTRCPT2 + SECTOR + random\".", valueName: "EQUATION"))
    var model: [String] = []

    @Option(name: .long, help: ArgumentHelp("An HLM2 batch command file (.hlm) giving the model (with --id3: an "
                                                + "HLM3 command file, with level3: lines).",
                                            valueName: "MODEL.hlm"))
    var command: String?

    @Option(name: .long, help: ArgumentHelp(
        "Predictors of the level-1 variance, log sigma^2 = alpha0 + alpha1 X1 + ... (comma list or repeated).",
        valueName: "X1,X2"))
    var sigma2: [String] = []

    @Option(name: .long, help: ArgumentHelp(
        "The outcome's distribution: normal (default), bernoulli (0/1, logit link), binomial (successes of "
            + "--trials, logit) or poisson (counts, log link).", valueName: "FAMILY"))
    var family: ResponseFamily?

    @Option(name: .long, help: ArgumentHelp("The level-1 column of each row's number of trials (binomial).",
                                            valueName: "COLUMN"))
    var trials: String?

    @Option(name: .long, help: ArgumentHelp(
        "The level-1 column of each row's exposure (poisson): ln exposure is an offset in the linear predictor.",
        valueName: "COLUMN"))
    var exposure: String?

    @Flag(name: .long, help: "Estimate the level-1 scale of a binomial or poisson outcome (PQL only), as HLM.")
    var overdispersion = false

    @Option(name: .long, parsing: .unconditionalSingleValue, help: ArgumentHelp(
        "A cell text meaning 'missing', besides empty, NA and '.' (repeat, or a comma list: -99,999).",
        valueName: "CODE"))
    var missing: [String] = []

    @Option(name: .long, help: ArgumentHelp(
        "The data files' field delimiter: ',', ';', 'tab' or '|' (default: detected from the header row).",
        valueName: "DELIMITER"))
    var delimiter: CSVFormat.Delimiter?

    @Flag(name: .long, help: "Decimals are written with a comma (2,5), as in ';'-separated files (default: detected).")
    var decimalComma = false

    @Option(name: .long, help: ArgumentHelp(
        "Plausible values of the outcome (comma list or repeated), the level-1 equation's outcome among them: the "
            + "model is fitted once per value, concurrently, and combined by Rubin's rules.",
        valueName: "PV1,PV2,..."))
    var plausibleValues: [String] = []

    @Option(name: .long, help: ArgumentHelp(
        "Multiply imputed files (comma list, repeated, or a quoted pattern such as 'imp*.csv'), level-1 files "
            + "unless --imputed-level 2: fitted once each, concurrently, and combined by Rubin's rules. The "
            + "positional file is then the other level's file.", valueName: "FILE1,FILE2,..."))
    var imputed: [String] = []

    @Option(name: .long, help: ArgumentHelp(
        "1 (default): the --imputed files are level-1 files (give the level-2 file, if any, as the file "
            + "argument); 2: they are level-2 files (give the level-1 file).", valueName: "LEVEL"))
    var imputedLevel: Int?

    @OptionGroup var estimation: EstimationArguments

    @OptionGroup(title: "Design weights") var weights: WeightArguments

    @Flag(name: .long, help: "Exclude level-1 rows whose ID has no level-2 row (and report them) instead of failing.")
    var dropUnmatched = false

    @OptionGroup(title: "Inference") var inference: InferenceArguments

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if (files.isEmpty && imputed.isEmpty && command == nil) || files.count > (id3 == nil ? 2 : 3) {
            throw ValidationError(CLIError.fileCount(files.count).description)
        }
        if inference.residuals3 != nil, id3 == nil {
            throw ValidationError("--residuals3 writes a three-level model's level-3 residual file: give --id3 too.")
        }
        if decimalComma, delimiter == .comma {
            throw ValidationError("--decimal-comma needs a delimiter other than ',' (--delimiter ';', tab or '|').")
        }
    }

    func run() throws {
        try reportingErrors {
            // Checked before reading the command file, so that --sigma2 is never silently ignored.
            guard command == nil || (model.isEmpty && sigma2.isEmpty) else { throw CLIError.modelAndCommandFile }
            if let id3 { return try runThreeLevel(level3ID: id3) }
            let commandFile = try command.map(CommandFile.read(path:))
            let specification: ModelSpecification
            if let commandFile {
                specification = commandFile.specification
            } else if model.isEmpty {
                throw CLIError.noModel
            } else {
                specification = try ModelSpecification.parse(models: model, variancePredictors: sigma2)
            }
            var given = AnalysisSettings(estimation: estimation, inference: inference, output: output)
            (given.family, given.trialsVariable, given.exposureVariable) = (family, trials, exposure)
            given.overdispersion = overdispersion
            given.plausibleValues = Self.list(plausibleValues)
            (given.imputedFiles, given.imputedLevel) = (Self.list(imputed), imputedLevel)
            (given.level1Weight, given.level2Weight) = (weights.weight1, weights.weight2)
            given.level1WeightNormalisation = weights.weight1Normalisation
            let settings = try given.resolved(for: specification, commandFile: commandFile)
                .withResidualTables(for: output)
            let paths = try Self.dataPaths(files, dataSets: settings.dataSets)
            try output.checkPaths(inputs: files + [command].compactMap { $0 } + (settings.dataSets?.filePaths ?? []),
                                  outputPath: settings.outputPath, others: settings.residualPaths)
            var request = AnalysisRequest(
                level1Path: paths.level1, level2Path: paths.level2, idColumn: id,
                specification: settings.specification, options: settings.estimation,
                missingCodes: Set(missing.flatMap { $0.split(separator: ",").map(String.init) }),
                dropUnmatched: dropUnmatched, title: settings.title)
            request.readOptions = CSVReadOptions(delimiter: delimiter, decimalComma: decimalComma ? true : nil)
            request.weights = settings.weights
            if let dataSets = settings.dataSets {
                try output.checkCombined(fullOutput: settings.fullOutput)
                let combined = try CombinedAnalysis.run(request, dataSets: dataSets, inference: settings.inference)
                return try output.emit(combined, outputPath: settings.outputPath)
            }
            let analysis = try HLMAnalysis.run(request, inference: settings.inference)
            try output.emit(analysis, outputPath: settings.outputPath, fullOutput: settings.fullOutput,
                            extraFiles: settings.residualFiles(analysis))
        }
    }
}

extension FitCommand {
    /// `hlm fit L1.csv [L2.csv [L3.csv]] --id ID --id3 ID3 --model ...` (or `--command FILE.hlm`, an HLM3
    /// command file with `level3:` lines): a three-level model from `--model` equations and `--sigma2` predictors
    /// from any level (the non-normal families are two-level only).
    private func runThreeLevel(level3ID: String) throws {
        try checkThreeLevel(estimation: estimation, inference: inference, output: output, others: [
            (family != nil && family != .normal, "--family"), (trials != nil, "--trials"),
            (exposure != nil, "--exposure"), (overdispersion, "--overdispersion"),
            (!plausibleValues.isEmpty, "--plausible-values"), (!imputed.isEmpty || imputedLevel != nil, "--imputed"),
            (weights.weight1 != nil || weights.weight2 != nil || weights.weight1Normalisation != nil, "--weight1/--weight2"),
        ])
        guard !files.isEmpty else { throw CLIError.fileCount(0) }
        let commandFile = try command.map(CommandFile.read(path:))
        guard commandFile != nil || !model.isEmpty else { throw CLIError.noModel }
        let specification = try commandFile?.specification
            ?? ModelSpecification.parse(models: model, variancePredictors: sigma2, threeLevel: true)
        let settings = try AnalysisSettings(estimation: estimation, inference: inference, output: output)
            .resolved(for: specification, commandFile: commandFile, defaultTitle: "HLM3 analysis")
        let residualPaths = settings.threeLevelResidualPaths(level3Path: inference.residuals3 ?? settings.level3ResidualPath)
        try output.checkPaths(inputs: files + [command].compactMap { $0 }, outputPath: settings.outputPath,
                              others: residualPaths.map(\.path))
        var request = AnalysisRequest(
            level1Path: files[0], level2Path: files.count > 1 ? files[1] : nil, idColumn: id,
            specification: settings.specification, options: settings.estimation,
            missingCodes: Set(missing.flatMap { $0.split(separator: ",").map(String.init) }),
            dropUnmatched: dropUnmatched, title: settings.title)
        request.level3Path = files.count > 2 ? files[2] : nil
        request.level3IDColumn = level3ID
        request.readOptions = CSVReadOptions(delimiter: delimiter, decimalComma: decimalComma ? true : nil)
        let analysis = try ThreeLevelAnalysis.run(request)
        try output.emit(analysis, outputPath: settings.outputPath,
                        extraFiles: residualPaths.map { (text: analysis.residuals[keyPath: $0.text], path: $0.path) })
    }
}

extension CSVFormat.Delimiter: ExpressibleByArgument {}

extension ResponseFamily: CaseInsensitiveArgument {}
