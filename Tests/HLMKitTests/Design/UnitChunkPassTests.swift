import Foundation
import Testing
@testable import HLMKit

/// The design's and the inference's per-unit passes run on chunks of units on all cores (and the fingerprint's
/// too): on a data set of more units than one chunk holds, each must give what one pass over all rows gives.
@Suite("Per-unit passes split into chunks")
struct UnitChunkPassTests {
    /// 900 units (several chunks of `concurrentChunks`) of 1 to 9 rows: X continuous around 5 (uncentred and
    /// far from zero, so it is centred internally), G binary, W per unit.
    static func data(units: Range<Int> = 0..<900) -> MultilevelData {
        var stream = SyntheticData.Uniform(state: 2718)
        var offsets = [0], x: [Double] = [], g: [Double] = [], y: [Double] = [], w: [Double] = []
        for j in 0..<900 {
            let size = 1 + Int(stream.next() * 9), wj = stream.next() * 2 - 1
            let rows = (0..<size).map { _ in (stream.next() * 0.5 + 5, stream.next() < 0.4 ? 1.0 : 0, stream.next()) }
            guard units.contains(j) else { continue }
            offsets.append(offsets.last! + size)
            w.append(wj)
            for (xi, gi, e) in rows {
                x.append(xi)
                g.append(gi)
                y.append(3 + 0.8 * xi + wj + (e - 0.5) * (1 + gi))
            }
        }
        var data = SyntheticData.joined(rowOffsets: offsets, level1: ["X": x, "G": g, "Y": y], level2: ["W": w])
        data.grouping = Grouping(unitIDs: units.map(String.init), rowOffsets: offsets)
        return data
    }

    static let models = ["Y = INTRCPT1 + X", "INTRCPT1 = INTRCPT2 + W + random", "X = INTRCPT2 + W + random"]

    static func design(variance: [String] = ["G", "X"]) throws -> ModelDesign {
        try ModelDesign.build(data: data(), specification: ModelSpecification.parse(models: models,
                                                                                    variancePredictors: variance))
    }

