import Foundation
import Testing
@testable import HLMKit

/// The inference sections of the text report and the JSON, on hand-built results (`InferenceExamples`).
@Suite("Inference in the report")
struct InferenceReportTests {
    @Test("whole reports with inference match their snapshots", arguments: [
        "inference-slopes-as-outcomes", "inference-heterogeneous",
    ])
    func snapshot(name: String) throws {
        let analysis = name.hasSuffix("heterogeneous") ? InferenceExamples.heterogeneous : InferenceExamples.slopesAsOutcomes
        try expectSnapshot(TextReport.render(analysis), named: name)
        try expectSnapshot(JSONReport.render(analysis), named: name + "-json")
    }

    @Test("--full-output adds the covariance parameters' standard errors")
    func fullOutput() throws {
        let report = TextReport.render(InferenceExamples.slopesAsOutcomes, fullOutput: true)
        try expectSnapshot(report, named: "inference-slopes-as-outcomes-full")
        #expect(report.contains(" sigma2                       36.721170      0.625989"))
        #expect(!TextReport.render(InferenceExamples.slopesAsOutcomes).contains("Standard errors of the covariance"))
    }

    @Test("HLM's note when the OLS statistics use only some units")
    func partialUnitsNote() {
        let report = TextReport.render(InferenceExamples.heterogeneous)
        #expect(report.contains("Note: The chi-square statistics reported above are based on only 123 of 160 units"))
        #expect(report.contains("Note: The reliability estimates reported above are based on only 123 of 160 units"))
        #expect(!TextReport.render(InferenceExamples.slopesAsOutcomes).contains("Note: The"))
    }

    @Test("the robust table follows the model-based one, with the same estimates and df")
    func robustTable() throws {
        let report = TextReport.render(InferenceExamples.slopesAsOutcomes)
        let lines = report.components(separatedBy: "\n")
        let start = try #require(lines.firstIndex(of: "(with robust standard errors)"))
        #expect(lines[start - 1] == "Final estimation of fixed effects")
        #expect(report.contains("    INTRCPT2, gamma_00    12.095997   0.173695    69.639    157     <0.001"))
    }

    @Test("JSON carries robust columns, variance-component tests and the requested tests")
    func json() throws {
        let text = JSONReport.render(InferenceExamples.slopesAsOutcomes)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let effects = try #require(json["fixed_effects"] as? [[String: Any]])
        #expect(effects[0]["robust_se"] as? Double == 0.173695)
        #expect(effects[1]["satterthwaite_df"] as? Double == 149.613)
        let parameters = try #require(json["covariance_parameters"] as? [[String: Any]])
        #expect(parameters.map { $0["parameter"] as? String }
                == ["tau(INTRCPT1,INTRCPT1)", "tau(SES,INTRCPT1)", "tau(SES,SES)", "sigma2"])
        let components = try #require(json["variance_components"] as? [[String: Any]])
        #expect(components.map { $0["coefficient"] as? String } == ["INTRCPT1", "SES", "level-1"])
        #expect(components[0]["df"] as? Int == 157)
        #expect(components[2]["chi_square"] is NSNull)
        let units = try #require(json["ols_units"] as? [String: Any])
        #expect(units["used"] as? Int == 160 && units["total"] as? Int == 160)
        let homogeneity = try #require(json["homogeneity_test"] as? [String: Any])
        #expect(homogeneity["df"] as? Int == 159)
        let tests = try #require(json["hypothesis_tests"] as? [[String: Any]])
        #expect(tests.count == 2 && tests[0]["df"] as? Int == 2)
        let comparison = try #require(json["model_comparison"] as? [String: Any])
        #expect(comparison["df"] as? Int == 2)
    }
}
