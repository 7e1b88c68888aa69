import Foundation
import HLMExamples
import Testing
@testable import HLMKit

/// The residual tables and their CSV: EB residuals recomputed from the raw file, against R, and the identities
/// between columns.
@Suite("Residual files")
struct ResidualFileTests {
    static func tables(_ name: String) throws -> (HLMAnalysis, ResidualTables) {
        let analysis = try InferenceFixture.analysis(name).1
        return (analysis, try #require(analysis.inference?.residuals))
    }

    /// The value of `column` in `row` of `table`.
    static func value(_ table: ResidualTable, _ row: Int, _ column: String) throws -> Double {
        table.rows[row][try #require(table.columns.firstIndex(of: column), "no column \(column)")]
    }

    @Test("one unit's EB residual, recomputed from the raw CSV rows: u_hat = T Z'V^-1 (y - X gamma)")
    func ebFromScratch() throws {
        let (analysis, tables) = try Self.tables("hsb-female-slope-reml")
        let unit = "2305"
        let text = try #require(ExampleData.text("hsb1.csv"))
        let rows = text.split(separator: "\n").dropFirst().map { $0.split(separator: ",").map(String.init) }
            .filter { $0[0] == unit }
        let female = rows.map { Double($0[2])! }, y = rows.map { Double($0[4])! }
        let gamma = analysis.fit.fixedEffects.map(\.estimate)
        let tau = Matrix(analysis.fit.tau), sigma2 = try #require(analysis.fit.sigma2)
        var v = Matrix(rows: rows.count, columns: rows.count)
        for a in rows.indices {
            for b in rows.indices {
                let za = [1, female[a]], zb = [1, female[b]]
                v[a, b] = dot(za, tau * zb) + (a == b ? sigma2 : 0)
            }
        }
        let e = rows.indices.map { y[$0] - gamma[0] - gamma[1] * female[$0] }
        let vInverseE = try #require(Cholesky(v)).solve(e)
        let zTVe = [vInverseE.reduce(0, +), zip(female, vInverseE).reduce(0) { $0 + $1.0 * $1.1 }]
        let expected = tau * zTVe
        let index = try #require(tables.level2.ids.firstIndex(of: unit))
        expectClose(try Self.value(tables.level2, index, "EB_INTRCPT1"), expected[0], relative: 1e-9, "EB u0 of \(unit)")
        expectClose(try Self.value(tables.level2, index, "EB_FEMALE"), expected[1], relative: 1e-9, "EB u1 of \(unit)")
        #expect(try Self.value(tables.level2, index, "N") == Double(rows.count))
    }

    @Test("EB residuals and posterior covariances match R's dense computation", arguments: InferenceFixture.names)
    func matchesR(name: String) throws {
        let fixture = try InferenceFixture.named(name)
        let (analysis, tables) = try Self.tables(name)
        let names = analysis.fit.tauCoefficients
        for reference in fixture.ebResiduals {
            let row = try #require(tables.level2.ids.firstIndex(of: reference.unit))
            for (q, coefficient) in names.enumerated() {
                expectClose(try Self.value(tables.level2, row, "EB_\(coefficient)"), reference.mean[q], absolute: 1e-5,
                            relative: 1e-5, "\(name): EB \(coefficient) of unit \(reference.unit)")
                for r in 0...q {
                    expectClose(try Self.value(tables.level2, row, "PV_\(coefficient)_\(names[r])"),
                                reference.covariance[q][r], relative: 1e-5,
                                "\(name): posterior covariance \(q),\(r) of unit \(reference.unit)")
                }
            }
        }
    }

    @Test("columns agree: fitted + residual = y, FV + EB = EBCOEF, SIGMA2 from alpha, OLS only where estimable")
    func identities() throws {
        let (analysis, tables) = try Self.tables("hsb-hetero-female-fml")
        let level1 = tables.level1
        #expect(level1.columns == ["LINE", "MATHACH", "FITTED", "RESIDUAL", "SIGMA2", "FEMALE"])
        #expect(level1.rows.count == 7185)
        let alpha = try #require(analysis.fit.level1Variance).alpha.map(\.estimate)
        for row in level1.rows.prefix(200) {
            expectClose(row[2] + row[3], row[1], absolute: 1e-10, "fitted + residual")
            expectClose(row[4], exp(alpha[0] + alpha[1] * row[5]), relative: 1e-6, "sigma^2 from alpha")
        }
        #expect(level1.rows[0][0] == 2, "the first data line of hsb1.csv is line 2")
        let level2 = tables.level2
        #expect(level2.rows.count == 160)
        #expect(level2.rows.map { $0[0] }.reduce(0, +) == 7185)
        var withOLS = 0
        for row in level2.rows.indices {
            for name in ["INTRCPT1", "FEMALE"] {
                expectClose(try Self.value(level2, row, "FV_\(name)") + Self.value(level2, row, "EB_\(name)"),
                            try Self.value(level2, row, "EBCOEF_\(name)"), absolute: 1e-10, "FV + EB")
            }
            if try Self.value(level2, row, "OLS_FEMALE").isFinite { withOLS += 1 }
        }
        #expect(withOLS == 123, "single-sex schools have no OLS FEMALE slope")
    }

    @Test("CHIPCT is the chi-square order statistic of MDIST's rank")
    func mahalanobis() throws {
        let (_, tables) = try Self.tables("hsb-female-slope-reml")
        let pairs = try tables.level2.rows.indices.map {
            (try Self.value(tables.level2, $0, "MDIST"), try Self.value(tables.level2, $0, "CHIPCT"))
        }.filter { $0.0.isFinite }.sorted { $0.0 < $1.0 }
        #expect(pairs.count == 123)
        for (rank, pair) in pairs.enumerated() {
            let p = 1 - Distributions.chiSquareUpperTail(pair.1, degreesOfFreedom: 2)
            expectClose(p, (Double(rank) + 0.5) / 123, absolute: 1e-10, "CHIPCT of rank \(rank + 1)")
        }
        expectClose(chiSquareQuantile(0.95, degreesOfFreedom: 1), 3.841458820694124, relative: 1e-10, "chi2(1) 95%")
        expectClose(chiSquareQuantile(0.5, degreesOfFreedom: 2), 2 * log(2), relative: 1e-10, "chi2(2) median")
    }

    @Test("CSV: header with the ID column's name, whole numbers without a point, empty cells for NaN, quoted IDs")
    func csv() {
        let table = ResidualTable(idColumn: "School", columns: ["N", "OLS_SES"], ids: ["A,1", "B"],
                                  rows: [[12, .nan], [3, -0.25]])
        #expect(table.csv() == "School,N,OLS_SES\n\"A,1\",12,\nB,3,-0.25\n")
    }

    @Test("--residuals1 and --residuals2, and a command file's resfil lines, write the files")
    func cli() throws {
        let folder = try CLIRunner.temporaryDirectory()
        let models = ["--model", "MATHACH = INTRCPT1 + FEMALE", "--model", "FEMALE = INTRCPT2 + random"]
        let result = try CLIRunner.run(["fit"] + InferenceCLITests.hsb() + models
                                       + ["--residuals1", "r1.csv", "--residuals2", "r2.csv"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let level1 = try String(contentsOf: folder.appendingPathComponent("r1.csv"), encoding: .utf8)
        let level2 = try String(contentsOf: folder.appendingPathComponent("r2.csv"), encoding: .utf8)
        #expect(level1.hasPrefix("ID,LINE,MATHACH,FITTED,RESIDUAL,SIGMA2,FEMALE\n1224,2,5.876,"))
        #expect(level1.split(separator: "\n").count == 7186)
        #expect(level2.hasPrefix("ID,N,EB_INTRCPT1,EB_FEMALE,PV_INTRCPT1_INTRCPT1,"))
        try """
            level1:MATHACH=INTRCPT1+RANDOM
            resfil2:y
            resfil2name:units.csv
            """.write(to: folder.appendingPathComponent("m.hlm"), atomically: true, encoding: .utf8)
        let fromFile = try CLIRunner.run(["fit"] + InferenceCLITests.hsb() + ["--command", "m.hlm"], in: folder)
        #expect(fromFile.status == 0, "\(fromFile.stderr)")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("units.csv").path))
    }
}
