import Foundation
import Testing
@testable import HLMKit

/// `hlm fit --weight1 --weight2` end to end on the design-weight fixture (references/weights-references.R): the
/// report's section, the JSON's `weights` object read back through the schema, the command file's keywords,
/// and the refused combinations' exit status.
struct WeightFlagTests {
    static func files() throws -> [String] {
        [try fixtureURL("Weights/weights-level1.csv").path, try fixtureURL("Weights/weights-level2.csv").path]
    }

    static let model = ["--model", "Y = INTRCPT1 + X", "--model", "INTRCPT1 = INTRCPT2 + W + random",
                        "--model", "X = INTRCPT2 + random"]

    @Test("--weight1 and --weight2: the Design weights section and the JSON's weights object")
    func flags() throws {
        let folder = try CLIRunner.temporaryDirectory()
        let json = folder.appendingPathComponent("fit.json")
        let result = try CLIRunner.run(["fit"] + Self.files() + ["--id", "ID", "--weight1", "W1", "--weight2", "w2"]
            + Self.model + ["--json", json.path], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Design weights (pseudo-maximum likelihood)"))
        #expect(result.stdout.contains("Effective level-2 sample size    = 47.293"))
        #expect(result.stdout.contains("Method of estimation: full maximum likelihood"))
        let document = try JSONDecoder().decode(ReportDocument.self, from: Data(contentsOf: json))
        let weights = try #require(document.weights.value)
        #expect(weights.level1Column == "W1" && weights.level2Column == "W2" && weights.level1Normalisation == "size")
        expectClose(weights.level1Sum, 675, relative: 1e-12, "sum of size-normalised level-1 weights")
        expectClose(weights.level2Sum, 72, relative: 1e-12, "sum of level-2 weights")
        // The reference's deviance (Fixtures/Weights/weights-random-slope.json).
        expectClose(try #require(document.deviance), 2997.593244, absolute: 1e-5, "pseudo-deviance")
    }

    @Test("The command file's level1weight: and level2weight: fit the same model; REML is refused with 64")
    func commandFile() throws {
        let folder = try CLIRunner.temporaryDirectory()
        let command = folder.appendingPathComponent("weights.hlm")
        try Data("""
            level1:Y=INTRCPT1+X+RANDOM
            level2:INTRCPT1=INTRCPT2+W+random/
            level2:X=INTRCPT2+random/
            level1weight:W1
            level2weight:W2
            """.utf8).write(to: command)
        let fromFile = try CLIRunner.run(["fit", "--command", command.path] + Self.files() + ["--id", "ID"], in: folder)
        let fromFlags = try CLIRunner.run(["fit"] + Self.files() + ["--id", "ID", "--weight1", "W1", "--weight2", "W2"]
            + Self.model, in: folder)
        #expect(fromFile.status == 0, "\(fromFile.stderr)")
        #expect(fromFile.stdout == fromFlags.stdout)
        let reml = try CLIRunner.run(["fit", "--command", command.path] + Self.files() + ["--id", "ID", "--method", "reml"],
                                     in: folder)
        #expect(reml.status == 64)
        #expect(reml.stderr.contains("pseudo-maximum likelihood"))
    }
}
