import Foundation
import Testing
@testable import HLMKit

/// `hlm fit --id3` end to end on a small three-level data set: the JSON's three-level keys, and the exit
/// statuses of refused input.
@Suite struct ThreeLevelCLITests {
    /// 6 schools x 5 children x 4 occasions; MATH = a school effect + a child effect + a slope on YEAR + noise
    /// (a fixed linear-congruential sequence, so the files are the same on every run).
    static func writeData(in directory: URL) throws {
        var state: UInt64 = 12345
        func uniform() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53) - 0.5
        }
        var level1 = "CHILDID,SCHOOLID,YEAR,MATH\n", level2 = "CHILDID,SCHOOLID,FEMALE\n", level3 = "SCHOOLID,LOWINC\n"
        for school in 1...6 {
            let schoolEffect = uniform(), lowinc = Double(school * 10)
            level3 += "\(school),\(lowinc)\n"
            for child in 1...5 {
                let id = school * 100 + child, childEffect = 2 * uniform(), slope = 0.8 + 0.4 * uniform()
                level2 += "\(id),\(school),\(child % 2)\n"
                for year in 0..<4 {
                    let math = schoolEffect + childEffect + slope * Double(year) - 0.01 * lowinc + uniform()
                    level1 += "\(id),\(school),\(year),\(math)\n"
                }
            }
        }
        try level1.write(to: directory.appendingPathComponent("l1.csv"), atomically: true, encoding: .utf8)
        try level2.write(to: directory.appendingPathComponent("l2.csv"), atomically: true, encoding: .utf8)
        try level3.write(to: directory.appendingPathComponent("l3.csv"), atomically: true, encoding: .utf8)
    }

    @Test func jsonHasTheThreeLevelKeys() throws {
        let directory = try CLIRunner.temporaryDirectory()
        try Self.writeData(in: directory)
        let result = try CLIRunner.run(["fit", "l1.csv", "l2.csv", "l3.csv", "--id", "CHILDID", "--id3", "SCHOOLID",
                                        "--model", "MATH = INTRCPT1 + YEAR",
                                        "--model", "INTRCPT1/INTRCPT2 = INTRCPT3 + LOWINC + random",
                                        "--json", "out.json", "--output", "out.txt"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent("out.json")))
        let document = try #require(json as? [String: Any])
        let tau = try #require(document["tau"] as? [String: [String: Any]])
        #expect(tau["level2"]?["coefficients"] as? [String] == ["INTRCPT1"])
        #expect(tau["level3"]?["coefficients"] as? [String] == ["INTRCPT1/INTRCPT2"])
        let effects = try #require(document["fixed_effects"] as? [[String: Any]])
        #expect(effects.map { $0["predictor"] as? String } == ["INTRCPT3", "LOWINC", "INTRCPT3"])
        #expect(effects.map { $0["level2_predictor"] as? String } == ["INTRCPT2", "INTRCPT2", "INTRCPT2"])
        #expect(effects.map { $0["coefficient"] as? String } == ["INTRCPT1", "INTRCPT1", "YEAR"])
        // df: K - S - 1 for the random INTRCPT1/INTRCPT2; N - F for YEAR, fixed at both levels.
        #expect(effects.map { $0["df"] as? Int } == [4, 4, 117])
        let report = try String(contentsOf: directory.appendingPathComponent("out.txt"), encoding: .utf8)
        #expect(report.contains("B00 = G000 + G001*(LOWINC) + U00"))
    }

    @Test func refusedInputExitsWithItsCategory() throws {
        let directory = try CLIRunner.temporaryDirectory()
        try Self.writeData(in: directory)
        // A level-2 unit under two level-3 units: a data error (65) naming both IDs.
        try "CHILDID,SCHOOLID,YEAR,MATH\n1,1,0,1\n1,2,1,2\n2,1,0,3\n"
            .write(to: directory.appendingPathComponent("bad.csv"), atomically: true, encoding: .utf8)
        let bad = try CLIRunner.run(["fit", "bad.csv", "--id", "CHILDID", "--id3", "SCHOOLID",
                                     "--model", "MATH = INTRCPT1 + YEAR"], in: directory)
        #expect(bad.status == 65)
        #expect(bad.stderr.contains("'1'") && bad.stderr.contains("'2'"))
        // A level-3 equation without --id3: a usage error (64).
        let noID3 = try CLIRunner.run(["fit", "l1.csv", "--id", "CHILDID", "--model", "MATH = INTRCPT1 + YEAR",
                                       "--model", "INTRCPT1/INTRCPT2 = INTRCPT3 + random"], in: directory)
        #expect(noID3.status == 64)
        // An unknown level-2 coefficient on a level-3 equation's left side.
        let unknown = try CLIRunner.run(["fit", "l1.csv", "--id", "CHILDID", "--id3", "SCHOOLID",
                                         "--model", "MATH = INTRCPT1 + YEAR",
                                         "--model", "YEAR/FEMALE = INTRCPT3"], in: directory)
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("YEAR/FEMALE"))
    }
}
