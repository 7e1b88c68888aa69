extension ModelSpecification {
    /// The model in HLM's notation, as the text report's "Summary of the model specified" prints it: the
    /// level-1 equation (with log sigma^2 = alpha_0 + alpha_1 c_1ij + ... when sigma^2 is modelled), the level-2
    /// equations, the centering notes and the mixed model; a three-level model's equations in HLM3's letters
    /// (P, B, G; E, R, U). hlm-studio shows these lines while a model is built.
    package var notationLines: [String] {
        isThreeLevel ? TextReport.threeLevelEquations(self) : TextReport.modelSection(ModelNotation(specification: self))
    }
}
