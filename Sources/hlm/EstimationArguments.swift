import ArgumentParser
import HLMKit

/// Estimation settings shared by `fit` and `example`.
struct EstimationArguments: ParsableArguments {
    @Option(name: .long, help: "reml (default) or fml (full maximum likelihood; default with --sigma2).")
    var method: EstimationMethod?

    @Option(name: .long, help: "Maximum number of iterations of each fit (default 200).")
    var maxIterations: Int?

    @Option(name: .long, help: "Stop when |change in deviance| is below this (default 1e-8).")
    var tolerance: Double?

    @Option(name: .long, help: ArgumentHelp(
        "How a non-normal outcome is fitted: pql (default, as HLM), laplace or agq (adaptive quadrature); "
            + "laplace and agq maximise the full likelihood (--method fml).", valueName: "pql|laplace|agq"))
    var estimation: GeneralizedEstimation.Kind?

    @Option(name: .long, help: ArgumentHelp(
        "Points per random effect of --estimation agq (default \(GeneralizedEstimation.defaultQuadraturePoints), "
            + "at most \(GeneralizedEstimation.largestQuadratureRule)).", valueName: "K"))
    var quadraturePoints: Int?

    func validate() throws {
        if let maxIterations, maxIterations < 1 { throw ValidationError("--max-iterations must be at least 1.") }
        if let tolerance, !(tolerance > 0 && tolerance <= EstimationOptions.largestTolerance) {
            throw ValidationError("--tolerance must be a positive number no larger than "
                + "\(EstimationOptions.largestTolerance) (got \(tolerance)); the default is 1e-8.")
        }
    }
}

extension EstimationMethod: CaseInsensitiveArgument {}

extension GeneralizedEstimation.Kind: CaseInsensitiveArgument {}
