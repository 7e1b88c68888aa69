import Foundation
import Testing
@testable import HLMKit

/// Robust p-values and df against R (references/robust-p-references.R: lme4 REML fit, clubSandwich CR0 robust
/// SEs, HLM's df rule, p = 2 pt(-|t|, df)), on a HS&B model with moderate p-values (0.008 to 0.13), so that a
/// robust p computed on the wrong df or from the model-based t is caught (issue 11, section 8).
@Suite("Inference: robust p-values and df against R")
struct RobustPValueTests {
    static let models = ["MATHACH = INTRCPT1 + group(SES) + FEMALE",
                         "INTRCPT1 = INTRCPT2 + SECTOR + DISCLIM + HIMINTY + random",
                         "SES = INTRCPT2 + HIMINTY + DISCLIM + random", "FEMALE = INTRCPT2 + SIZE"]

    @Test("robust df and p of every fixed effect match R")
    func robustPValues() throws {
        let url = try fixtureURL("Inference/robust-p/hsb-robust-p-reml.json")
        let file = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any]
        let effects = try #require(file?["effects"] as? [[String: Any]])
        let request = AnalysisRequest(level1Path: try ReferenceFixture.resolve("hsb1.csv"),
                                      level2Path: try ReferenceFixture.resolve("hsb2.csv"), idColumn: "ID",
                                      specification: try ModelSpecification.parse(models: Self.models),
                                      options: EstimationOptions(method: .reml))
        let analysis = try HLMAnalysis.run(request, inference: InferenceOptions())
        let robust = try #require(analysis.inference?.robustFixedEffects)
        try #require(robust.count == effects.count)
        let pValues = try effects.map { try #require($0["robustP"] as? Double) }
        #expect(pValues.contains { 0.01 < $0 && $0 < 0.5 })
        for (ours, (reference, p)) in zip(robust, zip(effects, pValues)) {
            let what = "\(ours.coefficient)/\(ours.predictor) (R: \(reference["name"] ?? ""))"
            #expect(ours.degreesOfFreedom == reference["df"] as? Int, "robust df of \(what)")
            let t = try #require(reference["robustT"] as? Double)
            expectClose(ours.tRatio, t, relative: 1e-4, "robust t of \(what) (R, lme4 + clubSandwich)")
            // p from R's pt at R's t; the relative bound allows for the 1e-5-level difference of the two fits' t.
            expectClose(ours.pValue, p, relative: 1e-3, "robust p of \(what) (R: 2 pt(-|t|, df))")
        }
    }
}
