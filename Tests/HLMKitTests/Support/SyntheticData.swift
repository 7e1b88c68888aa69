@testable import HLMKit

/// Small two-level data sets built in code, for tests that need a specific structure.
enum SyntheticData {
    /// Joined data from per-unit rows: `rows[j]` lists the level-1 rows of unit j as [name: value].
    static func make(_ rows: [[[String: Double]]], level2: [[String: Double]] = []) -> MultilevelData {
        var offsets = [0]
        var level1: [String: [Double]] = [:]
        for unit in rows {
            offsets.append(offsets.last! + unit.count)
            for row in unit { for (name, value) in row { level1[name, default: []].append(value) } }
        }
        var level2Columns: [String: [Double]] = [:]
        for unit in level2 { for (name, value) in unit { level2Columns[name, default: []].append(value) } }
        let n = offsets.last!
        let summary = DataSummary(level1File: "synthetic", level2File: nil, level1Read: n, level1Used: n,
                                  level1Excluded: 0, level2Read: rows.count, level2Used: rows.count,
                                  level2Excluded: 0, exclusionReasons: [])
        return MultilevelData(idColumn: "ID",
                              grouping: Grouping(unitIDs: rows.indices.map { "\($0 + 1)" }, rowOffsets: offsets),
                              level1: level1, level2: level2Columns, level1Lines: RowNumbers(consecutive: 2..<(n + 2)),
                              summary: summary)
    }

    /// Joined data from columns already in grouped row order: rows of unit j are `rowOffsets[j] ..<
    /// rowOffsets[j + 1]`, units named "0", "1", ..., row i at line i, nothing excluded.
    static func joined(rowOffsets: [Int], level1: [String: [Double]], level2: [String: [Double]] = [:])
        -> MultilevelData {
        let n = rowOffsets.last!, units = rowOffsets.count - 1
        let summary = DataSummary(level1File: "", level2File: nil, level1Read: n, level1Used: n, level1Excluded: 0,
                                  level2Read: units, level2Used: units, level2Excluded: 0, exclusionReasons: [])
        return MultilevelData(idColumn: "ID",
                              grouping: Grouping(unitIDs: (0..<units).map(String.init), rowOffsets: rowOffsets),
                              level1: level1, level2: level2, level1Lines: RowNumbers(consecutive: 0..<n), summary: summary)
    }

    /// A deterministic uniform(0, 1) stream (linear congruential; the same numbers on every platform).
    struct Uniform {
        var state: UInt64
        mutating func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
    }

    /// Fits `models` (+ variance predictors) on `data`.
    static func fit(_ data: MultilevelData, _ models: [String], sigma2: [String] = [],
                    options: EstimationOptions = EstimationOptions()) throws -> FittedModel {
        let specification = try ModelSpecification.parse(models: models, variancePredictors: sigma2)
        return try Estimator.fit(ModelDesign.build(data: data, specification: specification), options: options)
    }
}
