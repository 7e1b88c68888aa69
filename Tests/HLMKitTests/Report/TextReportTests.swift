import Testing
@testable import HLMKit

@Suite("Text report")
struct TextReportTests {
    @Test("whole reports match their snapshots", arguments: [
        "hsb-slopes-as-outcomes", "hsb-not-converged", "heterogeneous-sigma2", "heterogeneous-sigma2-hlm-deviance",
    ])
    func snapshot(name: String) throws {
        let analysis = switch name {
        case "hsb-slopes-as-outcomes": ReportExamples.slopesAsOutcomesAnalysis
        case "hsb-not-converged": ReportExamples.notConvergedAnalysis
        default: ReportExamples.heterogeneousAnalysis
        }
        let report = TextReport.render(analysis, hlmDeviance: name.hasSuffix("hlm-deviance"))
        try expectSnapshot(report, named: name)
    }

    @Test("fixed-effect table has HLM's columns")
    func fixedEffectTable() {
        let notation = ModelNotation(specification: ReportExamples.slopesAsOutcomes)
        let table = TextReport.fixedEffectsTable(ReportExamples.slopesAsOutcomesFit.fixedEffects, notation: notation)
        let rule = String(repeating: "-", count: 80)
        #expect(table == [
            "Final estimation of fixed effects:",
            rule,
            "                                      Standard             Approx.",
            "    Fixed Effect         Coefficient   error      t-ratio   d.f.     p-value",
            rule,
            "For INTRCPT1, beta_0",
            "    INTRCPT2, gamma_00    12.095997   0.198733    60.865    157     <0.001",
            "      SECTOR, gamma_01     1.226453   0.306267     4.005    157     <0.001",
            "     MEANSES, gamma_02     5.332898   0.369157    14.446    157     <0.001",
            "For SES slope, beta_1",
            "    INTRCPT2, gamma_10     2.938785   0.155089    18.949    157     <0.001",
            "      SECTOR, gamma_11    -1.642619   0.239785    -6.850    157     <0.001",
            "     MEANSES, gamma_12     1.038918   0.298894     3.476    157     <0.001",
            rule,
            "",
        ])
    }

    @Test("a long predictor name widens the fixed-effect table instead of being truncated")
    func longNames() {
        var specification = ReportExamples.slopesAsOutcomes
        specification.level2[0].predictors = [Predictor("PERCENTMINORITY")]
        let effect = ReportExamples.fixed("INTRCPT1", "PERCENTMINORITY", 0.5, 0.25, df: 158, p: 0.0473)
        let table = TextReport.fixedEffectsTable([effect], notation: ModelNotation(specification: specification))
        #expect(table[3] == "    Fixed Effect                Coefficient   error      t-ratio   d.f.     p-value")
        #expect(table[6] == "    PERCENTMINORITY, gamma_01     0.500000   0.250000     2.000    158      0.047")
        #expect(table[1].count == 87)
    }

    @Test("the heterogeneous-sigma^2 block matches the issue's layout line by line")
    func level1VarianceBlock() throws {
        let report = TextReport.render(ReportExamples.heterogeneousAnalysis)
        let lines = report.components(separatedBy: "\n")
        let start = try #require(lines.firstIndex(of: "RESULTS FOR HETEROGENEOUS SIGMA-SQUARED"))
        #expect(Array(lines[start...]) == [
            "RESULTS FOR HETEROGENEOUS SIGMA-SQUARED",
            "(macro iteration 4)",
            "",
            "Var(R) = Sigma_squared and",
            "log(Sigma_squared) = alpha0 + alpha1(FEMALE)",
            "",
            "Model for level-1 variance",
            "Parameter           Coefficient  Standard Error  Z-ratio  P-value",
            "INTRCPT1  ,alpha0       3.70401        0.024800  149.360   <0.001",
            "FEMALE    ,alpha1      -0.09131        0.034083   -2.680    0.008",
            "P-values use Student's t with J - 1 = 159 df, as HLM prints them; the JSON also gives normal-reference p.",
            "",
            "Summary of Model Fit",
            "Model                          Number of Parameters   Deviance",
            "1. Homogeneous sigma_squared           6             47051.30061",
            "2. Heterogeneous sigma_squared         7             47044.11270",
            "Deviances are -2 log-likelihood with the N ln(2 pi) constant; "
                + "HLM prints them ln(2 pi) = 1.837877 lower (use --hlm-deviance)",
            "",
            "Model Comparison       Chi-square   df   P-value",
            "Model 1 vs Model 2      7.18790      1    0.007",
            "",
            "",
        ])
    }

    @Test("--hlm-deviance prints HLM's deviances, ln(2 pi) lower")
    func hlmDeviances() {
        let report = TextReport.render(ReportExamples.heterogeneousAnalysis, hlmDeviance: true)
        #expect(report.contains("1. Homogeneous sigma_squared           6             47049.46273\n"))
        #expect(report.contains("2. Heterogeneous sigma_squared         7             47042.27482\n"))
    }

    @Test("a heterogeneous model has no level-1 row in its variance components")
    func noLevel1Row() {
        let fit = ReportExamples.heterogeneousAnalysis.fit
        let notation = ModelNotation(specification: ReportExamples.heterogeneous)
        #expect(!TextReport.varianceComponentsTable(fit, notation: notation).contains { $0.contains("level-1, r") })
        let homogeneous = ReportExamples.slopesAsOutcomesFit
        let table = TextReport.varianceComponentsTable(homogeneous, notation: notation)
        #expect(table.contains("       level-1, r         6.05980      36.72117"))
    }

    @Test("a long iteration history shows the first 5 and the last 10 iterations")
    func longHistory() {
        let lines = TextReport.iterationSummary(ReportExamples.notConvergedAnalysis.fit.history)
        let rows = lines.dropFirst(2).dropLast()
        #expect(rows.count == 16)
        #expect(rows.dropFirst(5).first == "        ...")
        #expect(rows.last?.hasPrefix("        25") == true)
    }

    @Test("without intercepts the subscripts start at 1, so 0 always means the intercept")
    func noIntercepts() {
        let specification = ModelSpecification(
            level1: Level1Equation(outcome: "MATHACH", hasIntercept: false, predictors: [Predictor("SES")]),
            level2: [Level2Equation(coefficient: "SES", hasIntercept: false, predictors: [Predictor("SECTOR")],
                                    isRandom: true)])
        let lines = TextReport.modelSection(ModelNotation(specification: specification))
        #expect(lines.contains("    MATHACH_ij = beta_1j*(SES_ij) + r_ij"))
        #expect(lines.contains("    beta_1j = gamma_11*(SECTOR_j) + u_1j"))
        #expect(lines.suffix(3) == ["    MATHACH_ij = gamma_11*SECTOR_j*SES_ij", "    + u_1j*SES_ij + r_ij", ""])
    }
}
