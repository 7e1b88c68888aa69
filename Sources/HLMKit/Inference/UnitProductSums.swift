import HLMPlatform

/// The per-unit sums that inference reads, formed from each unit's products of the base columns (u_0 = 1)
/// instead of a pass over its rows, for a normal outcome without prior or design weights
/// (`Level1Model.rowWeights` nil): either the unweighted P_j[s, t] = sum_i u_s u_t that the design's build kept
/// (`RowFactors.unitProducts`) times one weight w for all rows (1 for unweighted fits, exp(-alpha_0) for a
/// homogeneous level-1 variance), or the weighted S_j[s, t] = sum_i w_i u_s u_t that the posterior pass reads
/// off a unit's moments (`momentEntries`, w = 1 then), whatever the variance model.
///
/// - The units' OLS fits (`UnitLeastSquares`) are on the user's level-1 columns (`ModelDesign.levels`) and the
///   design's outcome column. Where each user column is its internal base column (no centring shift,
///   `CentredColumns`), G_j[q, r] = w P[b_q, b_r]: unweighted, the very sums the row pass forms. A shifted
///   column x_q = u_b(q) + a_q would need G_j's entries rebuilt from the centred ones, which loses the digits
///   that the user's uncentred column costs (about 1e-11 relative for X around 5 of range 0.5, against the row
///   pass's own sums), so such a design's fits keep the row pass (`fitsLevel1`).
/// - The posterior's score X_j'W(y_j - X_j gamma) is on the design's internal columns v_c = f_cj u_b(c)
///   (`RowFactors`): with g_s = sum over the columns c of base s of f_cj gamma_c, its entry c is
///   w f_cj (P[b(c), b(y)] - sum_s P[b(c), s] g_s), O(m^2 + p) per unit instead of O(n_j p).
struct UnitProductSums {
    /// The design's factors.
    let factors: RowFactors
    /// Per unit, `factors.productCount` sums at `RowFactors.productIndex(s, t)`: P_j or S_j.
    let products: [Double]
    /// w, the weight of every row in `products`: 1, or exp(-alpha_0) for P_j under a homogeneous variance.
    let weight: Double
    /// Per level-1 coefficient (`levels.coefficients`) and then the outcome, its base column b.
    let level1Base: [Int]
    /// Whether every user level-1 column is its base column (no centring shift), so that the units' OLS fits
    /// can take their sums from `products`.
    let fitsLevel1: Bool

    /// The build's products of `design` with its rows weighted at `alpha` (unweighted when nil); nil when they
    /// do not give the sums: a level-1 variance model with predictors, products dropped (PQL rewrites the
    /// outcome), or what `init(design:products:weight:)` refuses.
    init?(design: ModelDesign, alpha: [Double]?) {
        guard alpha == nil || design.varianceCount == 1, let factors = design.rowFactors,
              factors.unitProducts.count == design.unitCount * factors.productCount
        else { return nil }
        self.init(design: design, products: factors.unitProducts, weight: alpha.map { exp(-$0[0]) } ?? 1)
    }

    /// The sums of `products` (per unit, `productCount` numbers each, every row weighted by `weight`); nil for
    /// prior or design weights, a non-normal outcome, a design without factors, or a level-1 coefficient whose
    /// user column is not a base column or one shifted by a constant.
    init?(design: ModelDesign, products: [Double], weight: Double = 1) {
        guard design.level1.rowWeights == nil, design.level1.response == nil, let factors = design.rowFactors
        else { return nil }
        let p = design.fixedCount, shifts = design.standardisation
        var base: [Int] = [], shifted = false
        for (q, name) in design.levels.coefficients.enumerated() {
            guard design.levels.level1Column[q] >= 0 else {
                base.append(0)
                continue
            }
            // A column of coefficient q whose level-2 factor is 1 holds its internal level-1 values, and its
            // shift's one term (if any) adds a_q times a column of base 0 (the intercept's).
            let terms: [ColumnShifts.Term], column: Int, offset: Int
            if let f = design.fixedEffects.indices.first(where: {
                design.fixedEffects[$0].coefficient == name && factors.level2[$0] == nil
            }) {
                (terms, column, offset) = (shifts.fixed.terms[f], f, 0)
            } else if let r = design.randomCoefficients.firstIndex(of: name) {
                (terms, column, offset) = (shifts.random.terms[r], p + r, p)
            } else {
                return nil
            }
            guard terms.count <= 1, terms.allSatisfy({ factors.baseOf[offset + $0.column] == 0 }) else { return nil }
            base.append(factors.baseOf[column])
            shifted = shifted || !terms.isEmpty
        }
        self.factors = factors
        self.products = products
        self.weight = weight
        level1Base = base + [factors.baseOf[design.rowWidth - 1]]
        fitsLevel1 = !shifted
    }

