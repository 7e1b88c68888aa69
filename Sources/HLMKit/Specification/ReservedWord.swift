/// The reserved words of HLM equations: `INTRCPT1`, `INTRCPT2`, `RANDOM`.
enum ReservedWord {
    static let intercept1 = "INTRCPT1"
    static let intercept2 = "INTRCPT2"
    static let random = "RANDOM"
    /// The level-3 intercept of a three-level model (reserved in three-level models only).
    static let intercept3 = "INTRCPT3"
    static let all: Set<String> = [intercept1, intercept2, random]
}
