import Testing
@testable import HLMKit

@Suite("Model validation against the data's columns")
struct SpecificationDataValidationTests {
    // The HS&B files' columns (Raudenbush & Bryk 2002, ch. 4), given in mixed case on purpose.
    let level1: Set<String> = ["id", "Minority", "FEMALE", "SES", "MATHACH"]
    let level2: Set<String> = ["ID", "SIZE", "SECTOR", "PRACAD", "DISCLIM", "HIMINTY", "MEANSES"]

    func validationError(_ models: [String], sigma2: [String] = []) throws -> SpecificationError? {
        let model = try ModelSpecification.parse(models: models, variancePredictors: sigma2)
        return specificationError { try model.validate(level1Columns: level1, level2Columns: level2, idColumn: "Id") }
    }

    @Test("A model whose variables are all at the right level passes")
    func validModel() throws {
        let error = try validationError([
            "mathach = INTRCPT1 + group(ses) + minority",
            "INTRCPT1 = INTRCPT2 + sector + grand(meanses) + random",
            "SES = INTRCPT2 + SECTOR",
        ], sigma2: ["FEMALE", "meanses"])
        #expect(error == nil)
    }

    @Test("The variable lists are unique and upper-case")
    func variableLists() throws {
        let model = try ModelSpecification.parse(models: [
            "mathach = INTRCPT1 + ses + female",
            "INTRCPT1 = INTRCPT2 + sector + meanses + random",
            "SES = INTRCPT2 + meanses + Sector",
        ], variancePredictors: ["female,MEANSES"])
        #expect(model.level1Variables == ["MATHACH", "SES", "FEMALE"])
        #expect(model.level2Variables == ["SECTOR", "MEANSES"])
        #expect(model.varianceVariables == ["FEMALE", "MEANSES"])
    }

    @Test("An unknown level-1 variable is named with close matches and the level-1 columns")
    func unknownLevel1Variable() throws {
        let error = try validationError(["MATHACH = INTRCPT1 + SESS"])
        #expect(error == .unknownVariable("SESS", usedIn: .level1Equation, suggestions: ["SES"],
                                          available: ["FEMALE", "MATHACH", "MINORITY", "SES"]))
        #expect(error?.description == "unknown variable SESS in the level-1 equation: did you mean SES? "
                + "available: FEMALE, MATHACH, MINORITY, SES")
        #expect(error?.category == .data)
    }

    @Test("An unknown level-2 variable lists the level-2 columns")
    func unknownLevel2Variable() throws {
        let error = try validationError(["MATHACH = INTRCPT1", "INTRCPT1 = INTRCPT2 + XYZ + random"])
        #expect(error?.description == "unknown variable XYZ in the level-2 equation for INTRCPT1: "
                + "available: DISCLIM, HIMINTY, MEANSES, PRACAD, SECTOR, SIZE")
    }

    @Test("A level-2 variable in the level-1 equation is named as such")
    func level2VariableAtLevel1() throws {
        let error = try validationError(["MATHACH = INTRCPT1 + SECTOR"])
        #expect(error == .wrongLevel("SECTOR", variableLevel: 2, usedIn: .level1Equation))
        #expect(error?.description == "SECTOR is a level-2 variable (in the level-2 file); "
                + "the level-1 equation takes level-1 variables")
    }

    @Test("A level-1 variable in a level-2 equation is named as such")
    func level1VariableAtLevel2() throws {
        let error = try validationError(["MATHACH = INTRCPT1 + SES", "SES = INTRCPT2 + FEMALE + random"])
        #expect(error?.description == "FEMALE is a level-1 variable (in the level-1 file); "
                + "the level-2 equation for SES takes level-2 variables")
    }

    @Test("The ID column cannot be in an equation", arguments: [
        (["ID = INTRCPT1"], [String]()),
        (["MATHACH = INTRCPT1 + id"], []),
        (["MATHACH = INTRCPT1", "INTRCPT1 = INTRCPT2 + ID + random"], []),
        (["MATHACH = INTRCPT1"], ["id"]),
    ])
    func idColumn(models: [String], sigma2: [String]) throws {
        #expect(try validationError(models, sigma2: sigma2) == .idColumnInModel("ID"))
    }

    @Test("Variance predictors may come from either file; unknown ones list both")
    func varianceVariables() throws {
        #expect(try validationError(["MATHACH = INTRCPT1"], sigma2: ["SECTOR", "SES"]) == nil)
        let error = try validationError(["MATHACH = INTRCPT1"], sigma2: ["MEANSE"])
        #expect(error == .unknownVariable("MEANSE", usedIn: .varianceModel, suggestions: ["MEANSES"], available: [
            "DISCLIM", "FEMALE", "HIMINTY", "MATHACH", "MEANSES", "MINORITY", "PRACAD", "SECTOR", "SES", "SIZE",
        ]))
    }
}
