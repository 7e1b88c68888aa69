import Testing
@testable import HLMKit

@Suite("HLM2 command files")
struct SpecificationCommandFileTests {
    /// A command file in the form HLM2 writes (keyword order and default values as in its saved files).
    static let hsb = """
        #WHLM CMD FILE FOR hsb.mdm
        nonlin:n
        numit:100
        stopval:0.0000010000
        level1:MATHACH=INTRCPT1+SES,1+FEMALE+RANDOM
        level2:INTRCPT1=INTRCPT2+SECTOR+MEANSES,2+random/
        level2:SES=INTRCPT2+SECTOR+MEANSES,2+random/
        fixtau:3
        lev1ols:10
        accel:5
        level1weight:none
        level2weight:none
        varianceknown:none
        level1deletion:none
        level2deletion:none
        hypoth:n
        resfil1:n
        resfil2:n
        homvar:y
        constrain:N
        heterol1var:y,FEMALE,MEANSES
        graphgammas:C:\\HLM\\grapheq.geq
        lvr:n
        title:HS&B random slopes
        output:C:\\HLM\\hsb.html
        fulloutput:n
        mlf:y
        """

    func parsed(_ lines: [String], path: String = "model.hlm") throws -> CommandFile {
        try CommandFile.parse(contents: lines.joined(separator: "\n"), path: path)
    }

    func error(_ lines: [String], path: String = "model.hlm") -> SpecificationError? {
        specificationError { _ = try parsed(lines, path: path) }
    }

