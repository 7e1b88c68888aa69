import Testing
@testable import HLMKit

/// `AnalysisSettings.resolved(for:commandFile:defaultTitle:)`: a setting given by the caller wins over the
/// command file's, which wins over the default.
@Suite("Analysis: settings from the command line, a command file and the defaults")
struct AnalysisSettingsTests {
    static let homogeneous = ["MATHACH = INTRCPT1 + group(SES)", "INTRCPT1 = INTRCPT2 + random"]

    static func specification(sigma2: [String] = []) throws -> ModelSpecification {
        try ModelSpecification.parse(models: homogeneous, variancePredictors: sigma2)
    }

    static func commandFile(_ lines: [String]) throws -> CommandFile {
        try CommandFile.parse(contents: (["level1:MATHACH=INTRCPT1+SES,1+RANDOM", "level2:INTRCPT1=INTRCPT2+random/"]
                                         + lines).joined(separator: "\n"), path: "runs/model.hlm")
    }

    @Test("the defaults: REML for homogeneous sigma^2, full ML for a modelled one; 200 iterations; 1e-8")
    func defaults() throws {
        let homogeneous = try AnalysisSettings().resolved(for: Self.specification())
        #expect(homogeneous.estimation == EstimationOptions(method: .reml, maxIterations: 200, tolerance: 1e-8))
        #expect(homogeneous.inference == InferenceOptions())
        #expect(homogeneous.title == "HLM2 analysis" && homogeneous.outputPath == nil && !homogeneous.fullOutput)
        #expect(homogeneous.residualPaths.isEmpty)
        let heterogeneous = try AnalysisSettings().resolved(for: Self.specification(sigma2: ["SES"]))
        #expect(heterogeneous.estimation.method == .fml)
        #expect(AnalysisRequest(level1Path: "a.csv", level2Path: nil, idColumn: "ID",
                                specification: try Self.specification(sigma2: ["SES"])).options
                == heterogeneous.estimation)
    }

    @Test("the command file's settings override the defaults; stopval: is not the tolerance")
    func commandFileSettings() throws {
        let file = try Self.commandFile(["mlf:n", "numit:50", "stopval:0.001", "title:From the file", "output:out.txt",
                                         "fulloutput:y", "homvar:y", "resfil2:y", "resfil2name:res2.csv",
                                         "gamma1:0,1", "deviance:46568.25", "df:4"])
        let resolved = try AnalysisSettings().resolved(for: Self.specification(sigma2: ["SES"]), commandFile: file)
        #expect(resolved.estimation == EstimationOptions(method: .reml, maxIterations: 50, tolerance: 1e-8))
        #expect(resolved.title == "From the file" && resolved.fullOutput)
        #expect(resolved.outputPath == "runs/out.txt" && resolved.residualPaths == ["runs/res2.csv"])
        #expect(resolved.inference == InferenceOptions(
            homogeneityTest: true,
            hypothesisTests: [FixedEffectHypothesis(text: "gamma1 (command file line 12)", rows: [.weights([0, 1])])],
            previousModel: ModelDeviance(deviance: 46568.25, parameters: 4), residuals: true))
    }

    @Test("the caller's settings override the command file's; tests add up, the command file's first")
    func callerSettings() throws {
        let file = try Self.commandFile(["mlf:n", "numit:50", "title:From the file", "output:out.txt",
                                         "resfil1:y", "resfil1name:res1.csv", "gamma1:0,1"])
        var settings = AnalysisSettings(method: .fml, maxIterations: 7, tolerance: 1e-10)
        settings.title = "Given"
        settings.outputPath = "report.txt"
        settings.level1ResidualPath = "mine.csv"
        settings.homogeneityMinimumDegreesOfFreedom = 5
        settings.hypotheses = ["SES/INTRCPT2 = 0"]
        settings.satterthwaite = true
        let resolved = try settings.resolved(for: Self.specification(), commandFile: file)
        #expect(resolved.estimation == EstimationOptions(method: .fml, maxIterations: 7, tolerance: 1e-10))
        #expect(resolved.title == "Given" && resolved.outputPath == "report.txt")
        #expect(resolved.residualPaths == ["mine.csv"])
        #expect(resolved.inference.homogeneityTest && resolved.inference.homogeneityMinimumDegreesOfFreedom == 5)
        #expect(resolved.inference.hypothesisTests.map(\.text) == ["gamma1 (command file line 9)", "SES/INTRCPT2 = 0"])
        #expect(resolved.inference.satterthwaite && resolved.inference.residuals)
        #expect(try AnalysisSettings().resolved(for: Self.specification(), defaultTitle: "Example").title == "Example")
    }

    @Test("a hypothesis that does not parse is refused")
    func badHypothesis() throws {
        var settings = AnalysisSettings()
        settings.hypotheses = ["SES/INTRCPT2 = x"]
        #expect(throws: InferenceError.self) { try settings.resolved(for: Self.specification()) }
    }

    @Test("each predictor of log sigma^2 is joined from the level-1 file when it has it, else the level-2 file")
    func varianceVariables() throws {
        let specification = try ModelSpecification.parse(models: Self.homogeneous, variancePredictors: ["FEMALE,SECTOR"])
        let catalog = VariableCatalog(level1: try csv("ID,MATHACH,SES,FEMALE\n1,2,3,0\n"),
                                      level2: try csv("ID,SECTOR\n1,1\n"), idColumn: "ID")
        let variables = catalog.joinedVariables(for: specification)
        #expect(variables.level1 == specification.level1Variables + ["FEMALE"])
        #expect(variables.level2 == specification.level2Variables + ["SECTOR"])
    }
}
