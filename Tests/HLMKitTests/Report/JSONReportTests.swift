import Foundation
import Testing
@testable import HLMKit

@Suite("JSON report")
struct JSONReportTests {
    private func parse(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// Keys of the object printed at `depth` (two spaces per level), in the order they appear in `text`.
    private func keys(in text: String, depth: Int) -> [String] {
        let indent = String(repeating: " ", count: 2 * depth)
        return text.components(separatedBy: "\n").compactMap { line in
            guard line.hasPrefix(indent + "\""), !line.hasPrefix(indent + " ") else { return nil }
            return line.dropFirst(indent.count + 1).components(separatedBy: "\"").first
        }
    }

    @Test("top-level keys come in the documented order")
    func keyOrder() {
        let text = JSONReport.render(ReportExamples.slopesAsOutcomesAnalysis)
        #expect(keys(in: text, depth: 1) == [
            "method", "converged", "iterations", "gradient_norm", "deviance_change", "deviance", "parameters",
            "data", "model", "fixed_effects", "tau", "sigma2", "variance_components", "ols_units", "reliability", "covariance_parameters",
            "level1_variance", "homogeneity_test", "hypothesis_tests", "model_comparison", "warnings",
        ])
    }

    @Test("the schema decodes what the writer wrote and encodes it back to the same text",
          arguments: ["heterogeneous", "inference"])
    func schemaRoundTrip(example: String) throws {
        let analysis = example == "inference" ? InferenceExamples.slopesAsOutcomes : ReportExamples.heterogeneousAnalysis
        let text = JSONReport.render(analysis)
        let document = try JSONDecoder().decode(ReportDocument.self, from: Data(text.utf8))
        #expect(JSONValueEncoder.encode(document).rendered() + "\n" == text)
    }

    @Test("homogeneous model: values, model text and null level1_variance")
    func homogeneous() throws {
        let json = try parse(JSONReport.render(ReportExamples.slopesAsOutcomesAnalysis))
        #expect(json["method"] as? String == "reml")
        #expect(json["converged"] as? Bool == true)
        #expect(json["iterations"] as? Int == 4)
        #expect(json["deviance"] as? Double == 46503.664125)
        #expect(json["parameters"] as? Int == 4)
        #expect(json["sigma2"] as? Double == 36.72117)
        #expect(json["level1_variance"] is NSNull)
        #expect((json["warnings"] as? [String])?.isEmpty == true)
        let data = try #require(json["data"] as? [String: Any])
        #expect(data["level1_used"] as? Int == 7185)
        #expect(data["level2_used"] as? Int == 160)
        let model = try #require(json["model"] as? [String: Any])
        #expect(model["level1"] as? String == "MATHACH = INTRCPT1 + group(SES)")
        #expect(model["level2"] as? [String] == [
            "INTRCPT1 = INTRCPT2 + SECTOR + grand(MEANSES) + random",
            "SES = INTRCPT2 + SECTOR + grand(MEANSES) + random",
        ])
        let fixed = try #require(json["fixed_effects"] as? [[String: Any]])
        #expect(fixed.count == 6)
        #expect(fixed[4]["coefficient"] as? String == "SES")
        #expect(fixed[4]["predictor"] as? String == "SECTOR")
        #expect(fixed[4]["estimate"] as? Double == -1.642619)
        #expect(fixed[4]["df"] as? Int == 157)
        let tau = try #require(json["tau"] as? [String: Any])
        #expect(tau["matrix"] as? [[Double]] == [[2.37945, 0.19122], [0.19122, 0.10120]])
    }

    @Test("heterogeneous model: null sigma2 and the level-1 variance block")
    func heterogeneous() throws {
        let text = JSONReport.render(ReportExamples.heterogeneousAnalysis)
        let json = try parse(text)
        #expect(json["sigma2"] is NSNull)
        let block = try #require(json["level1_variance"] as? [String: Any])
        #expect(block["predictors"] as? [String] == ["INTRCPT1", "FEMALE"])
        let alpha = try #require(block["alpha"] as? [[String: Any]])
        #expect(alpha[1]["estimate"] as? Double == -0.09131)
        #expect(alpha[1]["p"] as? Double == 0.00737)
        #expect(alpha[1]["p_hlm"] as? Double == 0.00817)
        let homogeneous = try #require(block["homogeneous"] as? [String: Any])
        #expect(homogeneous["parameters"] as? Int == 6)
        let devianceHLM = try #require(homogeneous["deviance_hlm"] as? Double)
        #expect(abs(devianceHLM - 47049.46273) < 1e-5)
        #expect(block["chi_square"] as? Double == 7.18790)
        #expect(block["df"] as? Int == 1)
        let model = try #require(json["model"] as? [String: Any])
        #expect(model["sigma2_predictors"] as? [String] == ["FEMALE"])
        #expect(keys(in: text, depth: 2).suffix(7) == [
            "predictors", "alpha", "homogeneous", "heterogeneous", "chi_square", "df", "p",
        ])
    }

    @Test("non-finite numbers print as null and strings are escaped")
    func nonFiniteAndEscapes() throws {
        var analysis = ReportExamples.notConvergedAnalysis
        analysis.fit.convergence.gradientNorm = .nan
        analysis.fit.deviance = .infinity
        analysis.fit.warnings.append("quote \" backslash \\ tab \t")
        let json = try parse(JSONReport.render(analysis))
        #expect(json["gradient_norm"] is NSNull)
        #expect(json["deviance"] is NSNull)
        #expect(json["converged"] as? Bool == false)
        #expect((json["warnings"] as? [String])?.last == "quote \" backslash \\ tab \t")
        let data = try #require(json["data"] as? [String: Any])
        #expect(data["exclusions"] as? [String] == ["12 level-1 rows with a missing value in SES"])
    }

    @Test("equations as text", arguments: [
        (Level2Equation(coefficient: "ses", hasIntercept: false, predictors: [Predictor("sector")], isRandom: false),
         "SES = SECTOR"),
        (Level2Equation(coefficient: "SES", hasIntercept: false, predictors: [], isRandom: false), "SES = 0"),
        (Level2Equation.hlmDefault(for: "INTRCPT1"), "INTRCPT1 = INTRCPT2 + random"),
    ])
    func equationText(equation: Level2Equation, expected: String) {
        #expect(equation.text == expected)
    }
}

@Suite("JSON report snapshots")
struct JSONReportSnapshotTests {
    @Test("the heterogeneous example's whole JSON matches its snapshot")
    func snapshot() throws {
        try expectSnapshot(JSONReport.render(ReportExamples.heterogeneousAnalysis), named: "heterogeneous-sigma2-json")
    }
}
