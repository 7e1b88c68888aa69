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
    /// The adaptive quadrature correction of a unit's Laplace term, right after `findMode` (R at v_hat):
    /// -2 ln sum_k w_k exp(x_k'x_k + f(v_hat) - f(v_k)), v_k = v_hat + sqrt(2) R^-T x_k (Pinheiro & Chao 2006),
    /// w_k the normalised product weights. With H = R R' the substitution v = v_hat + sqrt(2) R^-T x turns the
    /// unit's integral of exp(-f(v)) (2 pi)^(-q/2) dv into 2^(q/2) |R|^-1 pi^(-q/2) times the integral of
    /// exp(-f(v(x))) over x, whose Gauss-Hermite sum, divided by the Laplace value, is this sum: so
    /// -2 ln L_j = Laplace term + correction. The node x = 0 reuses f(v_hat), so one point gives exactly 0
    /// (adaptive quadrature with K = 1 is the Laplace approximation). Nil when f cannot be evaluated at a node.
    func quadratureCorrection(_ data: GeneralizedRows, range: Range<Int>, l: UnsafePointer<Double>,
                              v: UnsafePointer<Double>, objective: Double, grid: QuadratureGrid) -> Double? {
        var sum = 0.0
        grid.nodes.withUnsafeBufferPointer { nodes in
            for k in grid.weights.indices {
                let x = nodes.baseAddress! + k * q
                let exponent: Double
                if grid.squaredNorms[k] == 0 {
                    exponent = 0
                } else {
                    for c in 0..<q { step[c] = 2.0.squareRoot() * x[c] }
                    SmallMatrix.backSolve(q, 1, h, step)
                    for c in 0..<q { start[c] = v[c] + step[c] }
                    exponent = grid.squaredNorms[k] + objective - value(data, range: range, l: l, v: start)
                }
                sum += grid.weights[k] * exp(exponent)
            }
        }
        let correction = -2 * log(sum)
        return correction.isFinite ? correction : nil
    }

    /// f(v) alone (no derivatives), for the quadrature nodes; `base` set, `u` untouched.
    private func value(_ data: GeneralizedRows, range: Range<Int>, l: UnsafePointer<Double>, v: UnsafePointer<Double>)
        -> Double {
        var value = 0.0
        for r in 0..<q {
            var s = 0.0
            for c in 0...r { s += l[r * q + c] * v[c] }
            vector[r] = s
            value += 0.5 * v[r] * v[r]
        }
        for (k, i) in range.enumerated() {
            let z = data.z(i)
            var eta = base[k]
            for r in 0..<q { eta += z[r] * vector[r] }
            value -= data.terms(i, eta: eta).kernel
        }
        return value
    }
}
