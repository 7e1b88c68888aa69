extension AnalysisSettings {
    /// The design weights: each column and the normalisation are these settings' over the command file's
    /// (`level1weight:`, `level2weight:`, `level1weightnormalization:`); level-1 weights are scaled to the
    /// units' sizes unless raw is asked for.
    func designWeights(commandFile: CommandFile?) -> DesignWeights {
        DesignWeights(level1Column: level1Weight ?? commandFile?.level1Weight,
                      level2Column: level2Weight ?? commandFile?.level2Weight,
                      level1Normalisation: level1WeightNormalisation ?? commandFile?.level1WeightNormalisation
                          ?? .unitSize)
    }

    /// Refuses design weights with REML (asked for by `--method reml` or the command file's `mlf:n`) or a
    /// non-normal family, and a normalisation without a level-1 weight column.
    ///
    /// - Throws: `SpecificationError.response`.
    func checkDesignWeights(_ weights: DesignWeights, for specification: ModelSpecification,
                            commandFile: CommandFile?) throws {
        let normalisationGiven = level1WeightNormalisation != nil || commandFile?.level1WeightNormalisation != nil
        if normalisationGiven, weights.level1Column == nil {
            throw SpecificationError.response(.normalisationWithoutLevel1Weight)
        }
        guard !weights.isEmpty else { return }
        if !specification.family.isNormal {
            throw SpecificationError.response(.designWeightsWithFamily(specification.family))
        }
        if (method ?? (commandFile?.fullMaximumLikelihood == false ? .reml : nil)) == .reml {
            throw SpecificationError.response(.restrictedWithDesignWeights)
        }
    }
}
