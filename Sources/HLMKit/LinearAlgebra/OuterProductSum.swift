/// A p x p sum S += sum_t s_t l_t r_t' of many outer products of p-vectors, applied in batches: the pairs are
/// buffered and every `capacity` of them are added as one tiled rank-k update.
///
/// The per-unit terms of a wide model's Phi = sum_j X_j'V_j^-1 X_j and of its REML derivatives are rank-q
/// updates of p x p sums. Applied one unit at a time, each update streams the whole sum through memory
/// (8 MB at p = 1,000); in batches, a 32 x 256 tile of S stays in cache while the batch's vectors pass by.
/// Written by hand because the package links no BLAS (its GER/GEMM would do this).
///
/// Accuracy: these sums are differenced. Phi = sum_j X_j'W_j X_j - sum_j Y_x'Y_x is much smaller than either
/// term when Tau is large, and the deviance's quadratic amplifies Phi's error by |gamma|^2; a plain running
/// sum of n similar terms has a rounding error growing like n eps |S|, which made the deviance on 100,000
/// units rough at 4e-6 (the deviance tolerance is 1e-8) and Fisher scoring crawled (29 iterations, not 6).
/// So S is kept with compensation (Neumaier's two-sum, the rounding errors in `carry`, S = sum + carry):
/// below p = 32 every pair's product is added that way; above, each batch's sum is formed from zero in a
/// tile and the tile is added that way (error about capacity eps |S| however many pairs are summed). This
/// costs a second p x p array. Each path is deterministic (the additions are made in the order the pairs were
/// added), so the sums do not depend on scheduling.
struct OuterProductSum {
    let order: Int
    /// Only the upper triangle (c >= r) is accumulated when true (for symmetric sums).
    let upperOnly: Bool
    /// S, row-major, without `carry`.
    private var sum: [Double]
    /// The rounding errors of the compensated additions to `sum` (S = sum + carry).
    private var carry: [Double]
    private var left: [Double], right: [Double]
    private var count = 0
    private let capacity = 64

    init(order: Int, upperOnly: Bool = false) {
        self.order = order
        self.upperOnly = upperOnly
        sum = [Double](repeating: 0, count: order * order)
        carry = sum
        let batched = order >= 32
        left = [Double](repeating: 0, count: batched ? capacity * order : 0)
        right = left
    }

    /// S += s l r' (l and r of length p). Below p = 32 the sum fits in cache anyway and the pair is added
    /// directly, each product with compensation.
    mutating func add(_ l: UnsafePointer<Double>, _ r: UnsafePointer<Double>, scale s: Double = 1) {
        let p = order
        guard p >= 32 else {
            addDirectly(count: 1, scale: s) { _ in (l, r) }
            return
        }
        if count == capacity { flush() }
        let base = count * p
        left.withUnsafeMutableBufferPointer { out in for i in 0..<p { out[base + i] = s * l[i] } }
        right.withUnsafeMutableBufferPointer { out in for i in 0..<p { out[base + i] = r[i] } }
        count += 1
    }

    /// S += s v_u v_u' for the `count` vectors v_u at `v + u stride` (p numbers each), in order: `add` of each,
    /// through one pointer to the sums below p = 32.
    mutating func addSquares(_ v: UnsafePointer<Double>, count: Int, stride: Int, scale s: Double = 1) {
        guard order >= 32 else {
            addDirectly(count: count, scale: s) { (v + $0 * stride, v + $0 * stride) }
            return
        }
        for u in 0..<count { add(v + u * stride, v + u * stride, scale: s) }
    }

    /// S += s l_t r_t' for the pairs t < count that `pair(t)` gives, in order, each product added to S with
    /// compensation (below p = 32).
    @inline(__always)
    private mutating func addDirectly(count: Int, scale s: Double = 1,
                                      _ pair: (Int) -> (UnsafePointer<Double>, UnsafePointer<Double>)) {
        let p = order, upper = upperOnly
        sum.withUnsafeMutableBufferPointer { out in
            carry.withUnsafeMutableBufferPointer { error in
                for t in 0..<count {
                    let (l, r) = pair(t)
                    for row in 0..<p {
                        let a = s * l[row]
                        guard a != 0 else { continue }
                        for c in (upper ? row : 0)..<p {
                            Self.compensatedAdd(a * r[c], to: &out[row * p + c], carry: &error[row * p + c])
                        }
                    }
                }
            }
        }
    }

