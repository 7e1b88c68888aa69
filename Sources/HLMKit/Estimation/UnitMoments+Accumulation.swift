import Foundation

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
            case .strata(let units):
                for stratum in units[j] {
                    let w = exp(-dot(stratum.c, alpha))
                    stratum.product.withUnsafeBufferPointer { product in
                        stratum.c.withUnsafeBufferPointer { add(product.baseAddress!, c: $0.baseAddress!, weight: w) }
                    }
                }
            case .rows:
                rows.withUnsafeBufferPointer { v in
                    varianceRows.withUnsafeBufferPointer { cRows in
                        for i in unitOffsets[j]..<unitOffsets[j + 1] {
                            let c = cRows.baseAddress! + i * h
                            var exponent = 0.0
                            for a in 0..<h { exponent += c[a] * alpha[a] }
                            ws.outer.update(repeating: 0, count: tri)
                            ws.packing.addOuterProduct(v.baseAddress! + i * k, scale: 1, into: ws.outer)
                            add(UnsafePointer(ws.outer), c: c, weight: exp(-exponent))
                        }
                    }
                }
            }
        }
    }

    /// Unit j's moments as full matrices (allocates; for the one-off passes of the inference stage).
    func moments(unit j: Int, alpha: [Double], source: MomentSource, request: MomentRequest) -> UnitMoments {
        let workspace = UnitWorkspace(design: self, request: request)
        accumulateMoments(unit: j, alpha: alpha, source: source, into: workspace)
        return unitMoments(workspace.moments, workspace: workspace)
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
