import Testing
@testable import HLMKit

@Suite("HLM2 command files: writing a model back")
struct CommandFileWritingTests {
    /// A model and settings, the text written for them, and what reading that text back gives.
    func roundTrip(_ models: [String], sigma2: [String] = [], settings: CommandFile.Settings = .init(),
                   family: ResponseFamily? = nil, trials: String? = nil, exposure: String? = nil,
                   overdispersion: Bool = false) throws
        -> (written: ModelSpecification, text: String, read: CommandFile, settings: AnalysisSettings) {
        var analysis = settings.analysisSettings
        (analysis.family, analysis.trialsVariable, analysis.exposureVariable) = (family, trials, exposure)
        analysis.overdispersion = overdispersion
        let specification = try analysis.resolved(for: ModelSpecification.parse(models: models, variancePredictors: sigma2))
            .specification
        let text = try CommandFile.text(for: specification, settings: settings)
        return (specification, text, try CommandFile.parse(contents: text, path: "written.hlm"), analysis)
    }

    @Test("The manual's heterogeneous sigma^2 model is written as data/hsb-heterogeneous.hlm says it")
    func heterogeneous() throws {
        var settings = CommandFile.Settings()
        settings.method = .fml
        settings.title = "heterogeneous sigma^2 by gender"
        let result = try roundTrip(["MATHACH = INTRCPT1 + FEMALE", "FEMALE = INTRCPT2 + random"], sigma2: ["FEMALE"],
                                   settings: settings)
        #expect(result.text == """
            #WHLM CMD FILE
            level1:MATHACH=INTRCPT1+FEMALE+RANDOM
            level2:INTRCPT1=INTRCPT2+random/
            level2:FEMALE=INTRCPT2+random/
            heterol1var:FEMALE
            mlf:y
            title:heterogeneous sigma^2 by gender

            """)
        #expect(result.read.specification == result.written)
        let manual = try CommandFile.read(path: exampleFilePath("hsb-heterogeneous.hlm"))
        #expect(manual.specification == result.written)
        #expect(manual.fullMaximumLikelihood == true && manual.title == settings.title)
    }

    @Test("Centering, level-2 predictors, no intercepts and the settings read back the same")
    func centeringAndSettings() throws {
        var settings = CommandFile.Settings()
        (settings.method, settings.maxIterations, settings.homogeneityTest) = (.reml, 57, true)
        settings.title = "  two\nlines "
        let result = try roundTrip([
            "MATHACH = INTRCPT1 + group(SES) + grand(MINORITY) + FEMALE",
            "INTRCPT1 = INTRCPT2 + SECTOR + grand(MEANSES) + random",
            "SES = SECTOR + random",
            "FEMALE = INTRCPT2",
        ], settings: settings)
        #expect(result.text.contains("level1:MATHACH=INTRCPT1+SES,1+MINORITY,2+FEMALE+RANDOM\n"))
        #expect(result.text.contains("level2:SES=SECTOR+random/\n"))
        #expect(result.read.specification == result.written)
        #expect(result.read.fullMaximumLikelihood == false && result.read.maxIterations == 57)
        #expect(result.read.homogeneityTest && result.read.title == "two lines")
        // The file's settings resolve to the run's options and inference as the settings themselves do.
        let fromFile = try AnalysisSettings().resolved(for: result.read.specification, commandFile: result.read)
        let direct = try result.settings.resolved(for: result.written)
        #expect(fromFile.estimation == direct.estimation)
        #expect(fromFile.inference.homogeneityTest == direct.inference.homogeneityTest)
    }

    @Test("A model without INTRCPT1 and with defaults left out reads back the same")
    func noIntercept() throws {
        let result = try roundTrip(["MATHACH = SES", "SES = INTRCPT2 + random"])
        #expect(result.text == "#WHLM CMD FILE\nlevel1:MATHACH=SES+RANDOM\nlevel2:SES=INTRCPT2+random/\n")
        #expect(result.read.specification == result.written)
        #expect(result.read.fullMaximumLikelihood == nil && result.read.title == nil)
    }

    @Test("Non-normal outcomes: nonlin:, fixsigma2:, laplace: and agq: read back the same",
          arguments: [(ResponseFamily.bernoulli, nil as String?, nil as String?, false, GeneralizedEstimation.Kind.laplace,
                       nil as Int?),
                      (.binomial, "TRIALS", nil, true, .pql, nil),
                      (.poisson, nil, "EXPOSURE", false, .agq, 9),
                      (.poisson, nil, nil, true, .pql, nil)])
    func generalized(family: ResponseFamily, trials: String?, exposure: String?, overdispersion: Bool,
                     estimation: GeneralizedEstimation.Kind, points: Int?) throws {
        var settings = CommandFile.Settings()
        (settings.estimation, settings.quadraturePoints) = (estimation, points)
        let result = try roundTrip(["USE = INTRCPT1 + URBAN"], settings: settings, family: family, trials: trials,
                                   exposure: exposure, overdispersion: overdispersion)
        #expect(result.read.specification == result.written)
        let fromFile = try AnalysisSettings().resolved(for: result.read.specification, commandFile: result.read)
        #expect(fromFile.estimation == (try result.settings.resolved(for: result.written)).estimation)
    }

    @Test("A centred variance predictor cannot be written: heterol1var: lists names only")
    func centredVariancePredictor() throws {
        let specification = try ModelSpecification.parse(models: ["MATHACH = INTRCPT1 + FEMALE"],
                                                         variancePredictors: ["grand(SES)"])
        #expect(specificationError { _ = try CommandFile.text(for: specification, settings: .init()) }
            == .model(.centredVariancePredictorInCommandFile("SES")))
    }
}
