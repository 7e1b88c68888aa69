// "Final estimation of fixed effects" and "Final estimation of variance components" in HLM's columns.
// Names are never truncated: a long name widens the label column and the header moves with it.

extension TextReport {
    /// Width of the fixed-effect label column (`    INTRCPT2, gamma_00`) in HLM's layout.
    private static let fixedEffectLabelWidth = 22

    /// The fixed-effect table, one `For <coefficient>, beta_q` block per level-1 coefficient, under `title`;
    /// `degreesOfFreedom` replaces the df column's texts (e.g. Satterthwaite df with decimals). The df column
    /// widens (and the header with it) so that a df of 6 or more digits keeps two spaces after the t-ratio.
    static func fixedEffectsTable(_ effects: [FixedEffectEstimate], notation: ModelNotation,
                                  title: [String] = ["Final estimation of fixed effects:"],
                                  degreesOfFreedom: [String]? = nil) -> [String] {
        let (labels, labelWidth) = fixedEffectLabels(effects, notation: notation)
        let dfTexts = degreesOfFreedom ?? effects.map { "\($0.degreesOfFreedom)" }
        let dfWidth = max(7, (dfTexts.map(\.count).max() ?? 0) + 2)
        let extra = String(repeating: " ", count: labelWidth - fixedEffectLabelWidth)
        let dfExtra = String(repeating: " ", count: dfWidth - 7)
        let rule = textRule(80 + extra.count + dfExtra.count)
        let header = [rule,
                      extra + "                                      Standard             " + dfExtra + "Approx.",
                      "    Fixed Effect      " + extra + "   Coefficient   error      t-ratio   " + dfExtra
                        + "d.f.     p-value",
                      rule]
        let rows = fixedEffectBlocks(effects, notation: notation) { row in
            let effect = effects[row]
            return labels[row].rightPadded(to: labelWidth)
                + ReportNumberFormat.fixed(effect.estimate, 6, width: 13)
                + ReportNumberFormat.fixed(effect.standardError, 6, width: 11)
                + ReportNumberFormat.fixed(effect.tRatio, 3, width: 10)
                + dfTexts[row].leftPadded(to: dfWidth)
                + ReportNumberFormat.pValue(effect.pValue).leftPadded(to: 11)
        }
        return title + header + rows + [rule, ""]
    }

    /// Each effect's label `PREDICTOR, gamma_qs`, the predictor right-aligned in a column wide enough for the
    /// longest (at least 12), and the label column's width (at least HLM's 22).
    static func fixedEffectLabels(_ effects: [FixedEffectEstimate], notation: ModelNotation)
        -> (labels: [String], width: Int) {
        let nameWidth = max(12, (effects.map(\.predictor.count).max() ?? 0) + 4)
        let labels = effects.map { effect in
            let gamma = notation.gammaSymbol(coefficient: effect.coefficient, predictor: effect.predictor) ?? "gamma"
            return effect.predictor.leftPadded(to: nameWidth) + ", " + gamma
        }
        return (labels, max(fixedEffectLabelWidth, labels.map(\.count).max() ?? 0))
    }

    /// A fixed-effect table's body: one `For <coefficient>, beta_q` block per level-1 coefficient (in order of
    /// first appearance), holding `line(row)` for each of its effects (row indexes `effects`; nil for no line).
    static func fixedEffectBlocks(_ effects: [FixedEffectEstimate], notation: ModelNotation,
                                  line: (Int) -> String?) -> [String] {
        var lines: [String] = []
        for (index, coefficient) in effects.map(\.coefficient).uniqued().enumerated() {
            lines.append("For \(ModelNotation.coefficientLabel(coefficient)), beta_\(notation.betaIndex(coefficient) ?? index)")
            for row in effects.indices where effects[row].coefficient == coefficient {
                if let text = line(row) { lines.append(text) }
            }
        }
        return lines
    }

    /// Random effects u_q (from Tau) and, for a homogeneous model, the level-1 r (sigma^2): standard deviation
    /// and variance component, and with `tests` HLM's d.f., chi-square and p-value columns.
    static func varianceComponentsTable(_ fit: HLMFit, notation: ModelNotation,
                                        tests: [VarianceComponentTest]? = nil) -> [String] {
        var rows: [(name: String, symbol: String, variance: Double)] = fit.tauCoefficients.enumerated().map {
            index, name in
            (ModelNotation.coefficientLabel(name), "u\(notation.betaIndex(name) ?? index)", fit.tau[index][index])
        }
        if let sigma2 = fit.sigma2 { rows.append(("level-1", "r", sigma2)) }
        return varianceComponentsTable(title: "Final estimation of variance components:", rows: rows, tests: tests)
    }

    /// A variance-component table titled `title`: each row's name and symbol, standard deviation and variance
    /// component, and with `tests` (matched to the rows by position) HLM's d.f., chi-square and p-value columns.
    static func varianceComponentsTable(title: String, rows: [(name: String, symbol: String, variance: Double)],
                                        tests: [VarianceComponentTest]?) -> [String] {
        let nameWidth = max(14, (rows.map(\.name.count).max() ?? 0) + 4)
        let labelWidth = nameWidth + 4
        let rule = textRule()
        let testHeader = tests == nil ? "" : "d.f.".leftPadded(to: 6) + "Chi-square".leftPadded(to: 12)
            + "P-value".leftPadded(to: 10)
        return [title, rule,
                "".rightPadded(to: labelWidth) + "Standard".leftPadded(to: 15) + "Variance".leftPadded(to: 14),
                " Random Effect".rightPadded(to: labelWidth) + "Deviation".leftPadded(to: 15)
                    + "Component".leftPadded(to: 14) + testHeader,
                rule]
            + rows.enumerated().map { index, row in
                (row.name.leftPadded(to: nameWidth) + ", " + row.symbol).rightPadded(to: labelWidth)
                    + ReportNumberFormat.fixed(row.variance.squareRoot(), 5, width: 15)
                    + ReportNumberFormat.fixed(row.variance, 5, width: 14)
                    + (tests.flatMap { index < $0.count ? testColumns($0[index]) : nil } ?? "")
            }
            + [rule, ""]
    }

    /// d.f., chi-square and p of one variance component, or nothing for the level-1 row and untestable rows.
    private static func testColumns(_ test: VarianceComponentTest) -> String? {
        guard let df = test.degreesOfFreedom, let chiSquare = test.chiSquare, let p = test.pValue
        else { return nil }
        return "\(df)".leftPadded(to: 6) + ReportNumberFormat.fixed(chiSquare, 5, width: 12) + ReportNumberFormat.pValue(p).leftPadded(to: 10)
    }
}

extension Array where Element: Hashable {
    /// The elements in order of first appearance, without repeats.
    func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