    @Test("A full HLM-written file with CRLF line ends gives the model and the settings")
    func fullFile() throws {
        let crlf = Self.hsb.split(separator: "\n").joined(separator: "\r\n") + "\r\n"
        let file = try CommandFile.parse(contents: crlf, path: "hsb.hlm")
        let expected = try ModelSpecification.parse(models: [
            "MATHACH = INTRCPT1 + group(SES) + FEMALE",
            "INTRCPT1 = INTRCPT2 + SECTOR + grand(MEANSES) + random",
            "SES = INTRCPT2 + SECTOR + grand(MEANSES) + random",
        ], variancePredictors: ["FEMALE,MEANSES"])
        #expect(file.specification == expected)
        #expect(file.variancePredictors == [Predictor("FEMALE"), Predictor("MEANSES")])
        #expect(file.fullMaximumLikelihood == true)
        #expect(file.maxIterations == 100)
        #expect(file.stopValue == 1e-6)
        #expect(file.title == "HS&B random slopes")
        #expect(file.outputPath == "C:\\HLM\\hsb.html")
        #expect(file.homogeneityTest)
        #expect(!file.fullOutput)
        #expect(file.level1ResidualFile == nil && file.level2ResidualFile == nil)
        // The file's method and iteration limit apply; stopval: is not the tolerance.
        #expect(try AnalysisSettings().resolved(for: file.specification, commandFile: file).estimation
                == EstimationOptions(method: .fml, maxIterations: 100, tolerance: 1e-8))
    }

    @Test("A minimal file leaves the settings unset; keywords are case-insensitive")
    func minimalFile() throws {
        let file = try parsed(["", "  # comment", "LEVEL1: mathach = intrcpt1 + ses ", "Level2:SES=INTRCPT2+random/"])
        #expect(file.specification.level2.map(\.isRandom) == [true, true])
        #expect(file.fullMaximumLikelihood == nil && file.maxIterations == nil && file.stopValue == nil && file.title == nil)
        #expect(!file.homogeneityTest && !file.fullOutput && !file.specification.isHeterogeneous)
        #expect(try AnalysisSettings().resolved(for: file.specification, commandFile: file).estimation
                == EstimationOptions())
    }

    @Test("heterol1var: n, empty, a list, or y then a list", arguments: [
        ("heterol1var:n", [String]()),
        ("heterol1var:", []),
        ("heterol1var:FEMALE", ["FEMALE"]),
        ("heterol1var:female,ses", ["FEMALE", "SES"]),
        ("heterol1var:y,FEMALE,SES", ["FEMALE", "SES"]),
        ("heterol1var: Y , FEMALE", ["FEMALE"]),
        ("heterol1var:YEAR", ["YEAR"]),
    ])
    func heterogeneousVariance(line: String, names: [String]) throws {
        let file = try parsed(["level1:MATHACH=INTRCPT1+SES+RANDOM", line])
        #expect(file.variancePredictors.map(\.name) == names)
    }

    @Test("heterol1var errors", arguments: [
        ("heterol1var:y", SpecificationError.commandFile(
            .invalidValue(keyword: "heterol1var", value: "y",
                          expected: "n, or the variables after y, e.g. heterol1var:y,FEMALE,SES"),
            path: "model.hlm", line: 2)),
        ("heterol1var:y,SES,ses", .located(.duplicateTerm("SES"), EquationLocation(
            source: .commandFile(path: "model.hlm", line: 2), text: "heterol1var:y,SES,ses", column: 19))),
        ("heterol1var:SES,1", .located(.expectedName, EquationLocation(
            source: .commandFile(path: "model.hlm", line: 2), text: "heterol1var:SES,1", column: 17))),
    ])
    func heterogeneousVarianceErrors(line: String, expected: SpecificationError) {
        #expect(error(["level1:MATHACH=INTRCPT1+SES+RANDOM", line]) == expected)
    }

    @Test("An unknown keyword names the line")
    func unknownKeyword() {
        let found = error(["level1:MATHACH=INTRCPT1+RANDOM", "# fine", "Foo:1"], path: "run.hlm")
        #expect(found == .commandFile(.unknownKeyword("Foo"), path: "run.hlm", line: 3))
        #expect(found?.description.hasPrefix("unknown keyword Foo on line 3 of run.hlm: known keywords are ") == true)
        #expect(found?.category == .usage)
    }

    @Test("Keywords we only accept at their defaults", arguments: [
        "accel:5.0", "fixtau:", "LEVEL1WEIGHT:NONE", "constrain:N", "graphgammas:anything", "resfiltype:spss",
    ])
    func defaultsAccepted(line: String) {
        #expect(error(["level1:MATHACH=INTRCPT1+RANDOM", line]) == nil)
    }

    @Test("A non-default value of an accepted keyword is not supported yet")
    func notSupported() {
        let found = error(["level1:MATHACH=INTRCPT1+RANDOM", "hypoth:n", "accel:7"], path: "run.hlm")
        #expect(found?.description
                == "accel:7 is not supported yet (line 3 of run.hlm); remove the line or write accel:5")
        #expect(error(["varianceknown:WT"]) == .commandFile(
            .unsupported(keyword: "varianceknown", value: "WT", defaultValue: "none"), path: "model.hlm", line: 1))
    }

    @Test("Equation errors show the line with a caret")
    func equationError() {
        let found = error(["#x", "level1:MATHACH=INTRCPT1++SES"], path: "run.hlm")
        #expect(found?.description == """
            line 2 of run.hlm: expected a variable name at column 25
              level1:MATHACH=INTRCPT1++SES
                                      ^
            """)
        let code = error(["level1:MATHACH=INTRCPT1+SES,3"])
        #expect(code == .located(.unknownCenteringCode("3"), EquationLocation(
            source: .commandFile(path: "model.hlm", line: 1), text: "level1:MATHACH=INTRCPT1+SES,3", column: 29)))
        let after = error(["level1:MATHACH=INTRCPT1", "level2:INTRCPT1=INTRCPT2+random/x"])
        #expect(after == .located(.unexpectedCharacter("x", expected: "`+` or `/` or the end of the line"),
                                  EquationLocation(source: .commandFile(path: "model.hlm", line: 2),
                                                   text: "level2:INTRCPT1=INTRCPT2+random/x", column: 33)))
    }

    @Test("Malformed files", arguments: [
        (["numit:100"], SpecificationError.commandFile(.missingLevel1, path: "model.hlm", line: nil)),
        (["level1:Y=INTRCPT1+RANDOM", "just words"], .commandFile(.missingColon("just words"), path: "model.hlm", line: 2)),
        (["level1:Y=INTRCPT1+RANDOM", "numit:5", "NUMIT:6"],
         .commandFile(.repeatedKeyword("numit", firstLine: 2), path: "model.hlm", line: 3)),
        (["level1:Y=INTRCPT1+RANDOM", "numit:abc"], .commandFile(
            .invalidValue(keyword: "numit", value: "abc", expected: "a positive whole number"), path: "model.hlm", line: 2)),
        (["level1:Y=INTRCPT1+RANDOM", "stopval:0"], .commandFile(
            .invalidValue(keyword: "stopval", value: "0", expected: "a positive finite number"), path: "model.hlm", line: 2)),
        (["mlf:maybe", "level1:Y=INTRCPT1+RANDOM"], .commandFile(
            .invalidValue(keyword: "mlf", value: "maybe", expected: "y or n"), path: "model.hlm", line: 1)),
        (["level1:Y=INTRCPT1+RANDOM", "resfil1:y"],
         .commandFile(.missingResidualFileName("resfil1"), path: "model.hlm", line: 2)),
        (["level1:Y=INTRCPT1", "level2:INTRCPT1=INTRCPT2/"], .model(.noRandomCoefficient)),
    ])
    func malformed(lines: [String], expected: SpecificationError) {
        #expect(error(lines) == expected)
    }

    @Test("Residual files are read when requested")
    func residualFiles() throws {
        let file = try parsed(["level1:Y=INTRCPT1+RANDOM", "resfil1:y", "resfil1name:res1.csv",
                               "resfil2:n", "resfil2name:ignored.csv", "mlf:n", "fulloutput:Y"])
        #expect(file.level1ResidualFile == "res1.csv")
        #expect(file.level2ResidualFile == nil)
        #expect(file.fullMaximumLikelihood == false)
        #expect(file.fullOutput)
    }
}
