#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Scratch memory for the per-unit algebra of one range of units, allocated once per pass so that the
/// per-unit work allocates nothing (see `SmallMatrix`). Not shared between threads: each chunk of
/// `concurrentChunks` makes its own.
final class UnitWorkspace {
    let p: Int, q: Int, k: Int, h: Int
    let packing: TrianglePacking
    let request: MomentRequest
    /// Number of G_h accumulated (1 or H + 1) and of Q_hl pairs, and the width of one Q_hl.
    let orders: Int, pairs: Int, pairWidth: Int
    /// For each stored Q_hl entry, its index in the packed k x k triangle, and its row and column.
    let secondOrderIndices: [Int]
    let secondOrderRows: UnsafeMutablePointer<Int>, secondOrderColumns: UnsafeMutablePointer<Int>
    /// The packed index of entry (r, c) of a k x k moment, either triangle (a table: the unit loops read
    /// entries by position many times).
    let packedIndex: UnsafeMutablePointer<Int>

    /// Packed G_h (orders x k(k+1)/2), then Q_hl (pairs x pairWidth): the unit's moments.
    let moments: UnsafeMutablePointer<Double>
    let momentCount: Int
    /// Numbers the likelihood's first pass keeps per unit for the derivative pass: the moments, then K.
    var storedCount: Int { momentCount + q * q }
    /// One row's weights c_a w.
    let rowScales: UnsafeMutablePointer<Double>
    /// q x q scratch.
    let a: UnsafeMutablePointer<Double>, m: UnsafeMutablePointer<Double>, t1: UnsafeMutablePointer<Double>
    let kMatrix: UnsafeMutablePointer<Double>, b: UnsafeMutablePointer<Double>, s: UnsafeMutablePointer<Double>
    let ah: UnsafeMutablePointer<Double>, kah: UnsafeMutablePointer<Double>
    /// q x (p + 1) scratch.
    let zxy: UnsafeMutablePointer<Double>, y: UnsafeMutablePointer<Double>
    /// Vectors.
    let zWe: UnsafeMutablePointer<Double>, uHat: UnsafeMutablePointer<Double>, sVector: UnsafeMutablePointer<Double>
    let residual: UnsafeMutablePointer<Double>

    /// Level-1 rows read by `accumulateMoments` with this workspace (the regression tests count the passes
    /// over the data this way: none per iteration when every variance predictor is categorical).
    var rowsVisited = 0

    private let memory: UnsafeMutablePointer<Double>
    /// exp(-c_s'alpha) per stratum pattern, and the alpha they belong to (see `patternWeights`).
    private var weights: UnsafeMutableBufferPointer<Double>?
    private var weightsAlpha: [Double] = []

    init(design: ModelDesign, request: MomentRequest) {
        p = design.fixedCount
        q = design.randomCount
        k = design.rowWidth
        h = design.varianceCount
        packing = TrianglePacking(order: k)
        self.request = request
        orders = request.allOrders ? h : 1
        pairs = request.secondOrder == .none ? 0 : h * (h + 1) / 2
        let (p, q, packing) = (p, q, packing)
        secondOrderIndices = request.secondOrder == .randomEffects
            ? (0..<q).flatMap { r in (r..<q).map { packing.index(p + r, p + $0) } }
            : Array(0..<packing.count)
        pairWidth = secondOrderIndices.count
        packedIndex = .allocate(capacity: k * k)
        for r in 0..<k { for c in 0..<k { packedIndex[r * k + c] = packing.index(min(r, c), max(r, c)) } }
        secondOrderRows = .allocate(capacity: pairWidth)
        secondOrderColumns = .allocate(capacity: pairWidth)
        for (t, index) in secondOrderIndices.enumerated() {
            (secondOrderRows[t], secondOrderColumns[t]) = packing.position(index)
        }
        momentCount = orders * packing.count + pairs * pairWidth
        let sizes = [momentCount, h] + Array(repeating: q * q, count: 6) + [h * q * q, h * q * q]
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
        rowScales = region(h)
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
        packedIndex.deallocate()
        secondOrderRows.deallocate()
        secondOrderColumns.deallocate()
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
                var exponent = 0.0
                for a in 0..<h { exponent += strata.patterns[pattern * h + a] * alpha[a] }
                out[pattern] = exp(-exponent)
            }
            weightsAlpha = alpha
        }
        return UnsafePointer(out.baseAddress!)
    }

    /// Entry (r, c) of the packed G_h in `moments` (or in `source` when given).
    @inline(__always)
    func g(_ order: Int, _ r: Int, _ c: Int, in source: UnsafePointer<Double>? = nil) -> Double {
        let base = source ?? UnsafePointer(moments)
        return base[order * packing.count + packedIndex[r * k + c]]
    }

    /// Copies the z block of G_order (A_h = Z'C_h W Z) into `out` (q x q).
    @inline(__always)
    func randomEffectsBlock(_ order: Int, into out: UnsafeMutablePointer<Double>) {
        for r in 0..<q { for c in 0..<q { out[r * q + c] = g(order, p + r, p + c) } }
    }

    /// The unit's posterior from the moments: K = U'U with U = R^-1 L' (the posterior covariance of u_j) in
    /// `kMatrix`, Z'W e = Z'Wy - Z'WX gamma in `zWe` and u_hat = K Z'W e in `uHat` (also leaves R in `m`
    /// and A in `a`). False when M cannot be factorised.
    @inline(__always)
    func posterior(_ l: UnsafePointer<Double>, gamma: [Double]) -> Bool {
        guard factorM(l) != nil else { return false }
        posteriorCovariance(l)
        posteriorMean(gamma: gamma)
        return true
    }

    /// K = U'U with U = R^-1 L' into `kMatrix`, R being in `m` (after `factorM`).
    @inline(__always)
    func posteriorCovariance(_ l: UnsafePointer<Double>) {
        for r in 0..<q { for c in 0..<q { t1[r * q + c] = l[c * q + r] } }
        SmallMatrix.forwardSolve(q, q, m, t1)
        SmallMatrix.multiply(q, q, q, t1, transposeA: true, t1, into: kMatrix)
    }

    /// Z'W e = Z'Wy - Z'WX gamma into `zWe` and u_hat = K Z'W e into `uHat`, K being in `kMatrix`.
    @inline(__always)
    func posteriorMean(gamma: [Double]) {
        for r in 0..<q {
            var value = g(0, p + r, p + q)
            for c in 0..<p { value -= g(0, c, p + r) * gamma[c] }
            zWe[r] = value
        }
        SmallMatrix.multiply(q, 1, q, kMatrix, zWe, into: uHat)
    }

    /// M = I + L'AL with A = G_0[z, z], factorised in place into R (lower), in `m`; returns ln|M|.
    @inline(__always)
    func factorM(_ l: UnsafePointer<Double>) -> Double? {
        randomEffectsBlock(0, into: a)
        SmallMatrix.multiply(q, q, q, a, l, into: t1)
        SmallMatrix.multiply(q, q, q, l, transposeA: true, t1, into: m)
        for r in 0..<q { m[r * q + r] += 1 }
        return SmallMatrix.choleskyInPlace(q, m)
    }
}
