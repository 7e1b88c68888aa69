/// The reserved words of HLM equations: `INTRCPT1`, `INTRCPT2`, `RANDOM`.
enum ReservedWord {
    static let intercept1 = "INTRCPT1"
    static let intercept2 = "INTRCPT2"
    static let random = "RANDOM"
    static let all: Set<String> = [intercept1, intercept2, random]
}
