import HLMKit

/// Estimation settings shared by `fit` and `example`.
struct EstimationArguments: ArgumentGroup {
    var method: EstimationMethod?
    var maxIterations: Int?
    var tolerance: Double?
    var estimation: GeneralizedEstimation.Kind?
    var quadraturePoints: Int?

    static var arguments: [ArgumentDeclaration<Self>] {
        [
            .option("method", \.method, help: "reml (default) or fml (full maximum likelihood; default with --sigma2)."),
            .option("max-iterations", \.maxIterations, help: "Maximum number of iterations of each fit (default 200)."),
            .option("tolerance", \.tolerance, help: "Stop when |change in deviance| is below this (default 1e-8)."),
            .option("estimation", \.estimation, valueName: "pql|laplace|agq", help:
                "How a non-normal outcome is fitted: pql (default, as HLM), laplace or agq (adaptive quadrature); "
                    + "laplace and agq maximise the full likelihood (--method fml)."),
            .option("quadrature-points", \.quadraturePoints, valueName: "K", help:
                "Points per random effect of --estimation agq (default \(GeneralizedEstimation.defaultQuadraturePoints), "
                    + "at most \(GeneralizedEstimation.largestQuadratureRule))."),
        ]
    }

    func validate() throws {
        if let maxIterations, maxIterations < 1 { throw UsageError("--max-iterations must be at least 1.") }
        if let tolerance, !(tolerance > 0 && tolerance <= EstimationOptions.largestTolerance) {
            throw UsageError("--tolerance must be a positive number no larger than "
                + "\(EstimationOptions.largestTolerance) (got \(tolerance)); the default is 1e-8.")
        }
    }
}

extension EstimationMethod: CaseInsensitiveArgument {}

extension GeneralizedEstimation.Kind: CaseInsensitiveArgument {}
