import Foundation
import Testing
@testable import HLMKit

/// `hlm fit --id3 --command FILE.hlm` end to end on `ThreeLevelCLITests`' small data: the command file gives the
/// same fit as the same equations given with `--model`, its settings apply, and refused input exits with 64.
@Suite struct ThreeLevelCommandCLITests {
    static let commandFile = """
        #WHLM CMD FILE FOR small.mdm
        level1:MATH=INTRCPT1+YEAR+RANDOM
        level2:INTRCPT1=INTRCPT2+FEMALE+random/
        level3:INTRCPT2=INTRCPT3+LOWINC,2+random/
        level3:FEMALE=INTRCPT3/
        level2:YEAR=INTRCPT2/
        level3:INTRCPT2=INTRCPT3/
        fixtau2:3
        fixtau3:3
        level3weight:none
        resfil3:y
        resfil3name:level3.csv
        title:small HLM3 run
        mlf:y
        """

    @Test func commandFileMatchesTheModelOptions() throws {
        let directory = try CLIRunner.temporaryDirectory()
        try ThreeLevelCLITests.writeData(in: directory)
        try Self.commandFile.write(to: directory.appendingPathComponent("small.hlm"), atomically: true, encoding: .utf8)
        let ids = ["--id", "CHILDID", "--id3", "SCHOOLID"]
        let viaFile = try CLIRunner.run(["fit", "l1.csv", "l2.csv", "l3.csv"] + ids
                                        + ["--command", "small.hlm", "--json", "file.json"], in: directory)
        #expect(viaFile.status == 0, "\(viaFile.stderr)")
        let viaModel = try CLIRunner.run(["fit", "l1.csv", "l2.csv", "l3.csv"] + ids + [
            "--model", "MATH = INTRCPT1 + YEAR", "--model", "INTRCPT1 = INTRCPT2 + FEMALE + random",
            "--model", "YEAR = INTRCPT2", "--model", "INTRCPT1/INTRCPT2 = INTRCPT3 + grand(LOWINC) + random",
            "--method", "fml", "--title", "small HLM3 run", "--json", "model.json"], in: directory)
        #expect(viaModel.status == 0, "\(viaModel.stderr)")
        let read = { (name: String) in try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8) }
        #expect(try read("file.json") == read("model.json"))
        #expect(viaFile.stdout.contains("Problem Title: small HLM3 run"))
        // resfil3: the level-3 residual file, beside the command file.
        #expect(try read("level3.csv").hasPrefix("SCHOOLID,EB_INTRCPT1_INTRCPT2\n"))
    }

    @Test func refusedCommandFilesExitWithUsage() throws {
        let directory = try CLIRunner.temporaryDirectory()
        try ThreeLevelCLITests.writeData(in: directory)
        let ids = ["--id", "CHILDID", "--id3", "SCHOOLID"]
        // A two-level-only keyword, at its line.
        try (Self.commandFile + "\nhomvar:y\n").write(to: directory.appendingPathComponent("homvar.hlm"),
                                                     atomically: true, encoding: .utf8)
        let homvar = try CLIRunner.run(["fit", "l1.csv", "l2.csv", "l3.csv"] + ids + ["--command", "homvar.hlm"],
                                       in: directory)
        #expect(homvar.status == 64)
        #expect(homvar.stderr.contains("homvar: on line 15 of homvar.hlm"))
        // A two-level command file with --id3, and a three-level one without it.
        try "level1:MATH=INTRCPT1+YEAR+RANDOM\n".write(to: directory.appendingPathComponent("two.hlm"),
                                                       atomically: true, encoding: .utf8)
        let two = try CLIRunner.run(["fit", "l1.csv", "l2.csv"] + ids + ["--command", "two.hlm"], in: directory)
        #expect(two.status == 64)
        #expect(two.stderr.contains("level-3 ID"))
        try Self.commandFile.write(to: directory.appendingPathComponent("small.hlm"), atomically: true, encoding: .utf8)
        let noID3 = try CLIRunner.run(["fit", "l1.csv", "l2.csv", "--id", "CHILDID", "--command", "small.hlm"],
                                      in: directory)
        #expect(noID3.status == 64)
        #expect(noID3.stderr.contains("level-3"))
        // A command file with --model is refused as for two levels.
        let both = try CLIRunner.run(["fit", "l1.csv"] + ids + ["--command", "small.hlm", "--model", "MATH = INTRCPT1"],
                                     in: directory)
        #expect(both.status == 64)
    }
}
