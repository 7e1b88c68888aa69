import Testing
@testable import HLMKit

@Suite("Equation syntax errors")
struct SpecificationSyntaxTests {
    @Test("The message shows the equation and a caret under the offending column")
    func caretDisplay() {
        let error = parseError(["MATHACH = INTRCPT1 + + SES"])
        #expect(error?.description == """
            in --model "MATHACH = INTRCPT1 + + SES": expected a variable name at column 22
              MATHACH = INTRCPT1 + + SES
                                   ^
            """)
        #expect(error?.category == .usage)
    }

    @Test("Tabs before the column are kept so the caret lines up")
    func caretAfterTab() {
        let error = parseError(["MATHACH =\tINTRCPT1 * SES"])
        #expect(error?.description.hasSuffix("  MATHACH =\tINTRCPT1 * SES\n           \t         ^") == true)
    }

    @Test("Level-1 syntax errors point at the right column", arguments: [
        ("MATHACH INTRCPT1 + SES", EquationProblem.expectedEquals(after: "MATHACH"), 9),
        ("= INTRCPT1", .emptyLeftSide, 1),
        ("MATHACH = ", .emptyRightSide, 11),
        ("", .expectedName, 1),
        ("MATHACH = INTRCPT1 * SES", .unexpectedCharacter("*", expected: "`+` or the end of the line"), 20),
        ("MATHACH = INTRCPT1 + SE$", .unexpectedCharacter("$", expected: "`+` or the end of the line"), 24),
        ("MATHACH = INTRCPT1 + group(SES", .unclosedFunction("group"), 31),
        ("MATHACH = INTRCPT1 + group(SES + FEMALE)", .unclosedFunction("group"), 32),
        ("MATHACH = INTRCPT1 + group()", .expectedName, 28),
        ("MATHACH = INTRCPT1 + foo(SES)", .unknownFunction("foo"), 22),
        ("MATHACH = INTRCPT1 + SES + ses", .duplicateTerm("SES"), 28),
        ("MATHACH = INTRCPT1 + intrcpt1", .duplicateTerm("INTRCPT1"), 22),
        ("MATHACH = INTRCPT2 + SES", .misplacedIntercept("INTRCPT2", level: 1), 11),
        ("MATHACH = INTRCPT1 + SES + random", .randomInLevel1, 28),
        ("MATHACH = INTRCPT1 + MATHACH", .outcomeAsPredictor("MATHACH"), 22),
        ("INTRCPT1 = INTRCPT2 + random", .keywordAsOutcome("INTRCPT1"), 1),
        ("MATHACH = grand(INTRCPT1)", .centeredKeyword("INTRCPT1"), 17),
    ])
    func level1Errors(text: String, problem: EquationProblem, column: Int) {
        #expect(parseError([text, "INTRCPT1 = INTRCPT2 + random"]) == located(problem, text, column: column))
    }

    @Test("Level-2 errors point at the right column", arguments: [
        ("INTRCPT1 = INTRCPT1 + SECTOR", EquationProblem.misplacedIntercept("INTRCPT1", level: 2), 12),
        ("INTRCPT1 = INTRCPT2 + group(MEANSES) + random", .groupCenteringAtLevel2("MEANSES"), 29),
        ("FEMALE = INTRCPT2 + random", .unknownCoefficient("FEMALE", available: ["INTRCPT1", "SES"]), 1),
        ("random = INTRCPT2", .unknownCoefficient("RANDOM", available: ["INTRCPT1", "SES"]), 1),
        ("INTRCPT1 = INTRCPT2 + random + RANDOM", .duplicateTerm("RANDOM"), 32),
    ])
    func level2Errors(text: String, problem: EquationProblem, column: Int) {
        #expect(parseError(["MATHACH = INTRCPT1 + SES", text]) == located(problem, text, column: column))
    }

    @Test("A second level-2 equation for a coefficient points at the second one")
    func duplicateEquation() {
        let second = "ses = INTRCPT2"
        #expect(parseError(["MATHACH = INTRCPT1 + SES", "SES = INTRCPT2 + random", second])
                == located(.duplicateEquation("SES"), second, column: 1))
    }

    @Test("Hints say how to fix the problem")
    func hints() {
        let error = parseError(["MATHACH = INTRCPT1 + foo(SES)"])
        #expect(error?.description.hasPrefix(
            "in --model \"MATHACH = INTRCPT1 + foo(SES)\": unknown function `foo(` at column 22: "
            + "use group(NAME) or grand(NAME)\n") == true)
    }

    @Test("Errors in the model as a whole have no caret")
    func wholeModelErrors() {
        #expect(parseError([]) == .model(.noLevel1Equation))
        let noRandom = parseError(["MATHACH = INTRCPT1 + SES", "INTRCPT1 = INTRCPT2"])
        #expect(noRandom == .model(.noRandomCoefficient))
        #expect(noRandom?.description == "no random level-1 coefficient: add `+ random` to a level-2 equation")
    }

    @Test("--sigma2 errors point into the item", arguments: [
        (["FEMALE,,SES"], EquationProblem.expectedName, "FEMALE,,SES", 8),
        (["FEMALE", "ses,female"], .duplicateTerm("FEMALE"), "ses,female", 5),
        (["INTRCPT1"], .reservedName("INTRCPT1"), "INTRCPT1", 1),
        (["FEMALE + SES"], .unexpectedCharacter("+", expected: "`,` or the end of the line"), "FEMALE + SES", 8),
    ])
    func variancePredictorErrors(items: [String], problem: EquationProblem, text: String, column: Int) {
        let expected = located(problem, text, column: column, option: "--sigma2")
        #expect(specificationError { _ = try ModelSpecification.parseVariancePredictors(items) } == expected)
        #expect(parseError(["MATHACH = INTRCPT1 + SES"], sigma2: items) == expected)
    }

    @Test("The outcome cannot predict its own variance")
    func outcomeAsVariancePredictor() {
        #expect(parseError(["MATHACH = INTRCPT1"], sigma2: ["SES,mathach"])
                == located(.outcomeAsPredictor("MATHACH"), "SES,mathach", column: 5, option: "--sigma2"))
    }
}
