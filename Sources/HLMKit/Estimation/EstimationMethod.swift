/// The likelihood maximised: full maximum likelihood or restricted (REML).
public enum EstimationMethod: String, Sendable, Codable {
    /// Restricted maximum likelihood (HLM2's default).
    case reml
    /// Full maximum likelihood (HLM's `mlf:y`).
    case fml
}
