/// A p x p sum S += sum_t s_t l_t r_t' of many outer products of p-vectors, applied in batches: the pairs are
/// buffered and every `capacity` of them are added as one tiled rank-k update.
///
/// The per-unit terms of a wide model's Phi = sum_j X_j'V_j^-1 X_j and of its REML derivatives are rank-q
/// updates of p x p sums. Applied one unit at a time, each update streams the whole sum through memory
/// (8 MB at p = 1,000); in batches, a 32 x 256 tile of S stays in cache while the batch's vectors pass by.
/// Written by hand because the package links no BLAS (its GER/GEMM would do this); the additions into each
/// entry happen in the order the pairs were added, so the sums do not depend on the batch size.
struct OuterProductSum {
    let order: Int
    /// Only the upper triangle (c >= r) is accumulated when true (for symmetric sums).
    let upperOnly: Bool
    /// S, row-major.
    private(set) var sum: [Double]
    private var left: [Double], right: [Double]
    private var count = 0
    private let capacity = 64

    init(order: Int, upperOnly: Bool = false) {
        self.order = order
        self.upperOnly = upperOnly
        sum = [Double](repeating: 0, count: order * order)
        left = [Double](repeating: 0, count: capacity * order)
        right = left
    }

    /// S += s l r' (l and r of length p). Below p = 32 the sum fits in cache anyway and is added to directly
    /// (the same additions in the same order as a batch would make).
    mutating func add(_ l: UnsafePointer<Double>, _ r: UnsafePointer<Double>, scale s: Double = 1) {
        let p = order, upper = upperOnly
        guard p >= 32 else {
            sum.withUnsafeMutableBufferPointer { out in
                for row in 0..<p {
                    let a = s * l[row]
                    guard a != 0 else { continue }
                    for c in (upper ? row : 0)..<p { out[row * p + c] += a * r[c] }
                }
            }
            return
        }
        if count == capacity { flush() }
        let base = count * p
        left.withUnsafeMutableBufferPointer { out in for i in 0..<p { out[base + i] = s * l[i] } }
        right.withUnsafeMutableBufferPointer { out in for i in 0..<p { out[base + i] = r[i] } }
        count += 1
    }

    /// Adds the buffered pairs to S.
    mutating func flush() {
        guard count > 0 else { return }
        let p = order, pairs = count, upper = upperOnly
        left.withUnsafeBufferPointer { l in
            right.withUnsafeBufferPointer { r in
                sum.withUnsafeMutableBufferPointer { s in
                    for r0 in stride(from: 0, to: p, by: 32) {
                        let r1 = min(r0 + 32, p)
                        for c0 in stride(from: upper ? r0 - r0 % 256 : 0, to: p, by: 256) {
                            let c1 = min(c0 + 256, p)
                            for t in 0..<pairs {
                                let lt = l.baseAddress! + t * p, rt = r.baseAddress! + t * p
                                for row in r0..<r1 {
                                    let a = lt[row]
                                    let start = upper ? max(c0, row) : c0
                                    guard a != 0, start < c1 else { continue }
                                    let out = s.baseAddress! + row * p
                                    for c in start..<c1 { out[c] += a * rt[c] }
                                }
                            }
                        }
                    }
                }
            }
        }
        count = 0
    }

    /// The sum so far (flushing the buffer).
    mutating func total() -> [Double] {
        flush()
        return sum
    }

    /// Adds another sum's S (both flushed) entry by entry.
    mutating func merge(_ other: OuterProductSum) {
        var other = other
        flush()
        let theirs = other.total()
        for t in sum.indices { sum[t] += theirs[t] }
    }
}
