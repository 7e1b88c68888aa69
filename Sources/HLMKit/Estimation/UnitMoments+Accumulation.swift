import Foundation

extension ModelDesign {
    /// The weighted moments of unit j at `alpha`, as `request` asks.
    ///
    /// Each row (or stratum) adds its unweighted product P = v v' (packed) scaled by c_ih w to G_h and by
    /// c_ih c_il w to Q_hl, so a row costs k(k+1)/2 multiplications for P plus one scaled addition per moment.
    func moments(unit j: Int, alpha: [Double], source: MomentSource, request: MomentRequest) -> UnitMoments {
        let k = rowWidth, h = varianceCount, p = fixedCount, q = randomCount
        let packing = TrianglePacking(order: k)
        let tri = packing.count
        let orders = request.allOrders ? h : 1
        let pairs = request.secondOrder == .none ? 0 : h * (h + 1) / 2
        let zIndices: [Int] = request.secondOrder == .randomEffects
            ? (0..<q).flatMap { r in (r..<q).map { packing.index(p + r, p + $0) } }
            : Array(0..<tri)
        let pairWidth = zIndices.count
        var gPacked = [Double](repeating: 0, count: orders * tri)
        var qPacked = [Double](repeating: 0, count: pairs * pairWidth)
        gPacked.withUnsafeMutableBufferPointer { gOut in
            qPacked.withUnsafeMutableBufferPointer { qOut in
                func add(_ product: UnsafePointer<Double>, c: UnsafePointer<Double>, weight w: Double) {
                    for a in 0..<orders { axpy(tri, c[a] * w, product, gOut.baseAddress! + a * tri) }
                    guard pairs > 0 else { return }
                    var pair = 0
                    for a in 0..<h {
                        for b in a..<h {
                            let s = c[a] * c[b] * w
                            let out = qOut.baseAddress! + pair * pairWidth
                            for t in 0..<pairWidth { out[t] += s * product[zIndices[t]] }
                            pair += 1
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
                    var outer = [Double](repeating: 0, count: tri)
                    rows.withUnsafeBufferPointer { v in
                        varianceRows.withUnsafeBufferPointer { cRows in
                            outer.withUnsafeMutableBufferPointer { o in
                                for i in unitOffsets[j]..<unitOffsets[j + 1] {
                                    let c = cRows.baseAddress! + i * h
                                    var exponent = 0.0
                                    for a in 0..<h { exponent += c[a] * alpha[a] }
                                    o.update(repeating: 0)
                                    packing.addOuterProduct(v.baseAddress! + i * k, scale: 1, into: o.baseAddress!)
                                    add(UnsafePointer(o.baseAddress!), c: c, weight: exp(-exponent))
                                }
                            }
                        }
                    }
                }
            }
        }
        return gPacked.withUnsafeBufferPointer { g in
            qPacked.withUnsafeBufferPointer { qBuffer in
                UnitMoments(
                    g: (0..<orders).map { packing.expand(g.baseAddress! + $0 * tri) },
                    secondOrder: (0..<pairs).map { pair in
                        var full = Matrix(rows: k, columns: k)
                        for (t, index) in zIndices.enumerated() {
                            let (r, c) = packing.position(index)
                            full[r, c] = qBuffer[pair * pairWidth + t]
                            full[c, r] = qBuffer[pair * pairWidth + t]
                        }
                        return full
                    })
            }
        }
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
