/// Scratch memory for the per-unit algebra of one range of units, allocated once per pass so that the
/// per-unit work allocates nothing (see `SmallMatrix`). Not shared between threads: each chunk of
/// `concurrentChunks` makes its own.
final class UnitWorkspace {
    let p: Int, q: Int, k: Int, h: Int
    /// Where the unit's moments are (its narrow block, see `MomentLayout`).
    let layout: MomentLayout
    let request: MomentRequest
    /// Number of G_h accumulated (1 or H + 1) and of Q_hl pairs, and the width of one Q_hl.
    let orders: Int, pairs: Int, pairWidth: Int
    /// For each stored Q_hl entry, its index in the narrow block.
    let secondOrderIndices: [Int]

    /// Narrow G_h (orders x (q + 1) k), then Q_hl (pairs x pairWidth): the unit's moments.
    let moments: UnsafeMutablePointer<Double>
    let momentCount: Int
    /// The fixed blocks summed over the units this workspace has read row by row (`MomentSource.rows`):
    /// packed G_h[xx] (orders x p(p + 1)/2), then, for REML, packed Q_hl[xx] (pairs x p(p + 1)/2).
    let fixedMoments: UnsafeMutablePointer<Double>
    let fixedMomentCount: Int
    /// Numbers the likelihood's first pass keeps per unit for the derivative pass: the moments, then K.
    var storedCount: Int { momentCount + q * q }
    /// One row's products v_r v_c: its narrow block, then its packed fixed block (see `accumulateMoments`).
    let rowProducts: UnsafeMutablePointer<Double>
    /// q x q scratch.
    let a: UnsafeMutablePointer<Double>, m: UnsafeMutablePointer<Double>, t1: UnsafeMutablePointer<Double>
    let kMatrix: UnsafeMutablePointer<Double>, b: UnsafeMutablePointer<Double>, s: UnsafeMutablePointer<Double>
    let ah: UnsafeMutablePointer<Double>, kah: UnsafeMutablePointer<Double>
    /// q x (p + 1) scratch.
    let zxy: UnsafeMutablePointer<Double>, y: UnsafeMutablePointer<Double>
    /// Vectors.
    let zWe: UnsafeMutablePointer<Double>, uHat: UnsafeMutablePointer<Double>, sVector: UnsafeMutablePointer<Double>
    let residual: UnsafeMutablePointer<Double>

    /// The pass over base-column products (`FactoredMoments`) when the design has `rowFactors`, made when a pass
    /// over the rows first asks for it: a workspace whose moments come from strata (every pass of a homogeneous
    /// or categorical variance model, one workspace per chunk of units and pass) never builds its index tables.
    lazy var factored: FactoredMoments? = factors.map {
        FactoredMoments(factors: $0, layout: layout, orders: orders, pairs: pairs,
                        secondOrderIndices: secondOrderIndices, fixedPairs: request.secondOrder == .all)
    }
    private let factors: RowFactors?

    /// Level-1 rows read by `accumulateMoments` with this workspace (the regression tests count the passes
    /// over the data this way: none per iteration when every variance predictor is categorical).
    var rowsVisited = 0
    /// The smallest c_i'alpha among the rows read with this workspace and the first row where it occurs (row -1
    /// when none was read): the pass that weights the rows finds the smallest fitted ln sigma^2 as it goes, so
    /// that the optimiser's check for a vanishing level-1 variance needs no pass of its own.
    var lowestLogVariance = (value: Double.infinity, row: -1)

    private let memory: UnsafeMutablePointer<Double>
    /// exp(-c_s'alpha) per stratum pattern, and the alpha they belong to (see `patternWeights`).
    private var weights: UnsafeMutableBufferPointer<Double>?
    private var weightsAlpha: [Double] = []

    init(design: ModelDesign, request: MomentRequest) {
        p = design.fixedCount
        q = design.randomCount
        k = design.rowWidth
        h = design.varianceCount
        layout = MomentLayout(design)
        self.request = request
        orders = request.allOrders ? h : 1
        pairs = request.secondOrder == .none ? 0 : h * (h + 1) / 2
        let (p, q, layout) = (p, q, layout)
        secondOrderIndices = request.secondOrder == .randomEffects
            ? (0..<q).flatMap { r in (r..<q).map { layout.index(p + r, p + $0) } }
            : Array(0..<layout.narrowCount)
        pairWidth = secondOrderIndices.count
        momentCount = orders * layout.narrowCount + pairs * pairWidth
        fixedMomentCount = (orders + (request.secondOrder == .all ? pairs : 0)) * layout.fixed.count
        factors = design.rowFactors
        let sizes = [momentCount, fixedMomentCount, layout.narrowCount + layout.fixed.count] + Array(repeating: q * q, count: 6) + [h * q * q, h * q * q]
            + [q * (p + 1), q * (p + 1), q, q, q, k]
        let memory = UnsafeMutablePointer<Double>.allocate(capacity: sizes.reduce(0, +))
        memory.initialize(repeating: 0, count: sizes.reduce(0, +))
        self.memory = memory
        var offset = 0
        func region(_ size: Int) -> UnsafeMutablePointer<Double> {
            defer { offset += size }
            return memory + offset
        }
        moments = region(momentCount)
        fixedMoments = region(fixedMomentCount)
        rowProducts = region(layout.narrowCount + layout.fixed.count)
        a = region(q * q)
        m = region(q * q)
        t1 = region(q * q)
        kMatrix = region(q * q)
        b = region(q * q)
        s = region(q * q)
        ah = region(h * q * q)
        kah = region(h * q * q)
        zxy = region(q * (p + 1))
        y = region(q * (p + 1))
        zWe = region(q)
        uHat = region(q)
        sVector = region(q)
        residual = region(k)
    }

