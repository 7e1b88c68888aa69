import HLMPlatform

/// One unit's integrand of a generalized linear mixed model in the spherical random effects v (u = L v,
/// v ~ N(0, I), so that Tau = L L' may be singular), its mode and its curvature there, with scratch memory
/// for one range of units (each chunk of `concurrentChunks` makes its own; the per-unit work allocates nothing).
///
/// With eta_i = o_i + x_i'gamma + z_i'L v over the unit's rows, the negative log-integrand (up to the rows'
/// constants and (q/2) ln 2 pi) is f(v) = -sum_i kernel_i(eta_i) + v'v / 2 (`ConditionalDensityTerms`), with
/// gradient v - L'Z'r and Hessian H = I + L'A L, A = Z'W Z (r_i = y_i - m_i mu_i, W = diag(m_i v(mu_i))).
/// f is strictly convex for the canonical links, so its mode v_hat is unique: `findMode` takes Newton steps
/// -H^-1 grad from the previous evaluation's mode, halving a step that raises f, until the step is below
/// 1e-10 (1 + |v|) in every coordinate (Newton converges quadratically, so the mode is then exact to rounding).
/// The Laplace term of the unit is 2 f(v_hat) + ln|H| (lme4's form of -2 ln p(y | u_hat) + u_hat'Tau^-1 u_hat +
/// ln|Tau| + ln|Z'WZ + Tau^-1|); adaptive quadrature corrects it and gives the gradient of either
/// (`quadratureCorrection`, whose one-point rule is the Laplace approximation).
final class UnitIntegrand {
    let p: Int, q: Int
    /// o_i + x_i'gamma for the unit's rows.
    let base: UnsafeMutablePointer<Double>
    /// After `findMode`: u = L v_hat, Z'r, A = Z'WZ, the lower Cholesky factor R of H = R R'.
    let u: UnsafeMutablePointer<Double>, zr: UnsafeMutablePointer<Double>
    let a: UnsafeMutablePointer<Double>, h: UnsafeMutablePointer<Double>
    /// Scratch: the last Newton step and the point it started from, and a q x q and a q vector.
    let step: UnsafeMutablePointer<Double>, start: UnsafeMutablePointer<Double>
    let scratch: UnsafeMutablePointer<Double>, vector: UnsafeMutablePointer<Double>
    /// The mode's sums for the gradient (`addModeSums`): X'r (p), X'WZ (p x q), T_x (p x q x q), T_z (q x q x q).
    let xr: UnsafeMutablePointer<Double>, xwz: UnsafeMutablePointer<Double>
    let tx: UnsafeMutablePointer<Double>, tz: UnsafeMutablePointer<Double>
    /// The nodes' sums (`quadratureCorrection`): X'r and Z'r at a node, sum w X'r (p), sum w (Z'r) v' (q x q),
    /// g_bar (q), N (q x q).
    let nodeXr: UnsafeMutablePointer<Double>, nodeZr: UnsafeMutablePointer<Double>, px: UnsafeMutablePointer<Double>
    let pl: UnsafeMutablePointer<Double>, gBar: UnsafeMutablePointer<Double>, nMatrix: UnsafeMutablePointer<Double>
    /// One direction's dv_hat, t (q), dA, dH, Omega (q x q), and A L, L'A (q x q).
    let dv: UnsafeMutablePointer<Double>, tVector: UnsafeMutablePointer<Double>, dA: UnsafeMutablePointer<Double>
    let dH: UnsafeMutablePointer<Double>, omega: UnsafeMutablePointer<Double>
    let al: UnsafeMutablePointer<Double>, lta: UnsafeMutablePointer<Double>
    /// The unit's gradient over (gamma, vech L), p + q(q + 1)/2 numbers (`quadratureCorrection`).
    let gradient: UnsafeMutablePointer<Double>
    private let memory: UnsafeMutablePointer<Double>

    /// Scratch for units of up to `largestUnit` rows with p fixed and q random effects.
    init(p: Int, q: Int, largestUnit: Int) {
        self.p = p
        self.q = q
        let qq = q * q
        let sizes = [largestUnit, q, q, qq, qq, q, q, qq, q,
                     p, p * q, p * qq, q * qq,
                     p, q, p, qq, q, qq,
                     q, q, qq, qq, qq, qq, qq, p + q * (q + 1) / 2]
        let total = sizes.reduce(0, +)
        let memory = UnsafeMutablePointer<Double>.allocate(capacity: total)
        memory.initialize(repeating: 0, count: total)
        self.memory = memory
        var starts: [UnsafeMutablePointer<Double>] = []
        var offset = 0
        for size in sizes {
            starts.append(memory + offset)
            offset += size
        }
        (base, u, zr, a, h, step, start, scratch, vector) =
            (starts[0], starts[1], starts[2], starts[3], starts[4], starts[5], starts[6], starts[7], starts[8])
        (xr, xwz, tx, tz) = (starts[9], starts[10], starts[11], starts[12])
        (nodeXr, nodeZr, px, pl, gBar, nMatrix) = (starts[13], starts[14], starts[15], starts[16], starts[17], starts[18])
        (dv, tVector, dA, dH, omega, al, lta) = (starts[19], starts[20], starts[21], starts[22], starts[23], starts[24],
                                                 starts[25])
        gradient = starts[26]
    }

