@testable import HLMKit
import Foundation
import Testing

/// A deliberately naive reference: forms the full N x N V, P and every V_a, with explicit inverses.
struct DenseLikelihood {
    var deviance: Double
    var gradient: [Double]
    var information: Matrix

    init(design: ModelDesign, theta: CovarianceParameters, method: EstimationMethod) {
        let n = design.rowCount, p = design.fixedCount, q = design.randomCount, h = design.varianceCount
        let k = design.rowWidth
        let unit = unitIndexOfRows(design.grouping.level2.offsets)
        var x = Matrix(rows: n, columns: p), z = Matrix(rows: n, columns: q), y = [Double](repeating: 0, count: n)
        for i in 0..<n {
            for c in 0..<p { x[i, c] = design.rows[i * k + c] }
            for c in 0..<q { z[i, c] = design.rows[i * k + p + c] }
            y[i] = design.rows[i * k + p + q]
        }
        let sigma2 = (0..<n).map { i in
            exp(zip(design.level1.varianceRow(i), theta.alpha).reduce(0.0) { $0 + $1.0 * $1.1 })
        }
        func blockDiagonal(_ e: Matrix) -> Matrix {
            var m = Matrix(rows: n, columns: n)
            for i in 0..<n { for j in 0..<n where unit[i] == unit[j] {
                var s = 0.0
                for a in 0..<q { for b in 0..<q { s += z[i, a] * e[a, b] * z[j, b] } }
                m[i, j] = s
            } }
            return m
        }
        var v = blockDiagonal(theta.tau)
        for i in 0..<n { v[i, i] += sigma2[i] }
        let vFactor = Cholesky(v)!
        let vInverse = vFactor.inverse()
        let phi = x.transposeTimes(vInverse * x)
        let phiFactor = Cholesky(phi)!
        let gamma = phiFactor.solve(x.transposeTimes(vInverse * Matrix(y.map { [$0] })).storage)
        let e = zip(y, x * gamma).map { $0 - $1 }
        let vInverseE = vInverse * e
        deviance = Double(n) * log(2 * Double.pi) + vFactor.logDeterminant + dot(e, vInverseE)
        var pMatrix = vInverse
        if method == .reml {
            deviance += phiFactor.logDeterminant - Double(p) * log(2 * Double.pi)
            let vx = vInverse * x
            pMatrix = vInverse - vx * phiFactor.solve(vx.transposed)
        }
        var derivatives: [Matrix] = CovarianceParameters.tauEntries(q).map { entries in
            var e = Matrix(rows: q, columns: q)
            for (a, b) in entries { e[a, b] = 1 }
            return blockDiagonal(e)
        }
        for hIndex in 0..<h {
            var d = Matrix(rows: n, columns: n)
            for i in 0..<n { d[i, i] = design.level1.varianceRow(i)[hIndex] * sigma2[i] }
            derivatives.append(d)
        }
        gradient = derivatives.map { va in (pMatrix * va).trace - dot(vInverseE, va * vInverseE) }
        let products = derivatives.map { pMatrix * $0 }
        information = Matrix(rows: derivatives.count, columns: derivatives.count)
        for a in derivatives.indices { for b in derivatives.indices {
            information[a, b] = products[a].traceOfProduct(products[b])
        } }
    }
}

/// The unit index of every row, from the unit offsets.
func unitIndexOfRows(_ offsets: [Int]) -> [Int] {
    var unit = [Int](repeating: 0, count: offsets.last ?? 0)
    for j in 0..<(offsets.count - 1) {
        for i in offsets[j]..<offsets[j + 1] { unit[i] = j }
    }
    return unit
}

extension DenseLikelihood {
    /// Expects `fast` to agree with this computation: deviance to 1e-12 relative, gradient and expected
    /// information to 1e-9 (absolute or relative).
    func expectMatches(_ fast: LikelihoodEvaluation) {
        expectClose(fast.deviance, deviance, relative: 1e-12, "deviance")
        for (i, value) in gradient.enumerated() {
            expectClose(fast.gradient[i], value, absolute: 1e-9, relative: 1e-9, "gradient[\(i)]")
        }
        for i in 0..<information.rows {
            for j in 0..<information.columns {
                expectClose(fast.information[i, j], information[i, j], absolute: 1e-9, relative: 1e-9,
                            "information[\(i), \(j)]")
            }
        }
    }
}