    static func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-12) -> Bool {
        abs(a - b) <= tolerance * max(abs(a), abs(b), 1e-300)
    }

    @Test("X'X and the random columns' squares from the units' base products equal the sums over the rows")
    func crossProducts() throws {
        let design = try Self.design()
        #expect(design.rowFactors != nil)
        let p = design.fixedCount, q = design.randomCount, k = design.rowWidth
        var index = 0
        for r in 0..<p {
            for c in r..<p {
                let direct = (0..<design.rowCount).reduce(0.0) { $0 + design.rows[$1 * k + r] * design.rows[$1 * k + c] }
                // Off-diagonal sums of centred columns nearly cancel: judged on the scale of their diagonals.
                let scale = (design.fixedCrossProducts[TrianglePacking(order: p).index(r, r)]
                    * design.fixedCrossProducts[TrianglePacking(order: p).index(c, c)]).squareRoot()
                #expect(abs(design.fixedCrossProducts[index] - direct) <= 1e-12 * scale)
                index += 1
            }
        }
        #expect(design.randomSquares.count == q)
        for r in 0..<q {
            let direct = (0..<design.rowCount).reduce(0.0) { $0 + pow(design.rows[$1 * k + p + r], 2) }
            #expect(Self.close(design.randomSquares[r], direct))
        }
    }

    /// The units' products of the base columns, kept from the build, are each unit's sums over its rows in row
    /// order (the same operations, so the same numbers), with u_0 = 1 (P_j[0, 0] = n_j).
    @Test("the units' base products kept by the build are the sums over each unit's rows")
    func unitProducts() throws {
        let design = try Self.design()
        let factors = try #require(design.rowFactors)
        let k = design.rowWidth, order = factors.baseCount + 1, count = factors.productCount
        #expect(factors.unitProducts.count == design.unitCount * count)
        for j in 0..<design.unitCount {
            var expected = [Double](repeating: 0, count: count)
            for i in design.grouping.rows(ofUnit: j) {
                let u = [1.0] + factors.base.map { design.rows[i * k + $0] }
                for s in 0..<order { for t in s..<order { expected[factors.productIndex(s, t)] += u[s] * u[t] } }
            }
            #expect(Array(factors.unitProducts[(j * count)..<((j + 1) * count)]) == expected)
            #expect(factors.unitProducts[j * count] == Double(design.grouping.rows(ofUnit: j).count))
        }
    }

    @Test("the per-unit sums of c and c c' equal each unit's sums over its rows, in row order")
    func varianceSums() throws {
        let model = try Self.design().level1
        let h = model.varianceCount, pairs = h * (h + 1) / 2, grouping = Self.data().grouping
        for j in 0..<grouping.unitCount {
            var sums = [Double](repeating: 0, count: h), cross = [Double](repeating: 0, count: pairs)
            for i in grouping.rows(ofUnit: j) {
                let c = model.varianceRow(i)
                var index = 0
                for a in 0..<h {
                    sums[a] += c[a]
                    for b in a..<h {
                        cross[index] += c[a] * c[b]
                        index += 1
                    }
                }
            }
            #expect(Array(model.varianceSums[(j * h)..<((j + 1) * h)]) == sums)
            #expect(Array(model.varianceCrossSums[(j * pairs)..<((j + 1) * pairs)]) == cross)
        }
    }

    @Test("a strided column's centring shift is the column's own")
    func stridedShift() {
        var table: [Double] = []
        for i in 0..<300 { table += [1, Double(i % 7) + 100, Double(i) * 0.25 - 30] }
        for c in 0..<3 {
            let column = (0..<300).map { table[$0 * 3 + c] }
            let strided = table.withUnsafeBufferPointer {
                centringShift(UnsafeBufferPointer(rebasing: $0[c...]), stride: 3, count: 300)
            }
            #expect(strided == centringShift(column))
        }
        #expect(centringShift((0..<300).map { Double($0 % 7) + 100 }) != 0)
    }

    @Test("each unit's weighted OLS fit is the weighted least-squares line through its rows")
    func unitFits() throws {
        let design = try Self.design()
        let alpha = [0.3, -0.4, 0.5]
        let fits = UnitLeastSquares.units(of: design, alpha: alpha)
        let k = design.rowWidth
        var checked = 0
        for j in 0..<design.unitCount {
            let rows = design.grouping.rows(ofUnit: j)
            let w = rows.map { design.level1.weight(row: $0, alpha: alpha) }
            let x = rows.map { design.levels.level1Value(row: $0, coefficient: 1) }
            let y = rows.map { design.rows[$0 * k + k - 1] }
            let sw = w.reduce(0, +)
            let xbar = zip(w, x).reduce(0.0) { $0 + $1.0 * $1.1 } / sw
            let ybar = zip(w, y).reduce(0.0) { $0 + $1.0 * $1.1 } / sw
            let sxx = w.indices.reduce(0.0) { $0 + w[$1] * pow(x[$1] - xbar, 2) }
            let sxy = w.indices.reduce(0.0) { $0 + w[$1] * (x[$1] - xbar) * (y[$1] - ybar) }
            guard rows.count >= 3 else { continue }
            let slope = sxy / sxx
            #expect(fits[j].rank == 2)
            #expect(Self.close(fits[j].coefficients[1], slope, 1e-8))
            #expect(Self.close(fits[j].coefficients[0], ybar - slope * xbar, 1e-8))
            #expect(Self.close(fits[j].covariance![1, 1], 1 / sxx, 1e-8))
            checked += 1
        }
        #expect(checked > 500)
    }

    @Test("the fingerprint is the sum of its units' parts whichever chunks hash them")
    func fingerprint() {
        let whole = DataFingerprint(Self.data(), outcome: "Y")
        let first = DataFingerprint(Self.data(units: 0..<200), outcome: "Y")
        let rest = DataFingerprint(Self.data(units: 200..<900), outcome: "Y")
        #expect(whole.rows == first.rows &+ rest.rows)
        #expect(whole.variables.keys.sorted() == ["G", "W", "X"])
        for (name, value) in whole.variables { #expect(value == first.variables[name]! &+ rest.variables[name]!) }
    }
    /// The rows are written unit by unit in chunks: each entry is its level-1 value times its unit's level-2
    /// value (the user's columns through the internal centring's map), the outcome less its shift.
    @Test("the design's rows are x_i w_j on the user's scale, and C's rows c_i centred by its shifts")
    func rowsWritten() throws {
        let data = Self.data(), design = try Self.design()
        let k = design.rowWidth, p = design.fixedCount, x = data.level1["X"]!, g = data.level1["G"]!
        let y = data.level1["Y"]!, w = data.level2["W"]!
        #expect(!design.standardisation.fixed.isIdentity && !design.level1.centring.isIdentity)
        for j in 0..<design.unitCount {
            for i in design.grouping.rows(ofUnit: j) {
                let user = design.standardisation.fixed.userRow(Array(design.rows[(i * k)..<(i * k + p)]))
                for (value, expected) in zip(user, [1, w[j], x[i], x[i] * w[j]]) {
                    #expect(abs(value - expected) <= 1e-12 * max(1, abs(expected)))
                }
                #expect(design.rows[i * k + k - 1] == y[i] - design.level1.outcomeShift)
                let c = design.level1.centring.userRow(design.level1.varianceRow(i))
                #expect(design.level1.varianceRow(i)[0] == 1)
                #expect(zip(c, [1, g[i], x[i]]).allSatisfy { abs($0 - $1) <= 1e-12 * max(1, abs($1)) })
            }
        }
    }

    @Test("a homogeneous model's sums of c and c c' are the units' sizes, without rows of C")
    func homogeneousSums() throws {
        let model = try Self.design(variance: []).level1
        let sizes = (0..<900).map { Double(Self.data().grouping.rows(ofUnit: $0).count) }
        #expect(model.varianceRows == [1] && model.rowStride == 0)
        #expect(model.varianceSums == sizes && model.varianceCrossSums == sizes)
    }

    /// 300,000 rows in runs of 1 to 6 rows: several chunks of the scan.
    static func sortedIDs() -> [Double] {
        var stream = SyntheticData.Uniform(state: 99)
        var ids: [Double] = [], id = 3.0
        while ids.count < 300_000 {
            ids += Array(repeating: id, count: 1 + Int(stream.next() * 6))
            id += 1 + Double(Int(stream.next() * 3))
        }
        return ids
    }

    @Test("the runs of a sorted ID column scanned in chunks are the sequential ones; a fault anywhere is found")
    func increasingRuns() throws {
        let ids = Self.sortedIDs(), values = [ids.map { $0 * 0.5 }]
        let runs = try #require(MultilevelData.increasingRuns(ids, values: values))
        var offsets = [0]
        for row in 1..<ids.count where ids[row] != ids[row - 1] { offsets.append(row) }
        #expect(runs.offsets == offsets + [ids.count])
        #expect(runs.ids == offsets.map { ids[$0] })
        // A decrease, a NaN ID or a NaN value late in the file (past the first chunks) is found.
        for row in [70_000, 150_000, 299_999] {
            var decreasing = ids
            decreasing[row] = ids[row - 1] - 1
            #expect(MultilevelData.increasingRuns(decreasing, values: values) == nil)
            var missing = ids
            missing[row] = .nan
            #expect(MultilevelData.increasingRuns(missing, values: values) == nil)
            var missingValue = values
            missingValue[0][row] = .nan
            #expect(MultilevelData.increasingRuns(ids, values: missingValue) == nil)
        }
    }

    /// The rows of a unit are hashed in blocks: two units with the same ID hash as one unit of all their rows.
    @Test("the fingerprint of a unit longer than a block is that of its rows in any blocks")
    func fingerprintBlocks() {
        var stream = SyntheticData.Uniform(state: 31)
        let y = (0..<1_300).map { _ in stream.next() }, x = (0..<1_300).map { _ in stream.next() }
        var one = SyntheticData.joined(rowOffsets: [0, 1_300], level1: ["Y": y, "X": x], level2: ["W": [0.5]])
        one.grouping = Grouping(unitIDs: ["7"], rowOffsets: [0, 1_300])
        var two = SyntheticData.joined(rowOffsets: [0, 700, 1_300], level1: ["Y": y, "X": x],
                                       level2: ["W": [0.5, 0.5]])
        two.grouping = Grouping(unitIDs: ["7", "7"], rowOffsets: [0, 700, 1_300])
        #expect(DataFingerprint(one, outcome: "Y") == DataFingerprint(two, outcome: "Y"))
        var changed = one
        changed.level1["X"]![1_299] += 1
        #expect(DataFingerprint(changed, outcome: "Y").variables["X"] != DataFingerprint(one, outcome: "Y").variables["X"])
        #expect(DataFingerprint(changed, outcome: "Y").rows == DataFingerprint(one, outcome: "Y").rows)
    }
}