    deinit { memory.deallocate() }

    /// Sets `base` to o_i + x_i'gamma for the rows `range` (their first row at index 0).
    func setBase(_ data: GeneralizedRows, range: Range<Int>, gamma: UnsafePointer<Double>) {
        for (k, i) in range.enumerated() {
            let x = data.x(i)
            var value = data.offset[i]
            for f in 0..<p { value += x[f] * gamma[f] }
            base[k] = value
        }
    }

    /// out = L v (L lower triangular, q x q), returning v'v / 2.
    @inline(__always)
    func randomEffects(_ l: UnsafePointer<Double>, _ v: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>)
        -> Double {
        var half = 0.0
        for r in 0..<q {
            var s = 0.0
            for c in 0...r { s += l[r * q + c] * v[c] }
            out[r] = s
            half += 0.5 * v[r] * v[r]
        }
        return half
    }

    /// eta of the unit's k-th row (design row i) at random effects u: o_i + x_i'gamma + z_i'u (`base` set).
    @inline(__always)
    func eta(_ data: GeneralizedRows, _ k: Int, _ i: Int, _ u: UnsafePointer<Double>) -> Double {
        let z = data.z(i)
        var eta = base[k]
        for r in 0..<q { eta += z[r] * u[r] }
        return eta
    }

    /// f(v) = -sum kernel + v'v / 2 for the rows `range`, with u = L v, Z'r and A = Z'WZ at v; `base` set.
    func evaluate(_ data: GeneralizedRows, range: Range<Int>, l: UnsafePointer<Double>, v: UnsafePointer<Double>)
        -> Double {
        let half = randomEffects(l, v, into: u)
        var kernels = KernelSum()
        for r in 0..<q { zr[r] = 0 }
        for t in 0..<(q * q) { a[t] = 0 }
        for (k, i) in range.enumerated() {
            let z = data.z(i)
            let terms = data.terms(i, eta: eta(data, k, i, u))
            kernels.add(terms)
            for r in 0..<q {
                zr[r] += terms.residual * z[r]
                let wz = terms.weight * z[r]
                for c in 0...r { a[r * q + c] += wz * z[c] }
            }
        }
        for r in 0..<q { for c in 0..<r { a[c * q + r] = a[r * q + c] } }
        return half - kernels.value
    }

    /// H = I + L'A L into `h`, factorised in place (H = R R'); returns ln|H|, nil when not positive definite.
    func factorCurvature(l: UnsafePointer<Double>) -> Double? {
        SmallMatrix.multiply(q, q, q, a, l, into: scratch)
        SmallMatrix.multiply(q, q, q, l, transposeA: true, scratch, into: h)
        for r in 0..<q { h[r * q + r] += 1 }
        return SmallMatrix.choleskyInPlace(q, h)
    }

    /// Finds the mode of f over v for the rows `range` (`base` set), starting from `v`, which it overwrites
    /// with v_hat. Returns f(v_hat) and ln|H| at v_hat, leaving u, Z'r, A and R at v_hat; nil when f or H
    /// cannot be evaluated (non-finite values).
    func findMode(_ data: GeneralizedRows, range: Range<Int>, l: UnsafePointer<Double>, v: UnsafeMutablePointer<Double>)
        -> (objective: Double, logDetH: Double)? {
        var value = evaluate(data, range: range, l: l, v: v)
        guard value.isFinite else { return nil }
        for _ in 0..<100 {
            guard let logDetH = factorCurvature(l: l) else { return nil }
            // grad = v - L'Z'r; step = -H^-1 grad.
            var small = true
            for c in 0..<q {
                var s = v[c]
                for r in c..<q { s -= l[r * q + c] * zr[r] }
                step[c] = -s
            }
            SmallMatrix.forwardSolve(q, 1, h, step)
            SmallMatrix.backSolve(q, 1, h, step)
            var squaredLength = 0.0
            for c in 0..<q {
                if abs(step[c]) > 1e-10 * (1 + abs(v[c])) { small = false }
                squaredLength += step[c] * step[c]
            }
            if small { return (value, logDetH) }
            for c in 0..<q {
                start[c] = v[c]
                v[c] += step[c]
            }
            var next = evaluate(data, range: range, l: l, v: v)
            // A step shorter than 1e-6 is in Newton's quadratic range, where f changes by less than its rounding:
            // it is taken as it is. A longer one that does not lower f is halved.
            var halvings = 0
            func accepted() -> Bool { next <= value || (squaredLength < 1e-12 && next.isFinite) }
            while !accepted() && halvings < 40 {
                halvings += 1
                for c in 0..<q {
                    step[c] *= 0.5
                    v[c] = start[c] + step[c]
                }
                next = evaluate(data, range: range, l: l, v: v)
            }
            if !accepted() {
                // No step lowers f: v_hat is the start to rounding.
                for c in 0..<q { v[c] = start[c] }
                value = evaluate(data, range: range, l: l, v: v)
                return factorCurvature(l: l).map { (value, $0) }
            }
            value = next
        }
        return nil
    }
}
