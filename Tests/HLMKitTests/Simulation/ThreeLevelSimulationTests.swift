import Foundation
import HLMPlatform
import Testing
@testable import HLMKit

/// `hlm simulate --level3-units`: the three files' layout and nesting, the fit recovering the parameters drawn
/// from, and the settings refused.
@Suite("Simulation: three levels")
struct ThreeLevelSimulationTests {
    /// Writes `settings`' three files into `folder` and returns their paths.
    static func simulate(_ settings: SimulationSettings, in folder: URL) throws -> [String] {
        let paths = ["l1.csv", "l2.csv", "l3.csv"].map { folder.appendingPathComponent($0).path }
        _ = try Simulator.writeThreeLevel(settings, level1Path: paths[0], level2Path: paths[1], level3Path: paths[2])
        return paths
    }

    @Test("level-2 units are split into contiguous level-3 units, and every row carries its unit's ID3")
    func nesting() throws {
        let folder = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        var settings = SimulationSettings()
        (settings.groups, settings.meanGroupSize, settings.level3Units) = (7, 3, 3)
        let paths = try Self.simulate(settings, in: folder)
        let texts = try paths.map { try String(contentsOfFile: $0, encoding: .utf8) }
        let lines = texts.map { $0.split(separator: "\n").map(String.init) }
        #expect(lines[0][0] == "ID,ID3,X,G,Y")
        #expect(lines[1][0] == "ID,ID3,W")
        #expect(lines[2][0] == "ID3,S")
        #expect(lines[2].count == 4)
        let level3OfUnit = Dictionary(uniqueKeysWithValues: lines[1].dropFirst().map { line in
            let fields = line.split(separator: ",")
            return (Int(fields[0])!, Int(fields[1])!)
        })
        // floor((j - 1) 3 / 7) + 1: units 1-3 in 1, 4-5 in 2, 6-7 in 3.
        #expect(level3OfUnit == [1: 1, 2: 1, 3: 1, 4: 2, 5: 2, 6: 3, 7: 3])
        for line in lines[0].dropFirst() {
            let fields = line.split(separator: ",")
            #expect(level3OfUnit[Int(fields[0])!] == Int(fields[1])!)
        }
    }

    @Test("the three-level fit recovers gamma, sigma^2 and Tau_beta of the simulated data")
    func recovery() throws {
        let folder = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        var settings = SimulationSettings()
        (settings.groups, settings.meanGroupSize, settings.level3Units, settings.seed) = (1_500, 8, 150, 3)
        (settings.alpha, settings.level3Gamma) = ([0, 0, 0], 0.7)
        let paths = try Self.simulate(settings, in: folder)
        let specification = try ModelSpecification.parse(models: SimulationSettings.fitModels3, threeLevel: true)
        var request = AnalysisRequest(level1Path: paths[0], level2Path: paths[1], idColumn: "ID",
                                      specification: specification, options: EstimationOptions(method: .fml))
        request.level3Path = paths[2]
        request.level3IDColumn = "ID3"
        let results = try ThreeLevelAnalysis.run(request).results
        #expect(results.convergence.converged)
        // gamma000, gamma001 (S), gamma010 (W), gamma100 (X), gamma200 (G), each within 4 SEs of the truth.
        let truth = [10, 0.7, 1, 2, -1]
        #expect(results.fixedEffects.count == truth.count)
        for (effect, value) in zip(results.fixedEffects, truth) {
            #expect(abs(effect.estimate - value) < 4 * effect.standardError, "\(effect.level2Predictor)/\(effect.predictor)")
        }
        #expect(abs(results.sigma2 - 1) < 0.1)
        #expect(abs(results.level3Tau.matrix[0][0] - 1) < 0.5)
        #expect(abs(results.level3Tau.matrix[1][1] - 0.5) < 0.25)
        #expect(abs(results.level2Tau.matrix[0][0] - 4) < 1)
    }

    @Test("more level-3 units than level-2 units, or three levels with another family, are refused")
    func refused() throws {
        var settings = SimulationSettings()
        (settings.groups, settings.level3Units) = (5, 6)
        #expect(throws: SimulationError.self) { try Simulator.validate(settings) }
        settings = SimulationSettings(family: .poisson)
        (settings.groups, settings.level3Units) = (5, 2)
        #expect(throws: SimulationError.self) { try Simulator.validate(settings) }
        settings = SimulationSettings()
        (settings.groups, settings.level3Units, settings.tauBeta) = (5, 2, [[1, 2], [2, 1]])
        #expect(throws: SimulationError.self) { try Simulator.validate(settings) }
    }
}
