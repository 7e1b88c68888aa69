import Testing
@testable import HLMKit

/// Rubin's rules (`RubinsRules`, `RubinCombination`) against mitools::MIcombine and the published
/// Barnard & Rubin (1999) df on the survey example's per-fit numbers (references/mi-references.R).
@Suite("Rubin's rules")
struct RubinsRulesTests {
    @Test("estimate, T, Rubin's df and missinfo equal mitools::MIcombine; Barnard-Rubin df and FMI the formula")
    func mitools() throws {
        let perFit = try CombinationFixture.rows("survey-per-fit.csv")
        let reference = try CombinationFixture.rows("survey-combined.csv")
        #expect(reference.count == 12)
        for row in reference {
            let (group, parameter) = (row["group"]!, row["parameter"]!)
            let inputs = CombinationFixture.perFit(perFit, group: group, parameter: parameter)
            #expect(inputs.estimates.count == 5)
            let what = "\(group) \(parameter) (mitools::MIcombine)"
            let rubin = RubinsRules.pool(parameter, estimates: inputs.estimates, standardErrors: inputs.standardErrors,
                                         completeDegreesOfFreedom: .infinity)
            expectClose(rubin.estimate, Double(row["estimate"]!)!, relative: 1e-12, "estimate of \(what)")
            expectClose(rubin.total, Double(row["variance"]!)!, relative: 1e-10, "total variance of \(what)")
            expectClose(rubin.degreesOfFreedom, Double(row["df_rubin"]!)!, relative: 1e-8, "df of \(what)")
            expectClose(rubin.fractionMissingInformation, Double(row["missinfo_rubin"]!)!, relative: 1e-8,
                        "missinfo of \(what)")
            let barnardRubin = RubinsRules.pool(parameter, estimates: inputs.estimates,
                                                standardErrors: inputs.standardErrors,
                                                completeDegreesOfFreedom: inputs.completeDF)
            expectClose(barnardRubin.degreesOfFreedom, Double(row["df_barnard_rubin"]!)!, relative: 1e-8,
                        "Barnard-Rubin df of \(group) \(parameter)")
            expectClose(barnardRubin.fractionMissingInformation, Double(row["fmi_barnard_rubin"]!)!, relative: 1e-8,
                        "Barnard-Rubin FMI of \(group) \(parameter)")
        }
    }

    @Test("the example's fits are the exported numbers and its combination pools them")
    func example() throws {
        let combined = try CombinationFixture.example.get()
        let perFit = try CombinationFixture.rows("survey-per-fit.csv")
        let combination = combined.combination
        for (index, effect) in combined.analyses[0].fit.fixedEffects.enumerated() {
            let name = RubinCombination.label(effect)
            let fixed = CombinationFixture.perFit(perFit, group: "fixed", parameter: name)
            let robust = CombinationFixture.perFit(perFit, group: "robust", parameter: name)
            for (m, analysis) in combined.analyses.enumerated() {
                expectClose(analysis.fit.fixedEffects[index].estimate, fixed.estimates[m], relative: 1e-9,
                            "\(name) in fit \(m + 1)")
                expectClose(analysis.inference!.robustFixedEffects[index].standardError, robust.standardErrors[m],
                            relative: 1e-9, "robust SE of \(name) in fit \(m + 1)")
            }
            #expect(combination.fixedEffects[index].parameter == name)
            expectClose(combination.fixedEffects[index].degreesOfFreedom,
                        RubinsRules.pool(name, estimates: fixed.estimates, standardErrors: fixed.standardErrors,
                                         completeDegreesOfFreedom: fixed.completeDF).degreesOfFreedom,
                        relative: 1e-6, "combined df of \(name)")
        }
        #expect(combination.covarianceParameters.map(\.parameter)
                    == ["tau(INTRCPT1,INTRCPT1)", "tau(X,INTRCPT1)", "tau(X,X)", "sigma2"])
        #expect(combination.robustFixedEffects.count == 4)
    }

    @Test("no between-data-set variance: lambda = r = 0, df = nu_obs (infinite without nu_com), FMI = 2 / (df + 3)")
    func noBetweenVariance() {
        let finite = RubinsRules.pool("g", estimates: [1, 1, 1], standardErrors: [0.5, 0.5, 0.5],
                                      completeDegreesOfFreedom: 20)
        #expect(finite.between == 0 && finite.lambda == 0 && finite.relativeIncrease == 0)
        expectClose(finite.total, 0.25, relative: 1e-15, "T = W")
        expectClose(finite.degreesOfFreedom, 21.0 / 23 * 20, relative: 1e-15, "nu_obs = (nu+1)/(nu+3) nu")
        expectClose(finite.fractionMissingInformation, 2 / (21.0 / 23 * 20 + 3), relative: 1e-15, "FMI")
        let infinite = RubinsRules.pool("g", estimates: [1, 1], standardErrors: [0.5, 0.5],
                                        completeDegreesOfFreedom: .infinity)
        #expect(infinite.degreesOfFreedom.isInfinite && infinite.fractionMissingInformation == 0)
        expectClose(infinite.pValue, Distributions.normalTwoSidedP(2), relative: 1e-15, "normal p at infinite df")
    }

    @Test("two data sets by hand: Qbar, W, B, T, r, lambda, nu_m")
    func byHand() {
        // Q = (1, 3), U = (1, 1): Qbar 2, W 1, B 2, T = 1 + 1.5 * 2 = 4, r = 3, lambda = 0.75,
        // nu_m = 1 / 0.5625 = 16/9.
        let pooled = RubinsRules.pool("g", estimates: [1, 3], standardErrors: [1, 1],
                                      completeDegreesOfFreedom: .infinity)
        #expect(pooled.estimate == 2 && pooled.within == 1 && pooled.between == 2 && pooled.total == 4)
        #expect(pooled.relativeIncrease == 3 && pooled.lambda == 0.75 && pooled.standardError == 2)
        expectClose(pooled.degreesOfFreedom, 16.0 / 9, relative: 1e-15, "nu_m")
    }
}
