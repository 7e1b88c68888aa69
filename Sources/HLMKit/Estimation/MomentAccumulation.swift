// The one extension of ModelDesign outside Design/: the hot loop of every likelihood pass, kept as it was measured.
// A version on UnitWorkspace taking the design as an argument was no faster, and slower in some runs of the
// 10-million-row benchmark (runs of one binary vary by a third on this machine, so the difference is unproven).
extension ModelDesign {
    /// Fills `workspace.moments` with unit j's moments at `alpha`, as the workspace's request asks: the narrow
    /// blocks of G_0 ... G_H, then the stored entries of each Q_hl. Reading rows (`MomentSource.rows`), it
    /// also adds the unit's fixed blocks to `workspace.fixedMoments` (with strata they come from the
    /// patterns' sums instead, see `addFixedMoments`).
    ///
    /// Each row (or stratum) adds its unweighted product P = v v' scaled by c_ih w to G_h and by
    /// c_ih c_il w to Q_hl, w its weight from `level1` (`Level1Model.Rows.weight(row:alpha:)`, or the strata's
    /// pattern weights).
    func accumulateMoments(unit j: Int, alpha: [Double], source: MomentSource, into ws: UnitWorkspace) {
        let k = rowWidth, h = varianceCount, narrow = ws.layout.narrowCount
        ws.moments.update(repeating: 0, count: ws.momentCount)
        switch source {
        case .strata(let strata):
            let weights = ws.patternWeights(strata, alpha: alpha)
            ws.secondOrderIndices.withUnsafeBufferPointer { indices in
                for s in strata.unitStart[j]..<strata.unitStart[j + 1] {
                    let pattern = strata.pattern[s], w = weights[pattern]
                    let product = strata.products.baseAddress! + s * strata.productCount
                    let c = strata.patterns.baseAddress! + pattern * h
                    for a in 0..<ws.orders { axpy(narrow, c[a] * w, product, ws.moments + a * narrow) }
                    guard ws.pairs > 0 else { continue }
                    var out = ws.moments + ws.orders * narrow
                    for a in 0..<h {
                        for b in a..<h {
                            let scale = c[a] * c[b] * w
                            for t in 0..<ws.pairWidth { out[t] += scale * product[indices[t]] }
                            out += ws.pairWidth
                        }
                    }
                }
            }
        case .rows:
            if let factored = ws.factored {
                factored.accumulate(unit: j, design: self, alpha: alpha, into: ws)
                return
            }
            let unitRows = grouping.rows(ofUnit: j)
            ws.rowsVisited += unitRows.count
            let unitWeight = level1.unitWeight(j)
            rows.withUnsafeBufferPointer { v in
                level1.varianceRows.withUnsafeBufferPointer { storage in
                    let c = level1.rows(storage)
                    var lowest = ws.lowestLogVariance
                    for i in unitRows {
                        let logVariance = c.logVariance(row: i, alpha: alpha)
                        if logVariance < lowest.value { lowest = (logVariance, i) }
                        let w = c.weight(logVariance: logVariance, row: i)
                        addRow(v.baseAddress! + i * k, c: c.row(i), w: w, fixedW: w * unitWeight, into: ws)
                    }
                    ws.lowestLogVariance = lowest
                }
            }
        }
    }

    /// Adds one row of weight w (exp(-c'alpha)): G_a += c_a w v v' and Q_ab += c_a c_b w v v' (narrow blocks to
    /// the unit's moments, fixed blocks, with the row's weight `fixedW` in sums over units (w times the unit's
    /// level-2 design weight b_j, see `Level1Model.designWeighted`), to the workspace's sums; the hot loop of a
    /// heterogeneous fit with a continuous variance predictor). The row's products v_r v_c are formed once, into
    /// `ws.rowProducts` (narrow block, then the packed fixed block), and each moment adds a multiple of them.
    @inline(__always)
    private func addRow(_ v: UnsafePointer<Double>, c: UnsafePointer<Double>, w: Double, fixedW: Double,
                        into ws: UnitWorkspace) {
        let h = varianceCount, orders = ws.orders, narrow = ws.layout.narrowCount
        let tri = ws.layout.fixed.count, products = ws.rowProducts
        products.update(repeating: 0, count: narrow + tri)
        ws.layout.addRow(v, scale: 1, narrow: products, fixed: products + narrow)
        for a in 0..<orders {
            axpy(narrow, c[a] * w, products, ws.moments + a * narrow)
            axpy(tri, c[a] * fixedW, products + narrow, ws.fixedMoments + a * tri)
        }
        let pairs = ws.pairs, width = ws.pairWidth
        guard pairs > 0 else { return }
        let fixedPairs = ws.request.secondOrder == .all
        var out = ws.moments + orders * narrow, pair = 0
        ws.secondOrderIndices.withUnsafeBufferPointer { indices in
            for a in 0..<h {
                for b in a..<h {
                    let s = c[a] * c[b] * w
                    if fixedPairs {
                        axpy(width, s, products, out)
                        axpy(tri, c[a] * c[b] * fixedW, products + narrow, ws.fixedMoments + (orders + pair) * tri)
                    } else {
                        for t in 0..<width { out[t] += s * products[indices[t]] }
                    }
                    out += width
                    pair += 1
                }
            }
        }
    }
}

extension UnitWorkspace {
    /// The fixed blocks of all units at `alpha` from the strata's pattern sums F_c, into `fixedMoments` (as
    /// `accumulateMoments` lays them out when it reads rows): G_h[xx] = sum_c c_h w_c F_c and, for REML,
    /// Q_hl[xx] = sum_c c_h c_l w_c F_c. O(patterns p^2), no pass over units or rows.
    func setFixedMoments(_ strata: VarianceStrata, alpha: [Double]) {
        let tri = layout.fixed.count
        let weights = patternWeights(strata, alpha: alpha)
        fixedMoments.update(repeating: 0, count: fixedMomentCount)
        for pattern in 0..<strata.patternCount {
            let c = strata.patterns.baseAddress! + pattern * h, w = weights[pattern]
            let product = strata.fixedProducts.baseAddress! + pattern * strata.fixedCount
            for a in 0..<orders { axpy(tri, c[a] * w, product, fixedMoments + a * tri) }
            guard request.secondOrder == .all else { continue }
            var pair = orders
            for a in 0..<h {
                for b in a..<h {
                    axpy(tri, c[a] * c[b] * w, product, fixedMoments + pair * tri)
                    pair += 1
                }
            }
        }
    }
}