    deinit {
        weights?.deallocate()
        memory.deallocate()
    }

    /// w_s = exp(-c_s'alpha) for each pattern of `strata`, computed when alpha differs from the last call's
    /// (so once per pass, not per unit).
    func patternWeights(_ strata: VarianceStrata, alpha: [Double]) -> UnsafePointer<Double> {
        let count = strata.patternCount
        if weights?.count != count {
            weights?.deallocate()
            weights = .allocate(capacity: count)
            weightsAlpha = []
        }
        let out = weights!
        if weightsAlpha != alpha {
            for pattern in 0..<count {
                out[pattern] = Level1Model.weight(strata.patterns.baseAddress! + pattern * h, alpha: alpha, count: h)
            }
            weightsAlpha = alpha
        }
        return UnsafePointer(out.baseAddress!)
    }

    /// Copies the z block of G_order (A_h = Z'C_h W Z) into `out` (q x q). Here and below q is the workspace's
    /// `q`, passed in so that code specialised for a constant q (`SmallOrder`) gets the loops unrolled.
    @inline(__always)
    func randomEffectsBlock(_ order: Int, q: Int, into out: UnsafeMutablePointer<Double>) {
        let k = p + q + 1, block = moments + order * (q + 1) * k + p
        for r in 0..<q { for c in 0..<q { out[r * q + c] = block[r * k + c] } }
    }

    /// The unit's posterior from the moments: K = U'U with U = R^-1 L' (the posterior covariance of u_j) in
    /// `kMatrix`, Z'W e = Z'Wy - Z'WX gamma in `zWe` and u_hat = K Z'W e in `uHat` (also leaves R in `m`
    /// and A in `a`). False when M cannot be factorised.
    @inline(__always)
    func posterior(_ l: UnsafePointer<Double>, q: Int, gamma: UnsafePointer<Double>) -> Bool {
        guard factorM(l, q: q) != nil else { return false }
        posteriorCovariance(l, q: q)
        posteriorMean(q: q, gamma: gamma)
        return true
    }

    /// K = U'U with U = R^-1 L' into `kMatrix`, R being in `m` (after `factorM`).
    @inline(__always)
    func posteriorCovariance(_ l: UnsafePointer<Double>, q: Int) {
        for r in 0..<q { for c in 0..<q { t1[r * q + c] = l[c * q + r] } }
        SmallMatrix.forwardSolve(q, q, m, t1)
        SmallMatrix.multiply(q, q, q, t1, transposeA: true, t1, into: kMatrix)
    }

    /// Z'W e = Z'Wy - Z'WX gamma into `zWe` and u_hat = K Z'W e into `uHat`, K being in `kMatrix`.
    @inline(__always)
    func posteriorMean(q: Int, gamma: UnsafePointer<Double>) {
        let k = p + q + 1
        for r in 0..<q {
            // G_0[z_r, y], then G_0[x_c, z_r] = G_0[z_r, x_c] (the narrow block's row r).
            let row = moments + r * k
            var value = row[p + q]
            for c in 0..<p { value -= row[c] * gamma[c] }
            zWe[r] = value
        }
        SmallMatrix.multiply(q, 1, q, kMatrix, zWe, into: uHat)
    }

    /// M = I + L'AL with A = G_0[z, z], factorised in place into R (lower), in `m`; returns ln|M|.
    @inline(__always)
    func factorM(_ l: UnsafePointer<Double>, q: Int) -> Double? {
        randomEffectsBlock(0, q: q, into: a)
        SmallMatrix.multiply(q, q, q, a, l, into: t1)
        SmallMatrix.multiply(q, q, q, l, transposeA: true, t1, into: m)
        for r in 0..<q { m[r * q + r] += 1 }
        return SmallMatrix.choleskyInPlace(q, m)
    }
}
