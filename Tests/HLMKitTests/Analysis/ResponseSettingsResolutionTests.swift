import Testing
import HLMExamples
@testable import HLMKit

/// `AnalysisSettings.resolved` for a non-normal outcome: the family from the caller over the command file, the
/// estimation and its defaults (restricted PQL as HLM; full ML for Laplace and AGQ), and the refusals.
@Suite("Analysis: settings of non-normal outcomes")
struct ResponseSettingsResolutionTests {
    static func model() throws -> ModelSpecification {
        try ModelSpecification.parse(models: ["USE = INTRCPT1 + URBAN + AGE + LIV", "INTRCPT1 = INTRCPT2 + random"])
    }

    static func file(_ lines: [String]) throws -> CommandFile {
        try CommandFile.parse(contents: (["level1:USE=INTRCPT1+URBAN+AGE+LIV+RANDOM", "level2:INTRCPT1=INTRCPT2+random/"]
                                         + lines).joined(separator: "\n"), path: "model.hlm")
    }

    @Test("PQL by restricted ML unless asked otherwise; Laplace and AGQ by full ML; AGQ's default is 7 points")
    func defaults() throws {
        let pql = try AnalysisSettings.settingsWith(.bernoulli).resolved(for: Self.model())
        #expect(pql.estimation == EstimationOptions(method: .reml) && pql.estimation.generalized == .pql)
        #expect(pql.specification.family == .bernoulli)
        let laplace = try AnalysisSettings.settingsWith(.bernoulli, .laplace).resolved(for: Self.model())
        #expect(laplace.estimation.method == .fml && laplace.estimation.generalized == .laplace)
        let agq = try AnalysisSettings.settingsWith(.bernoulli, .agq).resolved(for: Self.model())
        #expect(agq.estimation.method == .fml && agq.estimation.generalized == .adaptiveQuadrature(points: 7))
        let points = try AnalysisSettings.settingsWith(.bernoulli, .agq, points: 25).resolved(for: Self.model())
        #expect(points.estimation.generalized == .adaptiveQuadrature(points: 25))
        #expect(try AnalysisSettings.settingsWith(.poisson, method: .fml).resolved(for: Self.model()).estimation.method
                == .fml)
        let normal = try AnalysisSettings().resolved(for: Self.model())
        #expect(try normal.specification == Self.model() && normal.estimation == EstimationOptions())
    }

    @Test("the command file's family, over-dispersion and estimation apply unless the caller's settings say otherwise")
    func commandFile() throws {
        let file = try Self.file(["nonlin:poisson", "fixsigma2:n", "macroit:40,n", "numit:90", "stopmacro:0.001"])
        let resolved = try AnalysisSettings().resolved(for: file.specification, commandFile: file)
        #expect(resolved.specification.family == .poisson && resolved.specification.overdispersion)
        #expect(resolved.estimation.maxMacroIterations == 40 && resolved.estimation.macroTolerance == 0.001)
        #expect(resolved.estimation.maxIterations == 90 && resolved.estimation.generalized == .pql)
        let laplaceFile = try Self.file(["nonlin:bernoulli", "laplace:y,50", "mlf:n"])
        let laplace = try AnalysisSettings().resolved(for: laplaceFile.specification, commandFile: laplaceFile)
        #expect(laplace.estimation == {
            var options = EstimationOptions(method: .fml, maxIterations: 50)
            options.generalized = .laplace
            return options
        }())
        let agqFile = try Self.file(["nonlin:bernoulli", "agq:y,25"])
        #expect(try AnalysisSettings().resolved(for: agqFile.specification, commandFile: agqFile).estimation.generalized
                == .adaptiveQuadrature(points: 25))
        #expect(try AnalysisSettings.settingsWith(nil, points: 9).resolved(for: agqFile.specification, commandFile: agqFile)
                .estimation.generalized == .adaptiveQuadrature(points: 9))
        #expect(try AnalysisSettings.settingsWith(nil, .pql).resolved(for: agqFile.specification, commandFile: agqFile)
                .estimation.generalized == .pql)
        var counts = AnalysisSettings.settingsWith(.binomial)
        counts.trialsVariable = "n"
        let binomial = try counts.resolved(for: laplaceFile.specification, commandFile: laplaceFile)
        #expect(binomial.specification.family == .binomial && binomial.specification.trialsVariable == "N")
    }

    @Test("contradictory estimation settings are refused", arguments: [
        (AnalysisSettings.settingsWith(nil, .laplace), ResponseSettingProblem.estimationWithNormalFamily(estimation: "laplace")),
        (.settingsWith(nil, points: 5), .quadraturePointsWithout(estimation: nil)),
        (.settingsWith(.bernoulli, points: 5), .quadraturePointsWithout(estimation: "pql")),
        (.settingsWith(.bernoulli, .laplace, points: 5), .quadraturePointsWithout(estimation: "laplace")),
        (.settingsWith(.bernoulli, .agq, points: 0), .quadraturePointsOutOfRange(0, largest: 100, defaultPoints: 7)),
        (.settingsWith(.bernoulli, .agq, points: 101), .quadraturePointsOutOfRange(101, largest: 100, defaultPoints: 7)),
        (.settingsWith(.bernoulli, .laplace, method: .reml), .restrictedLikelihood(estimation: "laplace")),
        (.settingsWith(.poisson, .agq, overdispersion: true), .overdispersionWithLikelihood(estimation: "agq")),
        ({ var s = AnalysisSettings.settingsWith(.bernoulli); s.satterthwaite = true; return s }(),
         .normalModelStatistic(option: "--df satterthwaite", family: .bernoulli)),
        ({ var s = AnalysisSettings.settingsWith(.poisson, .laplace); s.homogeneityTest = true; return s }(),
         .normalModelStatistic(option: "--homvar (homvar:y)", family: .poisson)),
    ] as [(AnalysisSettings, ResponseSettingProblem)])
    func refused(settings: AnalysisSettings, problem: ResponseSettingProblem) throws {
        let model = try Self.model()
        #expect(specificationError { _ = try settings.resolved(for: model) } == .response(problem))
    }

    @Test("the trials and exposure columns are joined from the level-1 file")
    func joined() throws {
        let model = try Self.model().withResponse(family: .poisson, trials: nil, exposure: "days", overdispersion: false)
        let catalog = VariableCatalog(level1: try csv("ID,USE,URBAN,AGE,LIV,DAYS\n1,0,1,2,1,3\n"), level2: nil,
                                      idColumn: "ID")
        #expect(catalog.joinedVariables(for: model).level1 == ["USE", "URBAN", "AGE", "LIV", "DAYS"])
    }

    @Test("the Contraception examples carry their family and estimation; the caller's settings win")
    func examples() throws {
        let agq = try #require(Example.named("contraception-agq"))
        let resolved = try agq.resolved()
        #expect(resolved.specification.family == .bernoulli && resolved.estimation.method == .fml)
        #expect(resolved.estimation.generalized == .adaptiveQuadrature(points: 25))
        #expect(try agq.resolved(AnalysisSettings.settingsWith(nil, .laplace)).estimation.generalized == .laplace)
        #expect(try agq.resolved(AnalysisSettings.settingsWith(nil, points: 11)).estimation.generalized
                == .adaptiveQuadrature(points: 11))
        #expect(try #require(Example.named("contraception")).resolved().estimation.generalized == .pql)
        #expect(try #require(Example.named("contraception-laplace")).resolved().estimation.generalized == .laplace)
        #expect(ExampleData.names.contains("contraception.csv"))
    }
}

extension AnalysisSettings {
    /// Settings giving these (nil: not given), for parameterised tests.
    static func settingsWith(_ family: ResponseFamily?, _ estimation: GeneralizedEstimation.Kind? = nil,
                             points: Int? = nil, method: EstimationMethod? = nil,
                             overdispersion: Bool = false) -> AnalysisSettings {
        var settings = AnalysisSettings(method: method)
        settings.family = family
        settings.estimation = estimation
        settings.quadraturePoints = points
        settings.overdispersion = overdispersion
        return settings
    }
}
