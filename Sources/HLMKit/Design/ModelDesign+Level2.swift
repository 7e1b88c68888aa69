/// What the inference stage needs besides X, Z, y and C: the level-1 design of each unit's own OLS fit and
/// the level-2 values behind every fixed effect.
///
/// Row i of the level-1 design is x1_i = [1 (INTRCPT1), level-1 predictors centred as in the model], over
/// all Q level-1 coefficients, random or fixed. Fixed effect f = (q, s) has the level-2 value w_sj in unit j
/// (1 for INTRCPT2, centred as in the model), so the predicted level-1 coefficient of unit j is
/// sum over the fixed effects f of coefficient q of w_fj gamma_f (Raudenbush & Bryk 2002, eq. 2.5).
struct LevelColumns: Sendable {
    /// The outcome's name.
    let outcome: String
    /// Names of the Q level-1 coefficients: INTRCPT1 (when the model has it), then the level-1 predictors.
    let coefficients: [String]
    /// The level-1 design's non-constant columns (INTRCPT1's ones are not stored), row by row: x1_iq is
    /// `level1Values[i * level1Stride + level1Column[q]]`, or 1 when `level1Column[q]` is -1
    /// (`level1Value(row:coefficient:)`).
    let level1Values: [Double]
    /// Per level-1 coefficient, its column in `level1Values`, -1 for the constant INTRCPT1.
    let level1Column: [Int]
    /// The number of stored columns.
    let level1Stride: Int
    /// w_fj, unit j's level-2 value of fixed effect f, is `level2Rows[j * p + f]`.
    let level2Rows: [Double]

    /// Stores the columns row by row; a nil column is the constant 1 (INTRCPT1, INTRCPT2).
    init(outcome: String, coefficients: [String], rowCount: Int, unitCount: Int, level1Columns: [[Double]?],
         level2Columns: [[Double]?]) {
        self.outcome = outcome
        self.coefficients = coefficients
        let stored = level1Columns.compactMap { $0 }
        var next = 0
        level1Column = level1Columns.map { column in
            guard column != nil else { return -1 }
            defer { next += 1 }
            return next
        }
        level1Stride = stored.count
        level1Values = Self.rowMajor(stored, height: rowCount)
        level2Rows = Self.rowMajor(level2Columns, height: unitCount)
    }

    /// Q, the number of level-1 coefficients.
    var coefficientCount: Int { coefficients.count }

    /// x1_iq, row i's value of level-1 coefficient q's column (1 for INTRCPT1).
    func level1Value(row i: Int, coefficient q: Int) -> Double {
        level1Column[q] < 0 ? 1 : level1Values[i * level1Stride + level1Column[q]]
    }

    /// The columns row by row, a nil column all ones. One stored column is its own row-major table: it is shared,
    /// not copied (N numbers the level-1 side would otherwise allocate and write again).
    private static func rowMajor(_ columns: [[Double]?], height: Int) -> [Double] {
        let width = columns.count
        if width == 1, let column = columns[0] { return column }
        var rows = [Double](repeating: 1, count: width * height)
        rows.withUnsafeMutableBufferPointer { out in
            for (c, column) in columns.enumerated() {
                guard let column else { continue }
                for i in 0..<height { out[i * width + c] = column[i] }
            }
        }
        return rows
    }
}

extension ModelDesign {
    /// The index in `levels.coefficients` of each random coefficient, in Tau's order.
    var randomCoefficientIndices: [Int] {
        randomCoefficients.map { name in levels.coefficients.firstIndex(of: name)! }
    }

    /// The fixed effects (indices into gamma) of level-1 coefficient `coefficient`.
    func fixedEffectIndices(of coefficient: String) -> [Int] {
        fixedEffects.indices.filter { fixedEffects[$0].coefficient == coefficient }
    }

    /// w_j'gamma_q: unit j's level-1 coefficient `coefficient` predicted from its level-2 predictors.
    func predictedCoefficient(_ coefficient: String, unit j: Int, gamma: [Double]) -> Double {
        predictedCoefficient(effects: fixedEffectIndices(of: coefficient), unit: j, gamma: gamma)
    }

    /// w_j'gamma_q over `effects`, the fixed effects of coefficient q (`fixedEffectIndices(of:)`, looked up once
    /// by a caller that predicts it for every unit).
    func predictedCoefficient(effects: [Int], unit j: Int, gamma: [Double]) -> Double {
        effects.reduce(0.0) { $0 + levels.level2Rows[j * fixedCount + $1] * gamma[$1] }
    }
}
