/// Where each cross-product of v = [x (p), z (q), y] is kept. A unit's moments are its "narrow" block, the
/// rows of z and y against every column: (q + 1) x k numbers, entry (p + a, c) at a k + c. The fixed block
/// sum_i w_i x_i x_i' is never kept per unit: only its sum over units (per variance pattern) enters the
/// likelihood (Phi = sum_j X_j'W_j X_j - ...), so a unit costs O(p q) memory and work instead of O(p^2).
struct MomentLayout {
    let p: Int, q: Int
    /// k = p + q + 1.
    var k: Int { p + q + 1 }
    /// (q + 1) k, the numbers of one unit's narrow block.
    var narrowCount: Int { (q + 1) * k }
    /// The packed upper triangle of the p x p fixed block.
    var fixed: TrianglePacking { TrianglePacking(order: p) }

    init(_ design: ModelDesign) {
        p = design.fixedCount
        q = design.randomCount
    }

    /// Index of entry (r, c) in a narrow block; one of r, c must be at least p (a z or y variable).
    @inline(__always)
    func index(_ r: Int, _ c: Int) -> Int { r >= p ? (r - p) * k + c : (c - p) * k + r }

    /// narrow += s v_{p..<k} v' and, when `fixed` is given, fixed += s x x' (packed): one row's products.
    @inline(__always)
    func addRow(_ v: UnsafePointer<Double>, scale s: Double, narrow: UnsafeMutablePointer<Double>,
                fixed: UnsafeMutablePointer<Double>?) {
        let k = k
        for a in 0...q {
            let sa = s * v[p + a]
            let out = narrow + a * k
            for c in 0..<k { out[c] += sa * v[c] }
        }
        if let fixed { self.fixed.addOuterProduct(v, scale: s, into: fixed) }
    }
}
