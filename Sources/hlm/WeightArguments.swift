import ArgumentParser
import HLMKit

/// The design-weight options of `fit` (HLM's level-1 and level-2 weights).
struct WeightArguments: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The level-1 column of the rows' design weights: the model is fitted by pseudo-maximum likelihood "
            + "(full ML), with sandwich SEs clustered on units.", valueName: "COLUMN"))
    var weight1: String?

    @Option(name: .long, help: ArgumentHelp(
        "The column of the units' design weights (level-2 file, or the level-1 file without one), scaled to "
            + "sum to the number of units.", valueName: "COLUMN"))
    var weight2: String?

    @Option(name: .long, help: ArgumentHelp(
        "size (default: scale each unit's level-1 weights to sum to its number of rows, as HLM) or raw "
            + "(use them as they are).", valueName: "size|raw"))
    var weight1Normalisation: DesignWeights.Level1Normalisation?
}

extension DesignWeights.Level1Normalisation: CaseInsensitiveArgument {}
