import Foundation
import Testing
@testable import HLMKit

/// Words and numbers on the page (issue 12): the REML label of the heterogeneous block, a wide df column, the
/// alpha table's p-values and Z-ratios as HLM prints them, and the note when robust and model-based SEs coincide.
@Suite("Report wording and columns")
struct ReportWordingTests {
    static func hsb() throws -> [String] {
        [try ReferenceFixture.resolve("hsb1.csv"), try ReferenceFixture.resolve("hsb2.csv"), "--id", "ID"]
    }

    static let heterogeneous = ["--model", "MATHACH = INTRCPT1 + FEMALE", "--model", "FEMALE = INTRCPT2 + random",
                                "--sigma2", "FEMALE"]

    @Test("under REML the heterogeneous block's deviances are labelled the REML criterion",
          arguments: [(["--method", "reml"], "Deviances are the REML criterion -2 log L_R with the (N - p) ln(2 pi) "
                        + "constant; HLM prints them ln(2 pi) = 1.837877 lower"),
                      (["--method", "reml", "--hlm-deviance"], "Deviances are printed as HLM prints them: the REML "
                        + "criterion -2 log L_R with the (N - p) ln(2 pi) constant, minus ln(2 pi) = 1.837877"),
                      (["--method", "fml"], "Deviances are -2 log-likelihood with the N ln(2 pi) constant; HLM prints")])
    func remlLabel(options: [String], label: String) throws {
        let result = try CLIRunner.run(["fit"] + Self.hsb() + Self.heterogeneous + options)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains(label))
        #expect(options.contains("fml") || !result.stdout.contains("Deviances are -2 log-likelihood"))
    }

    @Test("a 6-digit df keeps two spaces after the t-ratio and the header moves with it")
    func wideDegreesOfFreedom() throws {
        let specification = try ModelSpecification.parse(models: ["Y = INTRCPT1 + X"], variancePredictors: [])
        let effects = [FixedEffectEstimate(coefficient: "X", predictor: "INTRCPT2", estimate: -3.1708,
                                           standardError: 0.1, tRatio: -31.708, degreesOfFreedom: 100100, pValue: 0)]
        let lines = TextReport.fixedEffectsTable(effects, notation: ModelNotation(specification: specification))
        let row = try #require(lines.first { $0.contains("-31.708") })
        #expect(row.contains("-31.708  100100"))
        let header = try #require(lines.first { $0.contains("d.f.") })
        let dfEnd = try #require(row.range(of: "100100")).upperBound.utf16Offset(in: row)
        let headerEnd = try #require(header.range(of: "d.f.")).upperBound.utf16Offset(in: header)
        #expect(dfEnd - headerEnd == 63 - 64, "the df column keeps its place under d.f. (as with 3-digit df)")
    }

    @Test("the alpha table prints Z with 3 decimals and p < 0.001 as <0.001, as the fixed effects do")
    func alphaTable() throws {
        let result = try CLIRunner.run(["example", "hsb-heterogeneous-sigma2"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("INTRCPT1  ,alpha0       3.70401        0.024798  149.370   <0.001\n"))
        #expect(result.stdout.contains("FEMALE    ,alpha1      -0.09131        0.034089   -2.679    0.008\n"))
    }

    @Test("full ML with every coefficient random and no level-2 predictors: a note says robust = model-based SEs",
          arguments: [(["hsb-random-coefficient", "--method", "fml"], true),
                      (["hsb-heterogeneous-sigma2"], true),
                      (["hsb-random-coefficient"], false),
                      (["hsb-intercepts-slopes-as-outcomes", "--method", "fml"], false)])
    func robustEqualsModelBased(arguments: [String], note: Bool) throws {
        let result = try CLIRunner.run(["example"] + arguments)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("standard errors equal the model-based ones") == note)
    }
}
