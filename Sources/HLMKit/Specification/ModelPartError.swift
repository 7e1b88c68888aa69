/// Which part of a model (the outcome, a predictor, an equation, the whole model) an `EquationProblem` is in.
///
/// A part is a position in the model as values; an `EquationLocation` is a column in the text a parser read,
/// and a parser maps the one to the other.
enum ModelPart: Hashable {
    case level1Outcome
    case level1Predictor(Int)
    /// The left side of the level-2 equation at this index (in the order given, before sorting).
    case level2Coefficient(Int)
    case level2Predictor(equation: Int, term: Int)
    case variancePredictor(Int)
    /// The left side of the level-3 equation at this index (in the order given).
    case level3Coefficient(Int)
    case level3Predictor(equation: Int, term: Int)
    case wholeModel
}

/// An `EquationProblem` found while assembling a model, with the `ModelPart` it is in.
///
/// Internal to `ModelSpecification.make`: `relocating` turns it into the public `SpecificationError`,
/// which places the problem in the text (`.located`) or in the model as a whole (`.model`).
struct ModelPartError: Error {
    var problem: EquationProblem
    var place: ModelPart

    /// Runs `body`, turning a `ModelPartError` into `SpecificationError.located` when `locations` knows
    /// where its place was written, else into `.model`.
    static func relocating<T>(_ locations: [ModelPart: EquationLocation], _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let issue as ModelPartError {
            throw locations[issue.place].map { SpecificationError.located(issue.problem, $0) }
                ?? SpecificationError.model(issue.problem)
        }
    }
}
