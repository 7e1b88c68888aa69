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

    func validate() throws {
        if let maxIterations, maxIterations < 1 { throw ValidationError("--max-iterations must be at least 1.") }
        if let tolerance, !(tolerance > 0 && tolerance <= EstimationOptions.largestTolerance) {
            throw ValidationError("--tolerance must be a positive number no larger than "
                + "\(EstimationOptions.largestTolerance) (got \(tolerance)); the default is 1e-8.")
        }
    }

    /// The defaults: REML for homogeneous sigma^2, full ML for a modelled one; 200 iterations; 1e-8.
    static func defaults(for specification: ModelSpecification) -> EstimationOptions {
        EstimationOptions(method: EstimationMethod.defaultMethod(heterogeneous: specification.isHeterogeneous))
    }

    /// `base` with whatever was given on the command line.
    func applied(to base: EstimationOptions) -> EstimationOptions {
        var options = base
        options.method = method ?? options.method
        options.maxIterations = maxIterations ?? options.maxIterations
        options.tolerance = tolerance ?? options.tolerance
        return options
    }
}

extension EstimationMethod: CaseInsensitiveArgument {}
