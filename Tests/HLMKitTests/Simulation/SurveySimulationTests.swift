import Foundation
import Testing
@testable import HLMKit

/// `hlm simulate --plausible-values --design-weights`: the columns, the plausible values' error variance, the
/// weights as inverse selection probabilities, and informative selection.
@Suite("Simulation: plausible values and design weights")
struct SurveySimulationTests {
    /// The survey settings of the embedded example (data/README.md), `groups` units.
    static func settings(groups: Int) -> SimulationSettings {
        var settings = SimulationSettings()
        (settings.groups, settings.meanGroupSize, settings.seed, settings.alpha) = (groups, 30, 16, [3.4, 0, 0])
        (settings.survey.plausibleValues, settings.survey.selection) = (5, true)
        return settings
    }

    @Test("data/survey-*.csv are hlm simulate's output for the documented settings")
    func exampleData() throws {
        let files = try SimulationFamilyTests.simulate(Self.settings(groups: 400))
        #expect(files.level1 == (try String(contentsOfFile: exampleFilePath("survey-level1.csv"), encoding: .utf8)))
        #expect(files.level2 == (try String(contentsOfFile: exampleFilePath("survey-level2.csv"), encoding: .utf8)))
    }

    @Test("PV_m - Y has variance 10; weights are at least 1; selection is informative")
    func columns() throws {
        let files = try SimulationFamilyTests.simulate(Self.settings(groups: 2_000))
        #expect(files.level1.hasPrefix("ID,X,G,Y,PV1,PV2,PV3,PV4,PV5,WEIGHT1\n"))
        #expect(files.level2.hasPrefix("ID,W,WEIGHT2\n"))
        let rows = SimulationFamilyTests.rows(files.level1)
        let errors = rows.flatMap { row in (4...8).map { row[$0] - row[3] } }
        let variance = errors.map { $0 * $0 }.reduce(0, +) / Double(errors.count)
        // About 150,000 draws: the SE of the variance estimate is 10 sqrt(2 / n), about 0.04.
        expectClose(variance, 10, absolute: 0.2, "variance of PV - Y")
        #expect(rows.allSatisfy { $0[9] > 1 })
        // Units are sampled with probability 1/(1 + exp(-u0/sd)), 1/2 on average: about 1,000 of 2,000.
        let units = SimulationFamilyTests.rows(files.level2)
        #expect((850...1_150).contains(units.count) && units.allSatisfy { $0[2] > 1 })
        // Rows with large residuals are sampled more often: the mean of Y - E(Y) is positive. With
        // gamma = (10, 1, 2, -1), E(Y | X, G, W) = 10 + W + 2X - G; the sample mean of Y minus it is about
        // E(u0 | sampled) + E(r | sampled) > 1 (sd(u0) = 2, sd(r) = 5.5).
        let w = Dictionary(uniqueKeysWithValues: units.map { ($0[0], $0[1]) })
        let residuals = rows.map { $0[3] - (10 + w[$0[0]]! + 2 * $0[1] - $0[2]) }
        #expect(residuals.reduce(0, +) / Double(residuals.count) > 1)
    }

    @Test("plausible values and weights are refused for a non-normal outcome and out of range")
    func refused() throws {
        var settings = SimulationSettings(family: .poisson)
        settings.survey.plausibleValues = 5
        #expect(throws: SimulationError.self) { try SimulationFamilyTests.simulate(settings) }
        var normal = SimulationSettings()
        normal.survey.errorVariance = -1
        normal.survey.plausibleValues = 2
        #expect(throws: SimulationError.self) { try SimulationFamilyTests.simulate(normal) }
    }
}
