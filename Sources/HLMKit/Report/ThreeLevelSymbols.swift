/// HLM3's letters for a three-level model's coefficients and random effects in the report: P_p for a level-1
/// coefficient, B_pq for a level-2 coefficient, R_p for a level-2 random effect, U_pq for a level-3 one and E for
/// the level-1 residual, p and q numbered from 0 in the equations' order.
struct ThreeLevelSymbols {
    /// The level-1 coefficients p, in order.
    private let coefficients: [String]
    /// The level-2 coefficients `COEF1/COEF2` with their indices p and q.
    private let level2: [String: (p: Int, q: Int)]

    init(_ specification: ModelSpecification) {
        coefficients = specification.level2.map(\.coefficient)
        var level2: [String: (p: Int, q: Int)] = [:]
        for (p, equation) in specification.level2.enumerated() {
            for (q, predictor) in equation.predictorNames.enumerated() { level2["\(equation.coefficient)/\(predictor)"] = (p, q) }
        }
        self.level2 = level2
    }

    /// "INTRCPT1, P0", "YEAR, P1".
    func level1Coefficient(_ name: String) -> String { "\(name), P\(coefficients.firstIndex(of: name) ?? 0)" }

    /// "INTRCPT1/INTRCPT2, B00".
    func level2Coefficient(_ name: String) -> String {
        let (p, q) = level2[name] ?? (0, 0)
        return "\(name), B\(p)\(q)"
    }

    /// The row of a level-2 random effect ("INTRCPT1", "R0"; "YEAR slope", "R1") or of the level-1 residual
    /// ("level-1", "E").
    func level2Effect(_ name: String) -> (name: String, symbol: String) {
        guard let p = coefficients.firstIndex(of: name) else { return (name, "E") }
        return (ModelNotation.coefficientLabel(name), "R\(p)")
    }

    /// The row of a level-3 random effect ("INTRCPT1/INTRCPT2", "U00").
    func level3Effect(_ name: String) -> (name: String, symbol: String) {
        let (p, q) = level2[name] ?? (0, 0)
        return (name, "U\(p)\(q)")
    }
}
