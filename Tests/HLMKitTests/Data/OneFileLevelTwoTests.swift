import Foundation
import HLMExamples
import Testing
@testable import HLMKit

/// One long file (the lme4 habit): without a level-2 file, a variable constant within every unit may be used
/// at level 2; one that varies is refused naming the unit (issue 12).
@Suite("Data: level-2 variables from one long file")
struct OneFileLevelTwoTests {
    private static let equations = ["MATHACH = INTRCPT1 + group(SES)", "INTRCPT1 = INTRCPT2 + SECTOR + grand(MEANSES) + random",
                                    "SES = INTRCPT2 + SECTOR + random"]

    private static func fit(level1: String, level2: String?, models: [String] = equations,
                            sigma2: [String] = []) throws -> HLMAnalysis {
        let specification = try ModelSpecification.parse(models: models, variancePredictors: sigma2)
        let request = AnalysisRequest(level1Path: "long.csv", level2Path: level2 == nil ? nil : "hsb2.csv",
                                      idColumn: "ID", specification: specification)
        return try HLMAnalysis.run(request, level1: try csv(level1, source: "long.csv"),
                                   level2: try level2.map { try csv($0, source: "hsb2.csv") })
    }

    @Test("Unit-constant columns of one long file fit as the same model with a level-2 file")
    func sameFit() throws {
        let long = try Self.fit(level1: InputFiles.longHSB(["SECTOR", "MEANSES"]), level2: nil)
        let two = try Self.fit(level1: ExampleData.text("hsb1.csv")!, level2: ExampleData.text("hsb2.csv")!)
        expectClose(long.fit.deviance, two.fit.deviance, relative: 1e-10, "deviance")
        for (a, b) in zip(long.fit.fixedEffects, two.fit.fixedEffects) {
            expectClose(a.estimate, b.estimate, relative: 1e-9, "\(a.coefficient)/\(a.predictor)")
            #expect(a.degreesOfFreedom == b.degreesOfFreedom)
        }
        #expect(long.fit.warnings.isEmpty)
    }

    @Test("A unit-constant column may predict the level-1 variance")
    func variancePredictor() throws {
        let models = ["MATHACH = INTRCPT1", "INTRCPT1 = INTRCPT2 + random"]
        let long = try Self.fit(level1: InputFiles.longHSB(["SECTOR"]), level2: nil, models: models, sigma2: ["SECTOR"])
        let two = try Self.fit(level1: ExampleData.text("hsb1.csv")!, level2: ExampleData.text("hsb2.csv")!,
                               models: models, sigma2: ["SECTOR"])
        expectClose(long.fit.deviance, two.fit.deviance, relative: 1e-10, "deviance")
    }

    @Test("A column that varies within a unit is refused at level 2, naming the unit and two lines")
    func varies() {
        expectDataError(.variesWithinUnit(path: "long.csv", variable: "SES", id: "1224", firstLine: 2, firstValue: -1.528,
                                          line: 3, value: -0.588),
                        mentioning: ["SES is used at level 2", "unit '1224'", "line 2", "line 3"]) {
            _ = try Self.fit(level1: ExampleData.text("hsb1.csv")!, level2: nil,
                             models: ["MATHACH = INTRCPT1", "INTRCPT1 = INTRCPT2 + SES + random"])
        }
    }

    @Test("A unit-constant variable in the level-1 equation of a one-file fit is flagged: its df would be N - p")
    func levelOneWarning() throws {
        let models = ["MATHACH = INTRCPT1 + SECTOR", "INTRCPT1 = INTRCPT2 + random"]
        let long = try Self.fit(level1: InputFiles.longHSB(["SECTOR"]), level2: nil, models: models)
        #expect(long.fit.warnings.contains { $0.hasPrefix("SECTOR is constant within every unit") })
        let withLevel2 = try Self.fit(level1: InputFiles.longHSB(["SECTOR"]), level2: ExampleData.text("hsb2.csv")!,
                                      models: models)
        #expect(withLevel2.fit.warnings.isEmpty)
    }

    @Test("hlm fit on one long file: PUBLIC in a level-2 equation works; one that varies names the unit")
    func cli() throws {
        let long = InputFiles.longHSB(["SECTOR"]).replacing("SECTOR", with: "PUBLIC")
        let model = ["--model", "MATHACH = INTRCPT1", "--model", "INTRCPT1 = INTRCPT2 + PUBLIC + random"]
        let (result, _) = try InputFiles.run(["fit", "long.csv", "--id", "ID"] + model, files: ["long.csv": Array(long.utf8)])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("PUBLIC"))
        let varying = ["--model", "MATHACH = INTRCPT1", "--model", "INTRCPT1 = INTRCPT2 + FEMALE + random"]
        let (refused, _) = try InputFiles.run(["fit", "long.csv", "--id", "ID"] + varying,
                                              files: ["long.csv": Array(long.utf8)])
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("FEMALE is used at level 2 but varies within unit"))
    }
}
