import Foundation
import Testing
@testable import HLMKit

/// Issue 11, section 2 and section 7's identification cases, end to end through the built `hlm`: convergence
/// is claimed only when earned, unidentified variance components are refused, weakly identified ones and a
/// vanishing Tau are flagged in the report, on standard error and in the JSON, and messages name the real
/// cause. Each data set is small and deterministic (a few hundred rows).
@Suite("CLI: convergence claims are earned, identification is checked")
struct ConvergenceClaimTests {
    // Each run takes a second or two.
    /// Runs `hlm fit` on `files` (name -> CSV text) written to a new folder.
    static func fit(_ files: [String: String], _ arguments: [String]) throws -> (CLIRunner.Result, URL) {
        let folder = try CLIRunner.temporaryDirectory()
        for (name, text) in files {
            try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return (try CLIRunner.run(["fit"] + arguments, in: folder), folder)
    }

    /// The JSON written to `json.json` in `folder`.
    static func json(_ folder: URL) throws -> [String: Any] {
        let data = try Data(contentsOf: folder.appendingPathComponent("json.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// CSV "ID,Y[,X]" text from rows (unit, y[, x]).
    static func csv(_ rows: [(Int, Double, Double?)]) -> String {
        let header = rows.first?.2 == nil ? "ID,Y\n" : "ID,Y,X\n"
        return header + rows.map { "\($0.0),\($0.1)" + ($0.2.map { ",\($0)" } ?? "") + "\n" }.joined()
    }

    static let null = ["--model", "Y = INTRCPT1", "--model", "INTRCPT1 = INTRCPT2 + random"]

    @Test("--tolerance inf, 1e300, nan and 0.5 are usage errors naming the option",
          arguments: ["inf", "1e300", "nan", "0.5"])
    func absurdTolerance(_ value: String) throws {
        let result = try CLIRunner.run(["fit", exampleFilePath("hsb1.csv"), "--id", "ID",
                                        "--model", "MATHACH = INTRCPT1", "--model", "INTRCPT1 = INTRCPT2 + random",
                                        "--tolerance", value])
        #expect(result.status == 64)
        #expect(result.stderr.contains("--tolerance must be a positive number no larger than 0.01"), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test("one unit: refused (exit 65), not tau = its starting value marked converged")
    func singleUnit() throws {
        var uniform = SyntheticData.Uniform(state: 11)
        let rows = (0..<12).map { _ in (1, uniform.next() * 4, Double?.none) }
        let (result, _) = try Self.fit(["one.csv": Self.csv(rows)], ["one.csv", "--id", "ID"] + Self.null)
        #expect(result.status == 65)
        #expect(result.stderr.contains("the data have a single unit"), "\(result.stderr)")
        #expect(result.stdout.isEmpty && !result.stderr.contains("nan"))
    }

    @Test("J not larger than the level-2 fixed effects: refused (exit 65) with the count")
    func fewerUnitsThanLevel2Effects() throws {
        var uniform = SyntheticData.Uniform(state: 12)
        let rows = [1, 2].flatMap { j in (0..<6).map { _ in (j, Double(j) + uniform.next(), Double?.none) } }
        let (result, _) = try Self.fit(["l1.csv": Self.csv(rows), "l2.csv": "ID,W\n1,0.5\n2,1.5\n"],
                                       ["l1.csv", "l2.csv", "--id", "ID", "--model", "Y = INTRCPT1",
                                        "--model", "INTRCPT1 = INTRCPT2 + W + random"])
        #expect(result.status == 65)
        #expect(result.stderr.contains("only 2 units, and its level-2 equation has 2 fixed effects"), "\(result.stderr)")
        #expect(result.stderr.contains("at least 3 units"))
    }

    /// The 400,000 single rows plus 5 pairs, scaled down to 300 single rows plus 5 pairs (the same
    /// identification: 5 informative units).
    @Test("single rows plus 5 pairs: the random intercept is flagged as weakly identified in report and JSON")
    func nearlyUnidentified() throws {
        var uniform = SyntheticData.Uniform(state: 13)
        var rows = (0..<300).map { j in (j, 2 * uniform.next() + 2 * uniform.next(), Double?.none) }
        for j in 300..<305 {
            let effect = 2 * uniform.next()
            rows += [(j, effect + 2 * uniform.next(), nil), (j, effect + 2 * uniform.next(), nil)]
        }
        let started = Date()
        let (result, folder) = try Self.fit(["weak.csv": Self.csv(rows)],
                                            ["weak.csv", "--id", "ID", "--json", "json.json"] + Self.null)
        #expect(Date().timeIntervalSince(started) < 30)
        #expect(result.status == 0, "\(result.stderr)")
        let expected = "INTRCPT1 is only weakly identified: only 5 of the 305 units have more than one row"
        #expect(result.stderr.contains("warning: The variance of the random coefficient " + expected))
        #expect(result.stdout.contains(expected))
        let warnings = try #require(try Self.json(folder)["warnings"] as? [String])
        #expect(warnings.contains { $0.contains(expected) }, "\(warnings)")
    }

    @Test("a random slope whose predictor varies within one unit only is flagged in report and JSON")
    func slopeVaryingInOneUnit() throws {
        var uniform = SyntheticData.Uniform(state: 14)
        let rows = (0..<20).flatMap { j -> [(Int, Double, Double?)] in
            let level = 2 * uniform.next(), effect = 2 * uniform.next()
            return (0..<4).map { i in
                let x = j == 0 ? Double(i) - 1.5 : level
                return (j, effect + 0.5 * x + 2 * uniform.next(), x)
            }
        }
        let (result, folder) = try Self.fit(["slope.csv": Self.csv(rows)],
                                            ["slope.csv", "--id", "ID", "--json", "json.json",
                                             "--model", "Y = INTRCPT1 + X", "--model", "INTRCPT1 = INTRCPT2 + random",
                                             "--model", "X = INTRCPT2 + random"])
        #expect(result.status == 0, "\(result.stderr)")
        let expected = "X is only weakly identified: only 1 of the 20 units has more than one value of X"
        #expect(result.stdout.contains(expected), "\(result.stdout)")
        let warnings = try #require(try Self.json(folder)["warnings"] as? [String])
        #expect(warnings.contains { $0.contains(expected) })
    }

    @Test("Tau vanishing as a whole names every random effect")
    func wholeTauZero() throws {
        // Within each unit the outcome is orthogonal to [1, X]: every unit's OLS intercept and slope are 0.
        var uniform = SyntheticData.Uniform(state: 15)
        let rows = (0..<12).flatMap { j -> [(Int, Double, Double?)] in
            let a = 0.5 + 1.5 * uniform.next()
            return [(-1.0, 1.0), (-1, -1), (1, -1), (1, 1)].map { (j, $0.1 * a, $0.0) }
        }
        let (result, _) = try Self.fit(["zero.csv": Self.csv(rows)],
                                       ["zero.csv", "--id", "ID", "--model", "Y = INTRCPT1 + X",
                                        "--model", "INTRCPT1 = INTRCPT2 + random", "--model", "X = INTRCPT2 + random"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("the whole of Tau is zero to working precision, so none of the random "
            + "effects of INTRCPT1, X has a variance distinguishable from zero"), "\(result.stderr)")
    }

    @Test("a vanishing level-1 variance without variance predictors does not tell to remove one")
    func vanishingVarianceWithoutPredictors() throws {
        var uniform = SyntheticData.Uniform(state: 16)
        let rows = (0..<10).flatMap { j in (0..<4).map { _ -> (Int, Double, Double?) in
            let x = 2 * uniform.next() - 1
            return (j, 2 + 3 * x, x)
        } }
        let (result, _) = try Self.fit(["exact.csv": Self.csv(rows)],
                                       ["exact.csv", "--id", "ID", "--model", "Y = INTRCPT1 + X",
                                        "--model", "INTRCPT1 = INTRCPT2 + random"])
        #expect(result.status == 70)
        #expect(result.stderr.contains("the level-1 variance tends to zero"), "\(result.stderr)")
        #expect(!result.stderr.contains("variance predictor"))
        #expect(result.stderr.contains("the outcome is (nearly) a function of the predictors"))
    }
}
