import Foundation
import Testing
@testable import HLMKit

/// `--test` parsing, command-file `gammaK:` / `deviance:` / `df:` lines, and the tests built from them.
@Suite("Hypothesis tests")
struct HypothesisTestTests {
    typealias Term = FixedEffectHypothesis.Term

    @Test("rows, weights, signs and right-hand sides", arguments: [
        ("INTRCPT1/SECTOR = 0; SES/SECTOR = 0",
         [FixedEffectHypothesis.Row.named(terms: [Term(weight: 1, name: "INTRCPT1/SECTOR")], value: 0),
          .named(terms: [Term(weight: 1, name: "SES/SECTOR")], value: 0)]),
        ("intrcpt1/meanses - 2*ses/meanses", [.named(terms: [Term(weight: 1, name: "INTRCPT1/MEANSES"),
                                                             Term(weight: -2, name: "SES/MEANSES")], value: 0)]),
        ("-0.5 SES/INTRCPT2 + 1.5e2 * SES/SECTOR = -1.25",
         [.named(terms: [Term(weight: -0.5, name: "SES/INTRCPT2"), Term(weight: 150, name: "SES/SECTOR")],
                 value: -1.25)]),
    ])
    func parses(text: String, rows: [FixedEffectHypothesis.Row]) throws {
        #expect(try FixedEffectHypothesis.parse(text) == FixedEffectHypothesis(text: text, rows: rows))
    }

    @Test("syntax errors say what is wrong", arguments: [
        ("", "it has no rows"), ("SES/SECTOR = 0 = 1", "a row has two '='"), ("SES/SECTOR = x", "'x' after '='"),
        ("2 * = 0", "expected COEFFICIENT/PREDICTOR, found the end of the row"), ("2 * * SES/SECTOR", "found '*'"), ("SES/SECTOR; ;", "a row is empty"),
        ("1.2.3 SES/SECTOR", "'1.2.3' is not a finite number"),
    ])
    func syntaxErrors(text: String, message: String) {
        #expect {
            try FixedEffectHypothesis.parse(text)
        } throws: { error in
            guard let error = error as? InferenceError, case .invalidHypothesis = error else { return false }
            return error.description.contains(message) && error.category == .usage
        }
    }

    @Test("command-file gammaK:, deviance: and df: lines")
    func commandFile() throws {
        let file = try CommandFile.parse(contents: """
            level1:MATHACH=INTRCPT1+SES,1+RANDOM
            level2:INTRCPT1=INTRCPT2+SECTOR+random/
            level2:SES=INTRCPT2+SECTOR+random/
            hypoth:y
            gamma2:0,0,0,1
            gamma1:0,1,0,0
            gamma1:0 0 0 1
            deviance:46568.25
            df:4
            homvar:y
            """, path: "tests.hlm")
        var settings = AnalysisSettings()
        settings.hypotheses = ["INTRCPT1/SECTOR = 0"]
        let options = try settings.resolved(for: file.specification, commandFile: file).inference
        #expect(options.hypothesisTests == [
            FixedEffectHypothesis(text: "gamma1 (command file line 6)", rows: [.weights([0, 1, 0, 0]), .weights([0, 0, 0, 1])]),
            FixedEffectHypothesis(text: "gamma2 (command file line 5)", rows: [.weights([0, 0, 0, 1])]),
            try FixedEffectHypothesis.parse("INTRCPT1/SECTOR = 0"),
        ])
        #expect(options.previousModel == ModelDeviance(deviance: 46568.25, parameters: 4))
        #expect(options.homogeneityTest)
    }

    @Test("command-file errors", arguments: [
        ("gamma1:0,x,1", "gamma1:0,x,1"), ("deviance:100", "a df: line with it"), ("df:3", "a deviance: line with it"),
        ("hypoth:maybe", "y or n"), ("df:0", "a positive whole number"),
    ])
    func commandFileErrors(line: String, message: String) {
        #expect {
            try CommandFile.parse(contents: "level1:MATHACH=INTRCPT1+RANDOM\n" + line, path: "bad.hlm")
        } throws: { error in
            (error as? SpecificationError)?.description.contains(message) == true
        }
    }

    @Test("weight rows, named rows and right-hand sides give the same statistic")
    func weightsEqualNames() throws {
        let (fixture, analysis) = try InferenceFixture.analysis("hsb-slopes-as-outcomes-reml")
        let named = try #require(analysis.inference?.hypothesisTests.first)
        let options = InferenceOptions(hypothesisTests: [
            FixedEffectHypothesis(text: "weights", rows: [.weights([0, 1, 0, 0, 0, 0]), .weights([0, 0, 0, 0, 1, 0])]),
            try FixedEffectHypothesis.parse("INTRCPT1/SECTOR = \(named.estimates[0])"),
        ])
        let tests = try #require(try HLMAnalysis.run(fixture.request(), inference: options).inference).hypothesisTests
        expectClose(tests[0].chiSquare, named.chiSquare, relative: 1e-12, "weights vs names")
        expectClose(tests[0].robustChiSquare, named.robustChiSquare, relative: 1e-12, "weights vs names (robust)")
        #expect(abs(tests[1].chiSquare) < 1e-12, "testing the estimate itself gives 0")
    }

    @Test("unknown names, wrong weight counts and dependent rows are usage errors", arguments: [
        (FixedEffectHypothesis(text: "a", rows: [.named(terms: [.init(weight: 1, name: "SES/SIZE")], value: 0)]),
         "names SES/SIZE, which is not a fixed effect"),
        (FixedEffectHypothesis(text: "b", rows: [.weights([1, 0])]), "has 2 weights; the model has 6"),
        (FixedEffectHypothesis(text: "c", rows: [.weights([0, 1, 0, 0, 0, 0]), .weights([0, 2, 0, 0, 0, 0])]),
         "linearly dependent"),
    ])
    func resolutionErrors(hypothesis: FixedEffectHypothesis, message: String) throws {
        let fixture = try InferenceFixture.named("hsb-slopes-as-outcomes-reml")
        #expect {
            try HLMAnalysis.run(fixture.request(), inference: InferenceOptions(hypothesisTests: [hypothesis]))
        } throws: { error in
            (error as? InferenceError)?.description.contains(message) == true && (error as? HLMError)?.category == .usage
        }
    }

    @Test("likelihood-ratio test: the model with fewer parameters is the null")
    func likelihoodRatio() {
        let small = ModelDeviance(deviance: 47116.793484, parameters: 2)
        let large = ModelDeviance(deviance: 46714.234050, parameters: 4)
        for test in [LikelihoodRatioTest(previous: small, current: large), LikelihoodRatioTest(previous: large, current: small)] {
            expectClose(test.chiSquare, 402.559434, absolute: 1e-6, "chi-square")
            #expect(test.degreesOfFreedom == 2)
            expectClose(test.pValue, exp(-402.559434 / 2), relative: 1e-10, "p = exp(-x/2) on 2 df")
        }
        #expect(LikelihoodRatioTest(previous: small, current: small).pValue.isNaN)
    }
}
