#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One unit's own least-squares fit of y_j on its level-1 design X_j (all Q level-1 coefficients), weighted
/// by w_i: the OLS estimates behind HLM's chi-square tests, reliabilities, homogeneity test and OLS residuals.
///
/// The fit works on the cross-products G = [X y]'W[X y]. Columns are taken in order and a column is dropped
/// when, scaled to unit length, the part of it not explained by the columns kept before it has squared length
/// below `tolerance` (1 - R^2 < 1e-10): the rank is the number of columns kept.
struct UnitLeastSquares {
    /// n_j.
    var rowCount: Int
    /// The columns kept (all Q when X_j has full column rank).
    var keptColumns: [Int]
    /// The coefficients of the kept columns, in `keptColumns` order.
    var coefficients: [Double]
    /// sum_i w_i (y_i - x_i'beta_hat)^2.
    var residualSumOfSquares: Double
    /// (X_j'W X_j)^-1 (Q x Q) when X_j has full column rank, else nil.
    var covariance: Matrix?

    /// rank(X_j).
    var rank: Int { keptColumns.count }
    /// n_j - rank(X_j).
    var residualDegreesOfFreedom: Int { rowCount - rank }

    /// Fits from G ((Q + 1) x (Q + 1), the outcome last).
    init(crossProducts g: Matrix, rowCount: Int, tolerance: Double = 1e-10) {
        let width = g.rows - 1
        var kept: [Int] = []
        for c in 0..<width where g[c, c] > 0 {
            let trial = kept + [c]
            let scaled = Self.scaled(g, trial)
            if Cholesky(scaled, relativeTolerance: tolerance) != nil { kept = trial }
        }
        self.rowCount = rowCount
        keptColumns = kept
        let xy = kept.map { g[$0, width] }
        if let factor = Cholesky(Self.submatrix(g, kept), relativeTolerance: 0) {
            coefficients = factor.solve(xy)
            residualSumOfSquares = max(g[width, width] - dot(xy, coefficients), 0)
            covariance = kept.count == width ? factor.inverse() : nil
        } else {
            coefficients = []
            residualSumOfSquares = g[width, width]
            covariance = nil
        }
    }

    /// G restricted to `columns`, scaled to a unit diagonal.
    private static func scaled(_ g: Matrix, _ columns: [Int]) -> Matrix {
        var s = submatrix(g, columns)
        for (a, ca) in columns.enumerated() {
            for (b, cb) in columns.enumerated() { s[a, b] /= (g[ca, ca] * g[cb, cb]).squareRoot() }
        }
        return s
    }

    private static func submatrix(_ g: Matrix, _ columns: [Int]) -> Matrix {
        var s = Matrix(rows: columns.count, columns: columns.count)
        for (a, ca) in columns.enumerated() {
            for (b, cb) in columns.enumerated() { s[a, b] = g[ca, cb] }
        }
        return s
    }
}

extension ModelDesign {
    /// [X_j y_j]'W[X_j y_j] over unit j's level-1 design, with w_i = exp(-c_i'alpha) = 1 / sigma^2_ij, or
    /// unweighted when `alpha` is nil.
    func level1CrossProducts(unit j: Int, alpha: [Double]?) -> Matrix {
        let width = levels.coefficientCount
        var g = Matrix(rows: width + 1, columns: width + 1)
        var v = [Double](repeating: 0, count: width + 1)
        for i in unitOffsets[j]..<unitOffsets[j + 1] {
            for c in 0..<width { v[c] = levels.level1Rows[i * width + c] }
            v[width] = rows[i * rowWidth + rowWidth - 1]
            let weight = alpha.map { exp(-logLevel1Variance(row: i, alpha: $0)) } ?? 1
            g.addOuterProduct(v, scale: weight)
        }
        return g
    }

    /// Every unit's OLS fit, weighted by 1 / sigma^2_ij at `alpha` (unweighted when nil).
    func unitLeastSquares(alpha: [Double]?) -> [UnitLeastSquares] {
        (0..<unitCount).map { j in
            UnitLeastSquares(crossProducts: level1CrossProducts(unit: j, alpha: alpha),
                             rowCount: unitOffsets[j + 1] - unitOffsets[j])
        }
    }
}

extension Matrix {
    /// A += s v v' (A square, of order v.count).
    mutating func addOuterProduct(_ v: [Double], scale s: Double = 1) {
        for a in v.indices where v[a] != 0 {
            let sa = s * v[a]
            for b in v.indices { self[a, b] += sa * v[b] }
        }
    }
}
