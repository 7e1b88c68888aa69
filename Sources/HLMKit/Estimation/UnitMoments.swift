import Foundation

/// The weighted cross-products of one unit at a given alpha, with w_i = 1 / sigma^2_i = exp(-c_i' alpha):
/// G_h = sum_i c_ih w_i v_i v_i' for v_i = [x_i, z_i, y_i] (h = 0 gives X'D^-1X, X'D^-1Z, ... in one matrix),
/// and, for the expected information, Q_hl = sum_i c_ih c_il w_i v_i v_i' (h <= l).
struct UnitMoments {
    /// G_0 ... G_H (only G_0 when first-order moments were asked for).
    var g: [Matrix]
    /// Q_hl (k x k) for h <= l, in the order (0,0), (0,1), ..., (0,H), (1,1), ...; empty unless asked for.
    var secondOrder: [Matrix]
}

/// Precomputed unweighted products of one (unit, variance stratum): every row of the stratum has the same
/// c, so sum_{i in s} w_i v_i v_i' = w_s P_s with P_s = sum_{i in s} v_i v_i'.
struct VarianceStratum {
    /// c_s, the stratum's variance-design row.
    var c: [Double]
    /// Number of rows in the stratum.
    var count: Int
    /// P_s (k x k, full).
    var product: Matrix
}

/// Where the weighted moments come from: products precomputed once per (unit, stratum) when every variance
/// predictor is categorical (iterations then cost nothing per row), or one pass over the unit's rows.
enum MomentSource {
    case strata([[VarianceStratum]])
    case rows

    /// Strata when the variance design has at most `maximumPatterns` distinct rows, else `.rows`.
    static func choose(for design: ModelDesign, maximumPatterns: Int = 16) -> MomentSource {
        let h = design.varianceCount
        var patterns: [[Double]: Int] = [:]
        for i in 0..<design.rowCount {
            let c = Array(design.varianceRows[(i * h)..<((i + 1) * h)])
            if patterns[c] == nil {
                patterns[c] = patterns.count
                if patterns.count > maximumPatterns { return .rows }
            }
        }
        let k = design.rowWidth
        var units: [[VarianceStratum]] = []
        units.reserveCapacity(design.unitCount)
        for j in 0..<design.unitCount {
            var strata: [Int: VarianceStratum] = [:]
            for i in design.unitOffsets[j]..<design.unitOffsets[j + 1] {
                let c = Array(design.varianceRows[(i * h)..<((i + 1) * h)])
                let key = patterns[c]!
                var stratum = strata[key] ?? VarianceStratum(c: c, count: 0, product: Matrix(rows: k, columns: k))
                stratum.count += 1
                design.rows.withUnsafeBufferPointer { v in
                    addOuterProduct(into: &stratum.product, v, offset: i * k, scale: 1)
                }
                strata[key] = stratum
            }
            units.append(strata.keys.sorted().map { strata[$0]! })
        }
        return .strata(units)
    }
}

/// M += s v v' for the k-vector v stored at `v[offset ..< offset + k]`.
@inline(__always)
func addOuterProduct(into m: inout Matrix, _ v: UnsafeBufferPointer<Double>, offset: Int, scale: Double) {
    let k = m.rows
    m.storage.withUnsafeMutableBufferPointer { out in
        for a in 0..<k {
            let sa = scale * v[offset + a]
            if sa == 0 { continue }
            for b in 0..<k { out[a * k + b] += sa * v[offset + b] }
        }
    }
}

extension ModelDesign {
    /// The weighted moments of unit j at `alpha`; `full` adds G_1 ... G_H and the Q_hl.
    func moments(unit j: Int, alpha: [Double], source: MomentSource, full: Bool) -> UnitMoments {
        let k = rowWidth, h = varianceCount
        let orders = full ? h : 1
        var g = [Matrix](repeating: Matrix(rows: k, columns: k), count: orders)
        var q2 = [Matrix](repeating: Matrix(rows: k, columns: k), count: full ? h * (h + 1) / 2 : 0)
        switch source {
        case .strata(let units):
            for stratum in units[j] {
                let c = stratum.c
                let w = exp(-dot(c, alpha))
                for a in 0..<orders { g[a].add(stratum.product, scale: c[a] * w) }
                guard full else { continue }
                var index = 0
                for a in 0..<h {
                    for b in a..<h {
                        q2[index].add(stratum.product, scale: c[a] * c[b] * w)
                        index += 1
                    }
                }
            }
        case .rows:
            rows.withUnsafeBufferPointer { v in
                varianceRows.withUnsafeBufferPointer { cRows in
                    for i in unitOffsets[j]..<unitOffsets[j + 1] {
                        var exponent = 0.0
                        for a in 0..<h { exponent += cRows[i * h + a] * alpha[a] }
                        let w = exp(-exponent)
                        for a in 0..<orders { addOuterProduct(into: &g[a], v, offset: i * k, scale: cRows[i * h + a] * w) }
                        guard full else { continue }
                        var index = 0
                        for a in 0..<h {
                            for b in a..<h {
                                let s = cRows[i * h + a] * cRows[i * h + b] * w
                                addOuterProduct(into: &q2[index], v, offset: i * k, scale: s)
                                index += 1
                            }
                        }
                    }
                }
            }
        }
        return UnitMoments(g: g, secondOrder: q2)
    }
}
