import HLMPlatform

/// The product Gauss-Hermite grid of adaptive quadrature in q dimensions (`GaussHermiteRule.product`).
struct QuadratureGrid: Sendable {
    /// Points per dimension.
    let points: Int
    /// K^q nodes x (q numbers each), their normalised weights (sum 1) and x'x.
    let nodes: [Double], weights: [Double], squaredNorms: [Double]

    /// The K-point rule's product over q dimensions.
    init(points: Int, dimensions q: Int) {
        self.points = points
        (nodes, weights, squaredNorms) = GaussHermiteRule(points: points).product(dimensions: q)
    }
}

extension UnitIntegrand {
    /// The adaptive quadrature correction of a unit's Laplace term, right after `findMode` (u, Z'r, A and R at
    /// v_hat): -2 ln S, S = sum_k w_k exp(x_k'x_k + f(v_hat) - f(v_k)), v_k = v_hat + sqrt(2) R^-T x_k
    /// (Pinheiro & Chao 2006), w_k the normalised product weights. With H = R R' the substitution
    /// v = v_hat + sqrt(2) R^-T x turns the unit's integral of exp(-f(v)) (2 pi)^(-q/2) dv into
    /// 2^(q/2) |R|^-1 pi^(-q/2) times the integral of exp(-f(v(x))) over x, whose Gauss-Hermite sum, divided by
    /// the Laplace value, is S: so -2 ln L_j = Laplace term + correction = ln|H| - 2 ln sum_k w_k
    /// exp(x_k'x_k - f(v_k)) + 2 f(v_hat) - 2 f(v_hat). The node x = 0 reuses f(v_hat), so one point gives exactly
    /// 0 (adaptive quadrature with K = 1 is the Laplace approximation).
    ///
    /// With `gradient`, writes the exact gradient of the unit's whole term D_j = ln|H| - 2 ln G,
    /// G = sum_k w_k exp(x_k'x_k - f(v_k)), over (gamma, vech L) to it, the nodes moving with v_hat and R:
    /// dD_j = tr(H^-1 dH) + 2 sum_k pi_k [df(v_k)/d theta + g_k'dv_k], pi_k = w_k exp(x_k'x_k - f(v_k)) / G,
    /// g_k = v_k - L'Z'r(v_k), dv_k = dv_hat - sqrt(2) R^-T Phi' x_k with Phi = Phi(R^-1 dH R^-T) (its lower
    /// triangle, diagonal halved: dR = R Phi), dv_hat = H^-1 (dL'Z'r - L'Z'WX dgamma - L'A dL v_hat) and
    /// dH = dL'A L + L'A dL + L'dA L (`addModeSums`) into it (`addQuadratureGradient`). Nil when f cannot be
    /// evaluated at a node.
    func quadratureCorrection(_ data: GeneralizedRows, range: Range<Int>, l: UnsafePointer<Double>,
                              v: UnsafePointer<Double>, objective: Double, grid: QuadratureGrid,
                              gradient out: UnsafeMutablePointer<Double>? = nil) -> Double? {
        let sums = out != nil
        if sums {
            addModeSums(data, range: range)
            for t in 0..<(q * q) { (pl[t], nMatrix[t]) = (0, 0) }
            for f in 0..<p { px[f] = 0 }
            for r in 0..<q { gBar[r] = 0 }
        }
        var total = 0.0
        grid.nodes.withUnsafeBufferPointer { nodes in
            for k in grid.weights.indices {
                let x = nodes.baseAddress! + k * q
                let exponent: Double
                if grid.squaredNorms[k] == 0 {
                    exponent = 0
                    for c in 0..<q { start[c] = v[c] }
                    for f in 0..<p { nodeXr[f] = xr[f] }
                    for r in 0..<q { nodeZr[r] = zr[r] }
                } else {
                    for c in 0..<q { step[c] = 2.0.squareRoot() * x[c] }
                    SmallMatrix.backSolve(q, 1, h, step)
                    for c in 0..<q { start[c] = v[c] + step[c] }
                    exponent = grid.squaredNorms[k] + objective - nodeValue(data, range: range, l: l, v: start, sums: sums)
                }
                let weight = grid.weights[k] * exp(exponent)
                total += weight
                if sums { addNode(x: x, weight: weight, l: l) }
            }
        }
        let correction = -2 * log(total)
        guard correction.isFinite else { return nil }
        if let out { addQuadratureGradient(l: l, v: v, total: total, into: out) }
        return correction
    }

    /// Adds node k's share (weight w_k exp(...), unnormalised) to the sums of the gradient: sum w X'r_k,
    /// sum w (Z'r_k)_r v_kc, g_bar = sum w g_k and N = sum w x_k s_k' with s_k = R^-1 g_k, g_k = v_k - L'Z'r_k
    /// (v_k in `start`, X'r_k and Z'r_k in `nodeXr`, `nodeZr`).
    private func addNode(x: UnsafePointer<Double>, weight: Double, l: UnsafePointer<Double>) {
        for f in 0..<p { px[f] += weight * nodeXr[f] }
        for r in 0..<q { for c in 0...r { pl[r * q + c] += weight * nodeZr[r] * start[c] } }
        for c in 0..<q {
            var s = start[c]
            for r in c..<q { s -= l[r * q + c] * nodeZr[r] }
            step[c] = s
            gBar[c] += weight * s
        }
        SmallMatrix.forwardSolve(q, 1, h, step)
        for a in 0..<q { for b in 0..<q { nMatrix[a * q + b] += weight * x[a] * step[b] } }
    }
}