    /// Adds the buffered pairs' sum, formed from zero tile by tile, to S with compensation.
    mutating func flush() {
        guard count > 0 else { return }
        let p = order, pairs = count, upper = upperOnly
        count = 0
        // Tile by tile: the tile's sum over the pairs in a cache-resident buffer, then added to S.
        var tile = [Double](repeating: 0, count: 32 * 256)
        left.withUnsafeBufferPointer { l in
            right.withUnsafeBufferPointer { r in
                sum.withUnsafeMutableBufferPointer { s in
                  carry.withUnsafeMutableBufferPointer { e in
                    tile.withUnsafeMutableBufferPointer { tile in
                        for r0 in stride(from: 0, to: p, by: 32) {
                            let r1 = min(r0 + 32, p)
                            for c0 in stride(from: upper ? r0 - r0 % 256 : 0, to: p, by: 256) {
                                let c1 = min(c0 + 256, p), width = c1 - c0
                                tile.update(repeating: 0)
                                Self.tileSum(l.baseAddress!, r.baseAddress!, pairs: pairs, order: p, rows: r0..<r1,
                                             columns: c0..<c1, upper: upper, into: tile.baseAddress!)
                                for row in r0..<r1 {
                                    let out = s.baseAddress! + row * p, error = e.baseAddress! + row * p
                                    let block = tile.baseAddress! + (row - r0) * width - c0
                                    for c in (upper ? max(c0, row) : c0)..<c1 {
                                        Self.compensatedAdd(block[c], to: &out[c], carry: &error[c])
                                    }
                                }
                            }
                        }
                    }
                  }
                }
            }
        }
    }

    /// tile[row - rows.lowerBound, c - columns.lowerBound] += sum_t l_t[row] r_t[c] over the buffered pairs t
    /// (`order` numbers each), for c >= row only when `upper` (entries below the diagonal may be written too,
    /// and are not read). Each entry is summed over t in order, as a plain loop would (so the sums do not
    /// change), but in 4 x 4 blocks held in registers across the pairs: 16 multiply-adds per 8 numbers read,
    /// where adding one pair at a time to the tile read and wrote the tile for every multiply-add.
    @inline(__always)
    private static func tileSum(_ l: UnsafePointer<Double>, _ r: UnsafePointer<Double>, pairs: Int, order p: Int,
                                rows: Range<Int>, columns: Range<Int>, upper: Bool,
                                into tile: UnsafeMutablePointer<Double>) {
        let width = columns.count, c0 = columns.lowerBound, r0 = rows.lowerBound
        /// The entries (row, c), c in `range` (and c >= row when `upper`), one pair at a time.
        func plain(_ rowRange: Range<Int>, _ range: Range<Int>) {
            for t in 0..<pairs {
                let lt = l + t * p, rt = r + t * p
                for row in rowRange {
                    let a = lt[row], start = upper ? max(range.lowerBound, row) : range.lowerBound
                    guard start < range.upperBound else { continue }
                    let out = tile + (row - r0) * width - c0
                    for c in start..<range.upperBound { out[c] += a * rt[c] }
                }
            }
        }
        var rb = r0
        while rb + 4 <= rows.upperBound {
            let start = upper ? max(c0, rb) : c0
            var cb = start
            while cb + 4 <= columns.upperBound {
                var acc0 = SIMD4<Double>(), acc1 = SIMD4<Double>(), acc2 = SIMD4<Double>(), acc3 = SIMD4<Double>()
                for t in 0..<pairs {
                    let lt = l + t * p + rb, rt = r + t * p + cb
                    let x = SIMD4<Double>(rt[0], rt[1], rt[2], rt[3])
                    acc0 += lt[0] * x
                    acc1 += lt[1] * x
                    acc2 += lt[2] * x
                    acc3 += lt[3] * x
                }
                let out = tile + (rb - r0) * width + (cb - c0)
                for c in 0..<4 {
                    out[c] += acc0[c]
                    out[width + c] += acc1[c]
                    out[2 * width + c] += acc2[c]
                    out[3 * width + c] += acc3[c]
                }
                cb += 4
            }
            if cb < columns.upperBound { plain(rb..<(rb + 4), cb..<columns.upperBound) }
            rb += 4
        }
        if rb < rows.upperBound { plain(rb..<rows.upperBound, columns) }
    }

    /// The sum so far (flushing the buffer).
    mutating func total() -> [Double] {
        flush()
        return zip(sum, carry).map { $0 + $1 }
    }

    /// Adds another sum's S (both flushed) entry by entry, with compensation.
    mutating func merge(_ other: OuterProductSum) {
        var other = other
        flush()
        other.flush()
        for t in sum.indices {
            Self.compensatedAdd(other.sum[t], to: &sum[t], carry: &carry[t])
            carry[t] += other.carry[t]
        }
    }

    /// s + x by Neumaier's two-sum: the new s rounded, its rounding error added to `carry`.
    @inline(__always)
    private static func compensatedAdd(_ x: Double, to s: inout Double, carry: inout Double) {
        let t = s + x
        carry += abs(s) >= abs(x) ? (s - t) + x : (x - t) + s
        s = t
    }
}
