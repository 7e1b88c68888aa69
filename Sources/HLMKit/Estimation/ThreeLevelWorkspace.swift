/// Scratch memory and running sums for `ThreeLevelLikelihood.derivatives` over one chunk of level-3 units,
/// allocated once per chunk so that the per-unit algebra allocates nothing (as `UnitWorkspace` does for two
/// levels). All matrices are row-major; the moment order is (z2, z3, x, y) of width w = q2 + q3 + p + 1.
/// Not shared between threads: each chunk of `concurrentChunks` makes its own.
final class ThreeLevelWorkspace {
    /// w, p, q2, q3, m (variance predictors), n = n2 + n3 + m (parameters) and n2, n3 (theta's entries per level).
    let w: Int, p: Int, q2: Int, q3: Int, m: Int, n: Int, n2: Int, n3: Int

    /// Per level-2 unit of the current level-3 unit: N_j (w x w), half_j = L_j^-1 Lp'M_j,z2. (q2 x w), L_j
    /// (q2 x q2, the factor of A_j = I + Lp'M_j,22 Lp) and, for a heterogeneous model, Z2_j'W_j^-1 u_h (q2 x m).
    let level2: UnsafeMutablePointer<Double>, halves: UnsafeMutablePointer<Double>
    let factors: UnsafeMutablePointer<Double>, alphaColumns: UnsafeMutablePointer<Double>
    /// A heterogeneous model's sum_j [Z2 Z3 X y]_j'W_j^-1 u_h (w x m), one unit's [Z2 Z3 X y]_j'u_h (w x m) and
    /// L_j^-1 Lp'Z2_j'u_h (q2 x m); one row's scaled values (w), L_j^-1 Lp'z2 (q2), its row of W^-1 [Z2 Z3 X y]
    /// and of V~^-1 [Z2 Z3 X y] (w each), and u_h (m).
    let alphaSum: UnsafeMutablePointer<Double>, alphaUnit: UnsafeMutablePointer<Double>
    let alphaHalf: UnsafeMutablePointer<Double>
    let row: UnsafeMutablePointer<Double>, t: UnsafeMutablePointer<Double>, rho: UnsafeMutablePointer<Double>
    let phi: UnsafeMutablePointer<Double>, u: UnsafeMutablePointer<Double>
    /// S = sum_j N_j (w x w), F S_3. (q3 x w), F = Lb (I + Lb'S_33 Lb)^-1 Lb' (q3 x q3), and level-3 scratch.
    let s: UnsafeMutablePointer<Double>, fs: UnsafeMutablePointer<Double>, f: UnsafeMutablePointer<Double>
    let a3: UnsafeMutablePointer<Double>, half3: UnsafeMutablePointer<Double>
    /// G (q x q), Q (q x (p + 1)), a = Q g (q) and B T_xx^-1 (q x p) for either level (q = max(q2, q3)).
    let g: UnsafeMutablePointer<Double>, q: UnsafeMutablePointer<Double>, a: UnsafeMutablePointer<Double>
    let bt: UnsafeMutablePointer<Double>
    /// N_23 F (q2 x q3), the cross-product Lp'M_j (q2 x w), vectors of length w.
    let kf: UnsafeMutablePointer<Double>, cross: UnsafeMutablePointer<Double>
    let v1: UnsafeMutablePointer<Double>, v2: UnsafeMutablePointer<Double>, v3: UnsafeMutablePointer<Double>
    /// Level-3 directions D_t b (n3 x q3) and level-2 directions D_s a_j (n2 x q2).
    let directions3: UnsafeMutablePointer<Double>, directions2: UnsafeMutablePointer<Double>
    /// Per level-3 unit: W-inner products of the working variates (n x n), Z3'W^-1 u_s (n x q3),
    /// X'W^-1 u_s (n x p) and F (Z3'W^-1 u)' (q3 x n).
    let gram: UnsafeMutablePointer<Double>, mw: UnsafeMutablePointer<Double>, ew: UnsafeMutablePointer<Double>
    let fm: UnsafeMutablePointer<Double>

    /// The running sums: S for Lambda_pi (q2 x q2) and Lambda_beta (q3 x q3); sum u_s'V~^-1 u_t (n x n);
    /// X'V~^-1 u_s by rows (n x p); c_s (n); and for alpha the gradient (m) and the exact second-derivative
    /// term (m x m).
    let level2Sum: UnsafeMutablePointer<Double>, level3Sum: UnsafeMutablePointer<Double>
    let information: UnsafeMutablePointer<Double>, fixed: UnsafeMutablePointer<Double>
    let quadratic: UnsafeMutablePointer<Double>
    let alphaGradient: UnsafeMutablePointer<Double>, alphaSecond: UnsafeMutablePointer<Double>

    private let memory: UnsafeMutablePointer<Double>

