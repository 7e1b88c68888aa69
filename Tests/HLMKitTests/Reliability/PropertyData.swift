import Foundation
@testable import HLMKit

/// A small random two-level data set for property tests, with the transformations the properties apply.
///
/// Level 1: ID, Y, X, Z, FEMALE; level 2: ID, W. Y = 10 + 2 W + u_0j + 1.5 X + 0.5 Z + r_ij with
/// u_0j ~ U(-3, 3) and r_ij ~ U(-1, 1) scaled by 1.8 for FEMALE = 1, so that Tau, sigma^2 and alpha are
/// well away from the boundary.
struct PropertyData {
    struct Row { var id: String; var y, x, z, female: Double }
    struct Unit { var id: String; var w: Double }

    var rows: [Row]
    var units: [Unit]

    /// 8-12 units of 3-6 rows each, drawn from `seed`.
    init(seed: UInt64) {
        var generator = SeededGenerator(state: seed)
        rows = []
        units = []
        for j in 0..<Int.random(in: 8...12, using: &generator) {
            let id = String(j + 1)
            let w = Double.random(in: -1...1, using: &generator)
            let effect = Double.random(in: -3...3, using: &generator)
            units.append(Unit(id: id, w: w))
            for i in 0..<Int.random(in: 3...6, using: &generator) {
                let female = Double((i + j) % 2)
                let x = Double.random(in: -2...2, using: &generator), z = Double.random(in: 0...5, using: &generator)
                let noise = Double.random(in: -1...1, using: &generator) * (female == 1 ? 1.8 : 1)
                rows.append(Row(id: id, y: 10 + 2 * w + effect + 1.5 * x + 0.5 * z + noise, x: x, z: z, female: female))
            }
        }
    }

    /// Rows of both files in an order drawn from `seed`.
    func shuffled(seed: UInt64) -> PropertyData {
        var generator = SeededGenerator(state: seed)
        var copy = self
        copy.rows.shuffle(using: &generator)
        copy.units.shuffle(using: &generator)
        return copy
    }

    /// IDs replaced by text IDs in an order drawn from `seed` (so the units sort differently).
    func recodedIDs(seed: UInt64) -> PropertyData {
        var generator = SeededGenerator(state: seed)
        let codes = Dictionary(uniqueKeysWithValues: zip(units.map(\.id), units.indices.shuffled(using: &generator)
            .map { "unit \(Character(UnicodeScalar(UInt8(65 + $0))))" }))
        var copy = self
        copy.rows = rows.map { Row(id: codes[$0.id]!, y: $0.y, x: $0.x, z: $0.z, female: $0.female) }
        copy.units = units.map { Unit(id: codes[$0.id]!, w: $0.w) }
        return copy
    }

    /// `constant` added to Z.
    func shiftingZ(by constant: Double) -> PropertyData {
        var copy = self
        copy.rows = rows.map { Row(id: $0.id, y: $0.y, x: $0.x, z: $0.z + constant, female: $0.female) }
        return copy
    }

    /// The outcome multiplied by `factor`.
    func scalingY(by factor: Double) -> PropertyData {
        var copy = self
        copy.rows = rows.map { Row(id: $0.id, y: $0.y * factor, x: $0.x, z: $0.z, female: $0.female) }
        return copy
    }

    /// Writes the two files to a new temporary folder and returns the request fitting `models`
    /// (with `--sigma2 variance`) by the default method, to a tight tolerance so that estimates are reproducible.
    func request(models: [String], variance: [String] = []) throws -> AnalysisRequest {
        let level1 = "ID,Y,X,Z,FEMALE\n" + rows.map { "\($0.id),\($0.y),\($0.x),\($0.z),\($0.female)\n" }.joined()
        let level2 = "ID,W\n" + units.map { "\($0.id),\($0.w)\n" }.joined()
        let path1 = try temporaryFile(level1, name: "level1.csv"), path2 = try temporaryFile(level2, name: "level2.csv")
        let specification = try ModelSpecification.parse(models: models, variancePredictors: variance)
        let settings = try AnalysisSettings(method: nil, maxIterations: 500, tolerance: 1e-12).resolved(for: specification)
        return AnalysisRequest(level1Path: path1, level2Path: path2, idColumn: "ID", specification: specification,
                               options: settings.estimation)
    }
}

/// The two models the properties fit: homogeneous sigma^2 by REML, and log sigma^2 = alpha0 + alpha1 FEMALE
/// by full ML; Z is grand-mean centred in both.
enum PropertyModel: String, CaseIterable, Sendable {
    case homogeneous, heterogeneous

    static let equations = ["Y = INTRCPT1 + X + grand(Z)", "INTRCPT1 = INTRCPT2 + W + random"]

    /// Fits the model to `data`.
    func fit(_ data: PropertyData) throws -> HLMAnalysis {
        switch self {
        case .homogeneous:
            return try HLMAnalysis.run(data.request(models: Self.equations))
        case .heterogeneous:
            return try HLMAnalysis.run(data.request(models: Self.equations, variance: ["FEMALE"]))
        }
    }
}
