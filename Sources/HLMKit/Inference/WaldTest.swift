/// The multivariate Wald test of C gamma = c (HLM's "general linear hypothesis"): with d = C gamma_hat - c,
/// chi^2 = d'(C Var(gamma_hat) C')^-1 d on rows(C) df, once with the model-based Var = Phi^-1 and once with the
/// robust (CR0 sandwich) Var.
public struct WaldTest: Sendable, Equatable {
    /// The hypothesis as written.
    public var hypothesis: String
    /// C, one row per contrast, one weight per fixed effect in the fixed-effects table's order.
    public var contrasts: [[Double]]
    /// c, the right-hand sides.
    public var values: [Double]
    /// C gamma_hat.
    public var estimates: [Double]
    /// rows(C).
    public var degreesOfFreedom: Int
    /// chi^2 with the model-based covariance.
    public var chiSquare: Double
    /// Upper-tail chi-square p of `chiSquare`.
    public var pValue: Double
    /// chi^2 with the robust covariance (NaN when C Var_R C' is singular).
    public var robustChiSquare: Double
    /// Upper-tail chi-square p of `robustChiSquare`.
    public var robustPValue: Double
}

extension WaldTest {
    /// Resolves `hypothesis` against the design's fixed effects and tests it.
    ///
    /// - Throws: `InferenceError.unknownFixedEffect`, `.wrongNumberOfWeights`, or `.dependentContrasts` when
    ///   C Phi^-1 C' is singular.
    /// The model-based C Var(gamma) C' comes from `covariance` (for the linear model Y'Y with L Y = C', L the
    /// Cholesky factor of Phi, without Phi^-1). `gamma` is on the user's columns; `covariance` and
    /// `robustCovariance` are on the design's centred ones, so each contrast row c enters their spreads as
    /// S^-T c (`ColumnShifts.internalContrast`).
    init(_ hypothesis: FixedEffectHypothesis, design: ModelDesign, gamma: [Double], covariance: GammaCovariance,
         robustCovariance: Matrix) throws {
        let (c, values) = try Self.contrasts(hypothesis, design: design)
        let estimates = c.map { dot($0, gamma) }
        let differences = zip(estimates, values).map { $0 - $1 }
        let cMatrix = Matrix(c.map(design.standardisation.fixed.internalContrast))
        let df = c.count
        func statistic(_ spread: Matrix) -> Double? {
            Cholesky(spread).map { dot(differences, $0.solve(differences)) }
        }
        guard let chiSquare = statistic(covariance.spread(cMatrix)) else {
            throw InferenceError.dependentContrasts(hypothesis: hypothesis.text)
        }
        let robust = statistic(cMatrix * robustCovariance * cMatrix.transposed) ?? .nan
        self.init(hypothesis: hypothesis.text, contrasts: c, values: values, estimates: estimates,
                  degreesOfFreedom: df, chiSquare: chiSquare,
                  pValue: Distributions.chiSquareUpperTail(chiSquare, degreesOfFreedom: Double(df)),
                  robustChiSquare: robust,
                  robustPValue: Distributions.chiSquareUpperTail(robust, degreesOfFreedom: Double(df)))
    }

    /// C and c from the hypothesis' rows; names match `COEFFICIENT/PREDICTOR` case-insensitively.
    private static func contrasts(_ hypothesis: FixedEffectHypothesis,
                                  design: ModelDesign) throws -> ([[Double]], [Double]) {
        let p = design.fixedCount
        let names = design.fixedEffects.map { $0.text.uppercased() }
        var rows: [[Double]] = []
        var values: [Double] = []
        for row in hypothesis.rows {
            switch row {
            case let .weights(weights):
                guard weights.count == p else {
                    throw InferenceError.wrongNumberOfWeights(found: weights.count, expected: p,
                                                              hypothesis: hypothesis.text)
                }
                rows.append(weights)
                values.append(0)
            case let .named(terms, value):
                var weights = [Double](repeating: 0, count: p)
                for term in terms {
                    guard let index = names.firstIndex(of: term.name) else {
                        throw InferenceError.unknownFixedEffect(name: term.name, hypothesis: hypothesis.text,
                                                                known: design.fixedEffects.map(\.text))
                    }
                    weights[index] += term.weight
                }
                rows.append(weights)
                values.append(value)
            }
        }
        return (rows, values)
    }
}