    /// Scratch for level-3 units of at most `largestUnit` level-2 units.
    init(w: Int, p: Int, q2: Int, q3: Int, m: Int, largestUnit: Int) {
        (self.w, self.p, self.q2, self.q3, self.m) = (w, p, q2, q3, m)
        n2 = q2 * (q2 + 1) / 2
        n3 = q3 * (q3 + 1) / 2
        n = n2 + n3 + m
        let q = max(q2, q3), n = n
        let sizes = [largestUnit * w * w, largestUnit * q2 * w, largestUnit * q2 * q2, largestUnit * q2 * m,
                     w * m, w * m, q2 * m, w, q2, w, w, m,
                     w * w, q3 * w, q3 * q3, q3 * q3, q3 * q3,
                     q * q, q * (p + 1), q, q * p,
                     q2 * q3, q2 * w, w, w, w,
                     n3 * q3, n2 * q2,
                     n * n, n * q3, n * p, q3 * n,
                     q2 * q2, q3 * q3, n * n, n * p, n, m, m * m]
        let count = sizes.reduce(0, +), memory = UnsafeMutablePointer<Double>.allocate(capacity: count)
        memory.initialize(repeating: 0, count: count)
        self.memory = memory
        var offset = 0
        var regions = sizes.map { size -> UnsafeMutablePointer<Double> in
            defer { offset += size }
            return memory + offset
        }.makeIterator()
        func next() -> UnsafeMutablePointer<Double> { regions.next()! }
        (level2, halves, factors, alphaColumns) = (next(), next(), next(), next())
        (alphaSum, alphaUnit, alphaHalf, row, t, rho, phi, u) = (next(), next(), next(), next(), next(), next(), next(), next())
        (s, fs, f, a3, half3) = (next(), next(), next(), next(), next())
        (g, self.q, a, bt) = (next(), next(), next(), next())
        (kf, cross, v1, v2, v3) = (next(), next(), next(), next(), next())
        (directions3, directions2) = (next(), next())
        (gram, mw, ew, fm) = (next(), next(), next(), next())
        (level2Sum, level3Sum, information, fixed, quadratic, alphaGradient, alphaSecond) =
            (next(), next(), next(), next(), next(), next(), next())
    }

    deinit { memory.deallocate() }

    /// Factors level-3 unit `units` (its level-2 units, moments in `moments`, w x w each) at Lambda_pi = `lp` and
    /// Lambda_beta = `lb` (row-major lower triangles): for each level-2 unit j, A_j = I + Lp'M_j,22 Lp = L_j L_j'
    /// (`factors`), half_j = L_j^-1 Lp'M_j,z2. (`halves`) and N_j = M_j - half_j'half_j (`level2`); then S = sum_j N_j
    /// (`s`), F = Lb (I + Lb'S_33 Lb)^-1 Lb' (`f`, through half3 = L3^-1 Lb') and F S_3. (`fs`). False when a
    /// factorisation fails.
    func factor(_ units: Range<Int>, moments: UnsafePointer<Double>, lp: UnsafePointer<Double>,
                lb: UnsafePointer<Double>) -> Bool {
        let o3 = q2, ww = w * w
        s.update(repeating: 0, count: ww)
        // Each level-2 unit: A_j = I + Lp'M_22 Lp = L_j L_j', half_j = L_j^-1 Lp'M_j,z2., N_j = M_j - half_j'half_j.
        for (index, j) in units.enumerated() {
            let nj = level2 + index * ww, half = halves + index * q2 * w, l = factors + index * q2 * q2
            nj.update(from: moments + j * ww, count: ww)
            congruence(q2, lp, rows: nj, block: 0, cross: cross, into: l)
            guard SmallMatrix.choleskyInPlace(q2, l) != nil else { return false }
            half.update(from: cross, count: q2 * w)
            SmallMatrix.forwardSolve(q2, w, l, half)
            for r in 0..<w {
                for c in 0...r {
                    var sum = 0.0
                    for a in 0..<q2 { sum += half[a * w + r] * half[a * w + c] }
                    let value = nj[r * w + c] - sum
                    nj[r * w + c] = value
                    nj[c * w + r] = value
                    s[r * w + c] += value
                    if c != r { s[c * w + r] += value }
                }
            }
        }
        // Level 3: F = Lb (I + Lb'S_33 Lb)^-1 Lb' = half3'half3, half3 = L3^-1 Lb'.
        congruence(q3, lb, rows: s + o3 * w, block: o3, cross: fs, into: a3)
        guard SmallMatrix.choleskyInPlace(q3, a3) != nil else { return false }
        for a in 0..<q3 { for c in 0..<q3 { half3[a * q3 + c] = lb[c * q3 + a] } }
        SmallMatrix.forwardSolve(q3, q3, a3, half3)
        SmallMatrix.multiply(q3, q3, q3, half3, transposeA: true, half3, into: f)
        SmallMatrix.multiply(q3, w, q3, f, s + o3 * w, into: fs)
        return true
    }

    /// cross = L'M_b. (q x w, `rows` = the q rows of M from its row b on, L lower q x q) and
    /// a = I + cross_.,b..<b+q L (q x q): the leading block I + L'M_bb L of one level's random effects.
    private func congruence(_ q: Int, _ l: UnsafePointer<Double>, rows: UnsafePointer<Double>, block: Int,
                            cross: UnsafeMutablePointer<Double>, into a: UnsafeMutablePointer<Double>) {
        for r in 0..<q {
            for c in 0..<w {
                var sum = 0.0
                for t in r..<q { sum += l[t * q + r] * rows[t * w + c] }
                cross[r * w + c] = sum
            }
        }
        for r in 0..<q {
            for c in 0..<q {
                var sum = r == c ? 1.0 : 0.0
                for t in c..<q { sum += cross[r * w + block + t] * l[t * q + c] }
                a[r * q + c] = sum
            }
        }
    }
}
