import Foundation
import HLMPlatform
import Testing
@testable import HLMKit

/// `hlm simulate --family`: the normal files are unchanged, the non-normal outcomes follow their family, and
/// the Poisson sampler is exact in its moments on both sides of its switch of method.
@Suite("Simulation: outcome families")
struct SimulationFamilyTests {
    /// Writes `settings`' files into a new folder and returns their texts.
    static func simulate(_ settings: SimulationSettings) throws -> (level1: String, level2: String) {
        let folder = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let paths = ["l1.csv", "l2.csv"].map { folder.appendingPathComponent($0).path }
        _ = try Simulator.write(settings, level1Path: paths[0], level2Path: paths[1])
        return (try String(contentsOfFile: paths[0], encoding: .utf8), try String(contentsOfFile: paths[1], encoding: .utf8))
    }

    /// The level-1 rows of `text` (header dropped) as numbers.
    static func rows(_ text: String) -> [[Double]] {
        text.split(separator: "\n").dropFirst().map { $0.split(separator: ",").map { Double($0)! } }
    }

    @Test("the normal files are byte for byte those written before --family existed")
    func normalUnchanged() throws {
        var settings = SimulationSettings()
        (settings.groups, settings.meanGroupSize, settings.seed) = (3, 4, 5)
        (settings.gamma, settings.tau, settings.alpha) = ([1, 2, 3, 4], [[1, 0.2], [0.2, 0.5]], [0, 0.5, -0.5])
        let files = try Self.simulate(settings)
        // Written by hlm simulate --groups 3 --mean-size 4 --seed 5 --gamma 1,2,3,4 --tau 1,0.2,0.5
        // --alpha 0,0.5,-0.5 at commit e411a37, before the families were added.
        #expect(files.level1 == """
            ID,X,G,Y
            1,1.062926,1,6.347203
            1,1.388822,0,2.563357
            1,-0.748300,1,0.293441
            1,1.045989,1,7.565941
            1,-0.077488,1,-0.191875
            2,-1.035920,1,0.340904
            2,1.331293,1,7.941745
            2,-2.024993,1,-1.059105
            2,-1.371710,0,-3.024462
            2,0.805238,1,5.172869
            2,-0.175471,1,1.843388
            3,1.106575,0,3.035751
            3,1.517933,1,8.988607
            3,-1.597044,0,0.007997
            3,-0.159557,1,3.525634

            """)
        #expect(files.level2 == "ID,W\n1,-1.565523\n2,-0.651797\n3,-0.323576\n")
    }

    @Test("a Bernoulli Y is 0 or 1, with the proportion of its probability")
    func bernoulli() throws {
        var settings = SimulationSettings(family: .bernoulli)
        (settings.groups, settings.meanGroupSize) = (200, 50)
        (settings.gamma, settings.tau) = ([0.8, 0, 0, 0], [[0, 0], [0, 0]])
        let files = try Self.simulate(settings)
        #expect(files.level1.hasPrefix("ID,X,G,Y\n"))
        let y = Self.rows(files.level1).map { $0[3] }
        #expect(y.allSatisfy { $0 == 0 || $0 == 1 })
        // P(Y = 1) = 1 / (1 + e^-0.8) = 0.68997; 4 standard errors of the proportion of about 10,000 rows.
        let p = 1 / (1 + exp(-0.8)), se = (p * (1 - p) / Double(y.count)).squareRoot()
        #expect(abs(y.reduce(0, +) / Double(y.count) - p) < 4 * se)
    }

    @Test("a binomial row has N in 1...max trials and Y successes of them")
    func binomial() throws {
        var settings = SimulationSettings(family: .binomial)
        (settings.groups, settings.meanGroupSize, settings.maxTrials) = (50, 20, 4)
        let files = try Self.simulate(settings)
        #expect(files.level1.hasPrefix("ID,X,G,N,Y\n"))
        let rows = Self.rows(files.level1)
        #expect(rows.allSatisfy { (1...4).contains($0[3]) && $0[4] >= 0 && $0[4] <= $0[3] && $0[4] == $0[4].rounded() })
        #expect(Set(rows.map { $0[3] }) == [1, 2, 3, 4] && rows.contains { $0[4] > 0 && $0[4] < $0[3] })
    }

    @Test("Poisson draws have mean and variance mu, by inversion below 10 and by PTRS above", arguments: [0.3, 3, 9.9, 10, 40, 2500])
    func poissonMoments(mean: Double) {
        var random = RandomSource(seed: 11)
        let n = 40_000
        let draws = (0..<n).map { _ in Double(random.poisson(mean)) }
        let average = draws.reduce(0, +) / Double(n)
        let variance = draws.reduce(0) { $0 + ($1 - average) * ($1 - average) } / Double(n - 1)
        #expect(draws.allSatisfy { $0 >= 0 && $0 == $0.rounded() })
        // 4 standard errors of the mean (sqrt(mu / n)) and of the variance (about mu sqrt(2 / n) for large mu,
        // plus the kurtosis term mu / n for small).
        #expect(abs(average - mean) < 4 * (mean / Double(n)).squareRoot())
        #expect(abs(variance - mean) < 4 * (2 * mean * mean / Double(n) + mean / Double(n)).squareRoot())
    }

    @Test("Poisson probabilities of single counts match the mass function (mu = 40, PTRS's side)")
    func poissonMass() {
        var random = RandomSource(seed: 3)
        let n = 100_000
        var counts: [Int: Int] = [:]
        for _ in 0..<n { counts[random.poisson(40), default: 0] += 1 }
        for k in [30, 40, 50] {
            let p = exp(Double(k) * log(40) - 40 - lgamma(Double(k) + 1))
            let se = (p * (1 - p) / Double(n)).squareRoot()
            #expect(abs(Double(counts[k] ?? 0) / Double(n) - p) < 4 * se, "P(\(k))")
        }
    }

    @Test("non-normal defaults; --alpha and --max-trials are refused where they do not apply")
    func commandLine() throws {
        let defaults = SimulationSettings(family: .poisson)
        #expect(defaults.gamma == [-0.5, 0.5, 0.8, -0.5] && defaults.tau == [[1, 0.2], [0.2, 0.4]])
        #expect(SimulationSettings(family: .normal) == SimulationSettings())
        let folder = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        for (options, message) in [(["--family", "poisson", "--alpha", "1,0,0"], "drop --alpha"),
                                   (["--family", "bernoulli", "--max-trials", "3"], "--max-trials is for --family binomial"),
                                   (["--family", "binomial", "--max-trials", "0"], "--max-trials must be at least 1")] {
            let result = try CLIRunner.run(["simulate", "--groups", "3", "--mean-size", "2"] + options, in: folder)
            #expect(result.status == 64 && result.stderr.contains(message), "\(options): \(result.stderr)")
        }
        let run = try CLIRunner.run(["simulate", "--family", "BERNOULLI", "--groups", "4", "--mean-size", "3",
                                     "--output", "b"], in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        let text = try String(contentsOf: folder.appendingPathComponent("b-level1.csv"), encoding: .utf8)
        #expect(Self.rows(text).allSatisfy { $0[3] == 0 || $0[3] == 1 })
    }
}
