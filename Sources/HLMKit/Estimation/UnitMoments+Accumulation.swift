#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension ModelDesign {
    /// Fills `workspace.moments` with unit j's moments at `alpha`, as the workspace's request asks: packed
    /// G_0 ... G_H, then the stored entries of each Q_hl.
    ///
    /// Each row (or stratum) adds its unweighted product P = v v' (packed) scaled by c_ih w to G_h and by
    /// c_ih c_il w to Q_hl, so a row costs k(k+1)/2 multiplications for P plus one scaled addition per moment.
    func accumulateMoments(unit j: Int, alpha: [Double], source: MomentSource, into ws: UnitWorkspace) {
        let k = rowWidth, h = varianceCount
        let tri = ws.packing.count
        let qBase = ws.moments + ws.orders * tri
        ws.moments.update(repeating: 0, count: ws.momentCount)
        ws.secondOrderIndices.withUnsafeBufferPointer { indices in
            func add(_ product: UnsafePointer<Double>, c: UnsafePointer<Double>, weight w: Double) {
                for a in 0..<ws.orders { axpy(tri, c[a] * w, product, ws.moments + a * tri) }
                guard ws.pairs > 0 else { return }
                var out = qBase
                for a in 0..<h {
                    for b in a..<h {
                        let s = c[a] * c[b] * w
                        for t in 0..<ws.pairWidth { out[t] += s * product[indices[t]] }
                        out += ws.pairWidth
                    }
                }
            }
            switch source {
            case .strata(let strata):
                let weights = ws.patternWeights(strata, alpha: alpha)
                for s in strata.unitStart[j]..<strata.unitStart[j + 1] {
                    let pattern = strata.pattern[s]
                    add(strata.products.baseAddress! + s * strata.productCount,
                        c: strata.patterns.baseAddress! + pattern * h, weight: weights[pattern])
                }
            case .rows:
                ws.rowsVisited += unitOffsets[j + 1] - unitOffsets[j]
                rows.withUnsafeBufferPointer { v in
                    varianceRows.withUnsafeBufferPointer { cRows in
                        for i in unitOffsets[j]..<unitOffsets[j + 1] {
                            addRow(v.baseAddress! + i * k, c: cRows.baseAddress! + i * h, alpha: alpha, into: ws)
                        }
                    }
                }
            }
        }
    }

    /// Adds one row: with w = exp(-c'alpha), G_a += c_a w v v' and Q_ab += c_a c_b w v v' (stored entries),
    /// each product v_r v_c formed once and added to every moment (the hot loop of a heterogeneous fit
    /// with a continuous variance predictor).
    @inline(__always)
    private func addRow(_ v: UnsafePointer<Double>, c: UnsafePointer<Double>, alpha: [Double], into ws: UnitWorkspace) {
        let k = rowWidth, h = varianceCount, tri = ws.packing.count, orders = ws.orders
        var exponent = 0.0
        for a in 0..<h { exponent += c[a] * alpha[a] }
        let w = exp(-exponent)
        let scales = ws.rowScales
        for a in 0..<orders { scales[a] = c[a] * w }
        let g = ws.moments
        // Two variance predictors (three orders; the binary + continuous case of the benchmark) is common: the
        // weights stay in registers (a loop over the orders would reload them on every entry, since g may
        // alias the scales).
        switch orders {
        case 1:
            ws.packing.addOuterProduct(v, scale: scales[0], into: g)
        case 3:
            let s0 = scales[0], s1 = scales[1], s2 = scales[2]
            let g1 = g + tri, g2 = g + 2 * tri
            var index = 0
            for r in 0..<k {
                let vr = v[r]
                for col in r..<k {
                    let x = vr * v[col]
                    g[index] += s0 * x
                    g1[index] += s1 * x
                    g2[index] += s2 * x
                    index += 1
                }
            }
        default:
            for a in 0..<orders { ws.packing.addOuterProduct(v, scale: scales[a], into: g + a * tri) }
        }
        let pairs = ws.pairs, width = ws.pairWidth
        guard pairs > 0 else { return }
        let rowsOf = ws.secondOrderRows, columnsOf = ws.secondOrderColumns
        var out = ws.moments + orders * tri
        for a in 0..<h {
            for b in a..<h {
                let s = c[a] * c[b] * w
                for t in 0..<width { out[t] += s * v[rowsOf[t]] * v[columnsOf[t]] }
                out += width
            }
        }
    }

    /// The moments stored at `packed` (as `accumulateMoments` lays them out) as full matrices, for the
    /// REML terms.
    func unitMoments(_ packed: UnsafePointer<Double>, workspace ws: UnitWorkspace) -> UnitMoments {
        let k = rowWidth, tri = ws.packing.count
        let g = (0..<ws.orders).map { ws.packing.expand(packed + $0 * tri) }
        let secondOrder = (0..<ws.pairs).map { pair -> Matrix in
            var full = Matrix(rows: k, columns: k)
            for (t, index) in ws.secondOrderIndices.enumerated() {
                let (r, c) = ws.packing.position(index)
                let value = packed[ws.orders * tri + pair * ws.pairWidth + t]
                full[r, c] = value
                full[c, r] = value
            }
            return full
        }
        return UnitMoments(g: g, secondOrder: secondOrder)
    }
}

extension TrianglePacking {
    /// (r, c) of a packed index.
    func position(_ index: Int) -> (Int, Int) {
        var r = 0, start = 0
        while start + (order - r) <= index {
            start += order - r
            r += 1
        }
        return (r, r + index - start)
    }
}
