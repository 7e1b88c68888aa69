import Testing
@testable import HLMKit

@Suite("HLM3 command files")
struct ThreeLevelCommandFileTests {
    /// An HLM3 command file in the form HLM3 writes: each level-2 equation followed by the level-3 equations of
    /// its coefficients, named by their level-2 predictor.
    static let eg = """
        #WHLM CMD FILE FOR eg.mdm
        nonlin:n
        numit:100
        stopval:0.0000010000
        level1:MATH=INTRCPT1+YEAR+RANDOM
        level2:INTRCPT1=INTRCPT2+random/
        level3:INTRCPT2=INTRCPT3+LOWINC,2+random/
        level2:YEAR=INTRCPT2+BLACK+random/
        level3:INTRCPT2=INTRCPT3+random/
        level3:BLACK=INTRCPT3/
        fixtau2:3
        fixtau3:3
        accel:5
        level1weight:none
        level2weight:none
        level3weight:none
        varianceknown:none
        hypoth:n
        resfil1:n
        resfil2:n
        resfil3:y
        resfil3name:eg3res.csv
        constrain:N
        heterol1var:n
        title:EG growth
        fulloutput:n
        mlf:y
        """

    func error(_ lines: [String]) -> SpecificationError? {
        specificationError { _ = try CommandFile.parse(contents: lines.joined(separator: "\n"), path: "eg.hlm") }
    }

    @Test("An HLM3-written file gives the three levels' equations and the settings")
    func fullFile() throws {
        let file = try CommandFile.parse(contents: Self.eg, path: "runs/eg.hlm")
        let expected = try ModelSpecification.parse(models: [
            "MATH = INTRCPT1 + YEAR", "INTRCPT1 = INTRCPT2 + random", "YEAR = INTRCPT2 + BLACK + random",
            "INTRCPT1/INTRCPT2 = INTRCPT3 + grand(LOWINC) + random", "YEAR/INTRCPT2 = INTRCPT3 + random",
            "YEAR/BLACK = INTRCPT3",
        ], threeLevel: true)
        #expect(file.specification == expected)
        #expect(file.specification.isThreeLevel)
        #expect(file.fullMaximumLikelihood == true)
        #expect(file.level3ResidualFile == "runs/eg3res.csv")
        #expect(file.title == "EG growth")
    }

    @Test("A level3: line may name its coefficient in full; missing ones take HLM3's defaults")
    func fullNameAndDefaults() throws {
        let file = try CommandFile.parse(contents: """
            level1:MATH=INTRCPT1+YEAR+RANDOM
            level3:YEAR/INTRCPT2=INTRCPT3+random
            """, path: "eg.hlm")
        #expect(file.specification == (try ModelSpecification.parse(models: [
            "MATH = INTRCPT1 + YEAR", "YEAR/INTRCPT2 = INTRCPT3 + random",
        ], threeLevel: true)))
        #expect(file.specification.level3.map(\.isRandom) == [true, true])
    }

    @Test("Errors name the keyword and the line", arguments: [
        (["level1:MATH=INTRCPT1+YEAR+RANDOM", "level3:INTRCPT2=INTRCPT3+random/"],
         SpecificationError.commandFile(.level3BeforeLevel2, path: "eg.hlm", line: 2)),
        (["level1:MATH=INTRCPT1+YEAR+RANDOM", "level2:YEAR=INTRCPT2+random/", "level3:INTRCPT2=INTRCPT3/",
          "gamma1:0,1"], SpecificationError.commandFile(.twoLevelOnly("gamma1"), path: "eg.hlm", line: 4)),
        (["level1:MATH=INTRCPT1+YEAR+RANDOM", "homvar:y", "level2:YEAR=INTRCPT2+random/", "level3:INTRCPT2=INTRCPT3/"],
         SpecificationError.commandFile(.twoLevelOnly("homvar"), path: "eg.hlm", line: 2)),
        (["level1:MATH=INTRCPT1+YEAR+RANDOM", "level2:YEAR=INTRCPT2+random/", "level3:INTRCPT2=INTRCPT3/",
          "nonlin:bernoulli"], SpecificationError.commandFile(.twoLevelOnly("nonlin"), path: "eg.hlm", line: 4)),
        (["level1:MATH=INTRCPT1+YEAR+RANDOM", "resfil3:y", "resfil3name:x.csv"],
         SpecificationError.commandFile(.invalidValue(keyword: "resfil3", value: "y", expected:
            "n: a level-3 residual file needs a three-level model (level3: lines)"), path: "eg.hlm", line: 2)),
        (["level1:MATH=INTRCPT1+YEAR+RANDOM", "level3:INTRCPT2=INTRCPT3", "fixtau3:1"],
         SpecificationError.commandFile(.level3BeforeLevel2, path: "eg.hlm", line: 2)),
        (["level1:MATH=INTRCPT1+YEAR+RANDOM", "level2:YEAR=INTRCPT2+random/", "level3:INTRCPT2=INTRCPT3/",
          "fixtau3:1"], SpecificationError.commandFile(.unsupported(keyword: "fixtau3", value: "1", defaultValue: "3"),
                                                       path: "eg.hlm", line: 4)),
    ])
    func errors(lines: [String], expected: SpecificationError) {
        let found = error(lines)
        #expect(found == expected)
        #expect(found?.category == .usage)
    }

    @Test("The messages say what to do")
    func messages() {
        let before = error(["level1:MATH=INTRCPT1+YEAR+RANDOM", "level3:INTRCPT2=INTRCPT3+random/"])
        #expect(before?.description.hasPrefix("level3: on line 2 of eg.hlm comes before any level2: line") == true)
        let twoLevel = error(["level1:MATH=INTRCPT1+RANDOM", "level2:INTRCPT1=INTRCPT2+random/",
                              "level3:INTRCPT2=INTRCPT3/", "deviance:100", "df:3"])
        #expect(twoLevel?.description.hasPrefix("deviance: on line 4 of eg.hlm applies to two-level models only") == true)
    }

    @Test("An unknown level-2 predictor on a level3: line is refused with the level-2 coefficients available")
    func unknownPredictor() {
        let found = error(["level1:MATH=INTRCPT1+YEAR+RANDOM", "level2:YEAR=INTRCPT2+random/",
                           "level3:BLACK=INTRCPT3/"])
        #expect(found?.description.contains("YEAR/BLACK") == true)
        #expect(found?.category == .usage)
    }
}
