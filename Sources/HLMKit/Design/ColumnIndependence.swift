import Foundation

/// Finds the first column of a design that is (numerically) a linear combination of earlier columns,
/// by modified Gram-Schmidt on the columns scaled to unit length.
///
/// A column counts as dependent when the norm of its residual after projection on the earlier columns is
/// below `tolerance` (relative to its own norm). Returns the dependent column and the earlier columns with
/// a non-negligible coefficient in its projection, or nil when all columns are independent.
func firstDependentColumn(_ columns: [[Double]], tolerance: Double = 1e-9) -> (column: Int, dependsOn: [Int])? {
    var basis: [[Double]] = []
    var basisSource: [Int] = []
    for (c, column) in columns.enumerated() {
        let norm = dot(column, column).squareRoot()
        guard norm > 0 else { return (c, []) }
        var r = column.map { $0 / norm }
        var projections: [(Int, Double)] = []
        for (b, e) in basis.enumerated() {
            let coefficient = dot(r, e)
            if abs(coefficient) > 1e-6 { projections.append((basisSource[b], coefficient)) }
            for i in r.indices { r[i] -= coefficient * e[i] }
        }
        let residual = dot(r, r).squareRoot()
        if residual < tolerance { return (c, projections.map(\.0)) }
        basis.append(r.map { $0 / residual })
        basisSource.append(c)
    }
    return nil
}
