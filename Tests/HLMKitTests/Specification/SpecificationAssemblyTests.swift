import Testing
@testable import HLMKit

@Suite("Model parsing and assembly")
struct SpecificationAssemblyTests {
    @Test("Centering, intercepts and random effects are read; names are upper-cased")
    func parsesEquations() throws {
        let model = try ModelSpecification.parse(models: [
            "mathach=intrcpt1+SES+Group(female)+ GRAND ( x3 )",
            "  intrcpt1 = intrcpt2 + sector + grand(meanses) + Random ",
        ], variancePredictors: ["female", "grand(SES),x3"])
        #expect(model.level1 == Level1Equation(outcome: "MATHACH", hasIntercept: true, predictors: [
            Predictor("SES"), Predictor("FEMALE", centering: .group), Predictor("X3", centering: .grand),
        ]))
        #expect(model.level2[0] == Level2Equation(
            coefficient: "INTRCPT1", hasIntercept: true,
            predictors: [Predictor("SECTOR"), Predictor("MEANSES", centering: .grand)], isRandom: true))
        #expect(model.variancePredictors == [Predictor("FEMALE"), Predictor("SES", centering: .grand), Predictor("X3")])
        #expect(model.isHeterogeneous)
    }

    @Test("Names start with a letter or underscore and may hold digits, underscores and dots")
    func nameCharacters() throws {
        let model = try ModelSpecification.parse(models: ["score.2 = INTRCPT1 + x_1 + _2nd.try"])
        #expect(model.level1.outcome == "SCORE.2")
        #expect(model.level1.predictors.map(\.name) == ["X_1", "_2ND.TRY"])
        #expect(parseError(["Y = INTRCPT1 + 2ND"]) == located(.expectedName, "Y = INTRCPT1 + 2ND", column: 16))
    }

    @Test("Missing level-2 equations get HLM's defaults, in level-1 order")
    func defaultsAndOrder() throws {
        let model = try ModelSpecification.parse(models: [
            "MATHACH = INTRCPT1 + SES + FEMALE",
            "FEMALE = INTRCPT2 + SECTOR + random",
        ])
        #expect(model.level2.map(\.coefficient) == ["INTRCPT1", "SES", "FEMALE"])
        #expect(model.level2[0] == .hlmDefault(for: "INTRCPT1"))
        #expect(model.level2[1] == Level2Equation(coefficient: "SES", hasIntercept: true, predictors: [], isRandom: false))
        #expect(model.level2[2].predictors == [Predictor("SECTOR")])
        #expect(!model.isHeterogeneous)
    }

    @Test("Without INTRCPT1 there is no intercept; a level-2 equation may be random alone")
    func noIntercept() throws {
        let model = try ModelSpecification.parse(models: ["MATHACH = SES", "SES = random"])
        #expect(model.level1.coefficientNames == ["SES"])
        #expect(model.level2 == [Level2Equation(coefficient: "SES", hasIntercept: false, predictors: [], isRandom: true)])
    }

    @Test("make orders and fills the equations it is given")
    func makeOrders() throws {
        let level1 = Level1Equation(outcome: "y", hasIntercept: true, predictors: [Predictor("a"), Predictor("b")])
        let b = Level2Equation(coefficient: "b", hasIntercept: true, predictors: [Predictor("w")], isRandom: true)
        let model = try ModelSpecification.make(level1: level1, level2: [b], variancePredictors: [])
        #expect(model.level2 == [.hlmDefault(for: "INTRCPT1"), .hlmDefault(for: "A"), b])
    }

    @Test("make rejects what the parser would, without a caret", arguments: [
        (Level1Equation(outcome: "Y", hasIntercept: true, predictors: [Predictor("A"), Predictor("a")]),
         [Level2Equation](), [Predictor](), EquationProblem.duplicateTerm("A")),
        (Level1Equation(outcome: "Y", hasIntercept: true, predictors: [Predictor("INTRCPT2")]),
         [], [], .reservedName("INTRCPT2")),
        (Level1Equation(outcome: "Y", hasIntercept: true, predictors: [Predictor("A")]),
         [Level2Equation(coefficient: "A", hasIntercept: false, predictors: [], isRandom: false)], [],
         .emptyLevel2Equation("A")),
        (Level1Equation(outcome: "Y", hasIntercept: true, predictors: []),
         [Level2Equation(coefficient: "INTRCPT1", hasIntercept: true, predictors: [], isRandom: false)], [],
         .noRandomCoefficient),
        (Level1Equation(outcome: "Y", hasIntercept: true, predictors: []),
         [Level2Equation(coefficient: "INTRCPT1", hasIntercept: true,
                         predictors: [Predictor("W", centering: .group)], isRandom: true)], [],
         .groupCenteringAtLevel2("W")),
        (Level1Equation(outcome: "Y", hasIntercept: true, predictors: []), [], [Predictor("A"), Predictor("A")],
         .duplicateTerm("A")),
    ])
    func makeErrors(level1: Level1Equation, level2: [Level2Equation], variance: [Predictor], problem: EquationProblem) {
        let error = specificationError {
            _ = try ModelSpecification.make(level1: level1, level2: level2, variancePredictors: variance)
        }
        #expect(error == .model(problem))
        #expect(error?.category == .usage)
    }

    @Test("parseVariancePredictors reads repeated options and comma lists")
    func variancePredictors() throws {
        let predictors = try ModelSpecification.parseVariancePredictors(["female", " SES , group(minority)"])
        #expect(predictors == [Predictor("FEMALE"), Predictor("SES"), Predictor("MINORITY", centering: .group)])
    }
}
