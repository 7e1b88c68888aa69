@testable import HLMKit

/// The `SpecificationError` that `body` throws, or nil when it throws nothing (or something else).
func specificationError(_ body: () throws -> Void) -> SpecificationError? {
    do {
        try body()
        return nil
    } catch {
        return error as? SpecificationError
    }
}

/// The error `ModelSpecification.parse(models:variancePredictors:)` throws for these options.
func parseError(_ models: [String], sigma2: [String] = []) -> SpecificationError? {
    specificationError { _ = try ModelSpecification.parse(models: models, variancePredictors: sigma2) }
}

/// A located error in the `--model` (or `--sigma2`) text `text` at `column`.
func located(_ problem: EquationProblem, _ text: String, column: Int, option: String = "--model") -> SpecificationError {
    .located(problem, EquationLocation(source: .option(option), text: text, column: column))
}
