extension ModelSpecification {
    /// The model in HLM's notation, as the text report's "Summary of the model specified" prints it: the
    /// level-1 equation (with log sigma^2 = alpha_0 + alpha_1 c_1ij + ... when sigma^2 is modelled), the level-2
    /// equations, the centering notes and the mixed model. hlm-studio shows these lines while a model is built.
    package var notationLines: [String] {
        TextReport.modelSection(ModelNotation(specification: self))
    }
}
