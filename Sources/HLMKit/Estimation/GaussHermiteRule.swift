import HLMPlatform

/// The K-point Gauss-Hermite rule, integral of f(x) exp(-x^2) dx ~ sum_k w_k f(x_k), exact for polynomials of
/// degree up to 2K - 1, and its product over q dimensions (the grid of adaptive quadrature).
///
/// The nodes are the eigenvalues of the Jacobi matrix of the Hermite polynomials (Golub & Welsch 1969: the
/// symmetric tridiagonal matrix with zero diagonal and off-diagonal sqrt(k / 2), k = 1 ... K - 1), each then
/// polished by Newton's method on the orthonormal Hermite recurrence
/// p_0 = pi^-1/4, p_1 = sqrt(2) x p_0, p_k = sqrt(2 / k) x p_{k-1} - sqrt((k - 1) / k) p_{k-2},
/// with p_K'(x) = sqrt(2K) p_{K-1}(x) and the weight w_k = 2 / p_K'(x_k)^2 (Press et al., Numerical Recipes,
/// sec. 4.6's gauher). The weights are stored divided by sqrt(pi) and renormalised to sum to exactly 1
/// (`normalisedWeights`): the 1-point rule is then the node 0 with weight 1, and adaptive quadrature with
/// K = 1 is the Laplace approximation to rounding.
struct GaussHermiteRule: Sendable {
    /// x_1 < ... < x_K.
    let nodes: [Double]
    /// w_k / sqrt(pi) (sum 1).
    let normalisedWeights: [Double]

    /// The K-point rule (K >= 1).
    init(points k: Int) {
        precondition(k >= 1, "a Gauss-Hermite rule needs at least one point")
        var jacobi = Matrix(rows: k, columns: k)
        for i in 1..<k {
            let offDiagonal = (Double(i) / 2).squareRoot()
            jacobi[i, i - 1] = offDiagonal
            jacobi[i - 1, i] = offDiagonal
        }
        var nodes = k == 1 ? [0.0] : SymmetricEigen(jacobi).values.sorted()
        var weights = [Double](repeating: 0, count: k)
        for index in 0..<k {
            var x = nodes[index]
            var derivative = 0.0
            for _ in 0..<8 {
                let (value, slope) = Self.orthonormalHermite(k, at: x)
                derivative = slope
                let step = value / slope
                x -= step
                if abs(step) <= 1e-15 * max(abs(x), 1) { break }
            }
            derivative = Self.orthonormalHermite(k, at: x).derivative
            nodes[index] = x
            weights[index] = 2 / (derivative * derivative)
        }
        // Symmetrise exactly (x_k = -x_{K+1-k}, equal weights), with the middle node of an odd rule at 0.
        for index in 0..<(k / 2) {
            let mirror = k - 1 - index
            let x = (nodes[mirror] - nodes[index]) / 2, w = (weights[index] + weights[mirror]) / 2
            (nodes[index], nodes[mirror]) = (-x, x)
            (weights[index], weights[mirror]) = (w, w)
        }
        if k % 2 == 1 { nodes[k / 2] = 0 }
        let total = weights.reduce(0, +)
        self.nodes = nodes
        normalisedWeights = weights.map { $0 / total }
    }

    /// p_K(x) and p_K'(x) = sqrt(2K) p_{K-1}(x) of the orthonormal Hermite polynomials (weight exp(-x^2)).
    private static func orthonormalHermite(_ k: Int, at x: Double) -> (value: Double, derivative: Double) {
        var previous = 0.0, current = 1 / Double.pi.squareRoot().squareRoot()
        for n in 1...k {
            let next = (2 / Double(n)).squareRoot() * x * current - (Double(n - 1) / Double(n)).squareRoot() * previous
            (previous, current) = (current, next)
        }
        return (current, (2 * Double(k)).squareRoot() * previous)
    }

    /// The weights w_k themselves (sum sqrt(pi)).
    var weights: [Double] { normalisedWeights.map { $0 * Double.pi.squareRoot() } }

    /// The product rule in q dimensions: K^q nodes x (q numbers each, laid out node after node, the last
    /// dimension varying fastest), each with its normalised weight prod_d w_{k_d} / pi^(q/2) and x'x.
    func product(dimensions q: Int) -> (nodes: [Double], weights: [Double], squaredNorms: [Double]) {
        let k = nodes.count
        var count = 1
        for _ in 0..<q { count *= k }
        var grid = [Double](repeating: 0, count: count * q)
        var weights = [Double](repeating: 1, count: count), norms = [Double](repeating: 0, count: count)
        for point in 0..<count {
            var rest = point
            for d in stride(from: q - 1, through: 0, by: -1) {
                let index = rest % k
                rest /= k
                grid[point * q + d] = nodes[index]
                weights[point] *= normalisedWeights[index]
                norms[point] += nodes[index] * nodes[index]
            }
        }
        return (grid, weights, norms)
    }
}
