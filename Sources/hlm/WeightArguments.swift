import HLMKit

/// The design-weight options of `fit` (HLM's level-1 and level-2 weights).
struct WeightArguments: ArgumentGroup {
    var weight1: String?
    var weight2: String?
    var weight1Normalisation: DesignWeights.Level1Normalisation?

    static var arguments: [ArgumentDeclaration<Self>] {
        let arguments: [ArgumentDeclaration<Self>] = [
            .option("weight1", \.weight1, valueName: "COLUMN", help:
                "The level-1 column of the rows' design weights: the model is fitted by pseudo-maximum likelihood "
                    + "(full ML), with sandwich SEs clustered on units."),
            .option("weight2", \.weight2, valueName: "COLUMN", help:
                "The column of the units' design weights (level-2 file, or the level-1 file without one), scaled to "
                    + "sum to the number of units."),
            .option("weight1-normalisation", \.weight1Normalisation, valueName: "size|raw", help:
                "size (default: scale each unit's level-1 weights to sum to its number of rows, as HLM) or raw "
                    + "(use them as they are)."),
        ]
        return arguments.map { $0.titled("Design weights") }
    }
}

extension DesignWeights.Level1Normalisation: CaseInsensitiveArgument {}
