import HLMKit

/// `hlm fit LEVEL1.csv [LEVEL2.csv] --id ID --model ... | --command FILE.hlm`.
struct FitCommand: Subcommand {
    static let name = "fit"
    static let abstract = "Fit a two-level model from a level-1 file and an optional level-2 file."
    static let discussion = """
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

    var files: [String] = []
    var id = ""
    var id3: String?
    var model: [String] = []
    var command: String?
    var sigma2: [String] = []
    var family: ResponseFamily?
    var trials: String?
    var exposure: String?
    var overdispersion = false
    var missing: [String] = []
    var delimiter: CSVFormat.Delimiter?
    var decimalComma = false
    var plausibleValues: [String] = []
    var imputed: [String] = []
    var imputedLevel: Int?
    var estimation = EstimationArguments()
    var weights = WeightArguments()
    var dropUnmatched = false
    var inference = InferenceArguments()
    var output = OutputOptions()

    static var arguments: [ArgumentDeclaration<Self>] {
        let own: [ArgumentDeclaration<Self>] = [
            .positional("files", \.files, help: "LEVEL1.csv [LEVEL2.csv]: the level-1 file and, optionally, the "
                + "level-2 file (with --id3 also LEVEL3.csv, the level-3 file; delimited text, or by extension SPSS "
                + ".sav/.zsav, Stata .dta, SAS .sas7bdat/.xpt)."),
            .option("id", \.id, required: true, help:
                "The ID column linking level-1 rows to level-2 units (in both files)."),
            .option("id3", \.id3, valueName: "ID3", help:
                "A three-level model (HLM3): the level-3 ID column (in the level-1 file and the level-3 file); the "
                    + "files are then LEVEL1.csv [LEVEL2.csv [LEVEL3.csv]] and level-3 equations read COEF1/COEF2 = "
                    + "INTRCPT3 + W + random."),
            .repeated("model", \.model, valueName: "EQUATION", help:
                "An equation; the level-1 equation first, e.g. \"MATHACH = INTRCPT1 + group(SES)\", then level-2 "
                    + "equations, e.g. \"INTRCPT1 = INTRCPT2 + SECTOR + random\"."),
            .option("command", \.command, valueName: "MODEL.hlm", help:
                "An HLM2 batch command file (.hlm) giving the model (with --id3: an HLM3 command file, with level3: "
                    + "lines)."),
            .repeated("sigma2", \.sigma2, valueName: "X1,X2", help:
                "Predictors of the level-1 variance, log sigma^2 = alpha0 + alpha1 X1 + ... (comma list or repeated)."),
            .option("family", \.family, valueName: "FAMILY", help:
                "The outcome's distribution: normal (default), bernoulli (0/1, logit link), binomial (successes of "
                    + "--trials, logit) or poisson (counts, log link)."),
            .option("trials", \.trials, valueName: "COLUMN", help:
                "The level-1 column of each row's number of trials (binomial)."),
            .option("exposure", \.exposure, valueName: "COLUMN", help:
                "The level-1 column of each row's exposure (poisson): ln exposure is an offset in the linear predictor."),
            .flag("overdispersion", \.overdispersion, help:
                "Estimate the level-1 scale of a binomial or poisson outcome (PQL only), as HLM."),
            .repeated("missing", \.missing, valueName: "CODE", unconditional: true, help:
                "A cell text meaning 'missing', besides empty, NA and '.' (repeat, or a comma list: -99,999)."),
            .option("delimiter", \.delimiter, valueName: "DELIMITER", help:
                "The data files' field delimiter: ',', ';', 'tab' or '|' (default: detected from the header row)."),
            .flag("decimal-comma", \.decimalComma, help:
                "Decimals are written with a comma (2,5), as in ';'-separated files (default: detected)."),
            .repeated("plausible-values", \.plausibleValues, valueName: "PV1,PV2,...", help:
                "Plausible values of the outcome (comma list or repeated), the level-1 equation's outcome among them: "
                    + "the model is fitted once per value, concurrently, and combined by Rubin's rules."),
            .repeated("imputed", \.imputed, valueName: "FILE1,FILE2,...", help:
                "Multiply imputed files (comma list, repeated, or a quoted pattern such as 'imp*.csv'), level-1 files "
                    + "unless --imputed-level 2: fitted once each, concurrently, and combined by Rubin's rules. The "
                    + "positional file is then the other level's file."),
            .option("imputed-level", \.imputedLevel, valueName: "LEVEL", help:
                "1 (default): the --imputed files are level-1 files (give the level-2 file, if any, as the file "
                    + "argument); 2: they are level-2 files (give the level-1 file)."),
        ]
        let dropUnmatched: [ArgumentDeclaration<Self>] = [
            .flag("drop-unmatched", \.dropUnmatched, help:
                "Exclude level-1 rows whose ID has no level-2 row (and report them) instead of failing."),
        ]
        return own + group(\.estimation) + group(\.weights) + dropUnmatched + group(\.inference) + group(\.output)
    }

    func validate() throws {
        try estimation.validate()
        try inference.validate()
        if (files.isEmpty && imputed.isEmpty && command == nil) || files.count > (id3 == nil ? 2 : 3) {
            throw UsageError(CLIError.fileCount(files.count).description)
        }
        if inference.residuals3 != nil, id3 == nil {
            throw UsageError("--residuals3 writes a three-level model's level-3 residual file: give --id3 too.")
        }
        if decimalComma, delimiter == .comma {
            throw UsageError("--decimal-comma needs a delimiter other than ',' (--delimiter ';', tab or '|').")
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
                        extraFiles: threeLevelResidualFiles(analysis, paths: residualPaths))
    }
}

extension ResponseFamily: CaseInsensitiveArgument {}