    /// For each product u_s u_t (`productIndex` order), the entry of a unit's narrow block of moments
    /// (`MomentLayout`: the rows of z and y against every column, order 0) that is S_j[s, t] = sum_i w_i u_s u_t:
    /// an entry (r, c) whose row and column both have level-2 factor 1 (a z column, the outcome, or a fixed
    /// effect of INTRCPT2) is exactly that sum, whatever the moments' source. nil when some product has no such
    /// entry (two base columns that are neither random nor the outcome) or `init(design:products:weight:)`
    /// would refuse the design.
    static func momentEntries(of design: ModelDesign) -> [Int]? {
        guard let factors = design.rowFactors, UnitProductSums(design: design, products: []) != nil else { return nil }
        let layout = MomentLayout(design), k = design.rowWidth, p = design.fixedCount
        var entries = [Int?](repeating: nil, count: factors.productCount)
        for r in p..<k where factors.level2[r] == nil {
            for c in 0..<k where factors.level2[c] == nil {
                let product = factors.productIndex(factors.baseOf[r], factors.baseOf[c])
                if entries[product] == nil { entries[product] = layout.index(r, c) }
            }
        }
        return entries.contains(nil) ? nil : entries.map { $0! }
    }

    /// Adds w [X1_j y_j]'[X1_j y_j] of unit j on the user's level-1 columns and the outcome to `g`
    /// ((Q + 1) x (Q + 1), row-major), as `UnitLeastSquares` reads it; only when `fitsLevel1`.
    func addLevel1CrossProducts(unit j: Int, into g: UnsafeMutablePointer<Double>) {
        let order = level1Base.count
        products.withUnsafeBufferPointer { products in
            let product = products.baseAddress! + j * factors.productCount
            for a in 0..<order {
                for b in 0..<order {
                    let value = product[factors.productIndex(level1Base[a], level1Base[b])]
                    g[a * order + b] += weight == 1 ? value : weight * value
                }
            }
        }
    }

    /// Adds w X_j'(y_j - X_j gamma) of unit j on the design's internal columns (p of them, the first columns of
    /// `factors`) to `score`, from the unit's `product` (P_j or S_j), using `scratch` (2 (m + 1) numbers).
    static func addFixedScore(_ factors: RowFactors, fixedCount p: Int, unit j: Int, product: UnsafePointer<Double>,
                              weight: Double, gamma: UnsafePointer<Double>, into score: UnsafeMutablePointer<Double>,
                              scratch: UnsafeMutablePointer<Double>) {
        let order = factors.baseCount + 1, outcome = factors.baseOf[factors.baseOf.count - 1]
        let g = scratch, residual = scratch + order
        g.update(repeating: 0, count: order)
        for c in 0..<p { g[factors.baseOf[c]] += (factors.level2[c]?[j] ?? 1) * gamma[c] }
        // r_s = sum_i w_i u_s (y_i - x_i'gamma) = P[s, y] - sum_t P[s, t] g_t.
        for s in 0..<order {
            var value = product[factors.productIndex(s, outcome)]
            for t in 0..<order where g[t] != 0 { value -= product[factors.productIndex(s, t)] * g[t] }
            residual[s] = value
        }
        for c in 0..<p { score[c] += weight * (factors.level2[c]?[j] ?? 1) * residual[factors.baseOf[c]] }
    }
}
