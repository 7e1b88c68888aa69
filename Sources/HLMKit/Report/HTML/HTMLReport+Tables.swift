// The estimates of the final fit as HTML tables, the numbers formatted exactly as the text report prints them
// (ReportNumberFormat with the same decimals), so that a reader can match the two reports digit for digit.

extension HTMLReport {
    /// The tables of `fit`: Tau, reliabilities, the fixed effects (model-based, the ratio table of an HGLM,
    /// robust), the variance components with their chi-square tests, the level-1 variance model of a
    /// heterogeneous fit and the deviance.
    static func tables(_ fit: HLMFit, inference: InferenceResults?, notation: ModelNotation) -> [HTMLTable] {
        let family = fit.generalized?.family ?? .normal
        var tables: [HTMLTable] = []
        tables += tauTable(fit, notation: notation).map { [$0] } ?? []
        if let inference, !inference.reliabilities.isEmpty {
            tables.append(HTMLTable(caption: "Reliability of the random level-1 coefficients",
                                    columns: ["Random level-1 coefficient", "Reliability estimate"],
                                    rows: inference.reliabilities.enumerated().map { index, row in
                .cells([.text("\(ModelNotation.coefficientLabel(row.coefficient)), beta\(notation.betaIndex(row.coefficient) ?? index)"),
                        .number(ReportNumberFormat.fixed(row.estimate, 3))])
            }))
        }
        tables.append(fixedEffectsTable(fit.fixedEffects, caption: "Fixed effects (model-based standard errors)",
                                        notation: notation))
        tables += ratioTable(fit.fixedEffects, family: family, notation: notation).map { [$0] } ?? []
        if let inference {
            tables.append(fixedEffectsTable(inference.robustFixedEffects,
                                            caption: "Fixed effects (robust standard errors)", notation: notation))
        }
        tables.append(varianceComponentsTable(fit, tests: inference?.varianceComponents, notation: notation))
        if let variance = fit.level1Variance { tables += level1VarianceTables(variance) }
        if fit.generalized?.estimation != .pql {
            tables.append(HTMLTable(caption: "Statistics for the current model", columns: ["Statistic", "Value"],
                                    rows: [.cells([.text("Deviance"), .number(ReportNumberFormat.fixed(fit.deviance, 6))]),
                                           .cells([.text("Number of estimated parameters"),
                                                   .number("\(fit.parameterCount)")])]))
        }
        return tables
    }

    /// Tau and, below the diagonal, its correlations; nil for a model without random effects.
    private static func tauTable(_ fit: HLMFit, notation: ModelNotation) -> HTMLTable? {
        let tau = fit.tau
        guard !tau.isEmpty else { return nil }
        let labels = fit.tauCoefficients.enumerated().map { index, name in
            "\(name), beta\(notation.betaIndex(name) ?? index)"
        }
        let rows: [HTMLTable.Row] = tau.indices.map { i in
            .cells([.text(labels[i])] + tau[i].map { .number(ReportNumberFormat.fixed($0, 5)) })
        } + [.block("Tau (as correlations)")] + tau.indices.map { i in
            .cells([.text(labels[i])] + tau[i].indices.map { k in
                .number(ReportNumberFormat.fixed(tau[i][k] / (tau[i][i] * tau[k][k]).squareRoot(), 3))
            })
        }
        return HTMLTable(caption: "Tau (covariance of the random effects)", columns: ["Tau"] + labels, rows: rows)
    }

    /// One row per fixed effect, in HLM's blocks `For <coefficient>, beta_q`.
    private static func fixedEffectsTable(_ effects: [FixedEffectEstimate], caption: String,
                                          notation: ModelNotation) -> HTMLTable {
        HTMLTable(caption: caption,
                  columns: ["Fixed effect", "Coefficient", "Standard error", "t-ratio", "Approx. d.f.", "p-value"],
                  rows: blocks(effects, notation: notation) { effect in
            [.number(ReportNumberFormat.fixed(effect.estimate, 6)),
             .number(ReportNumberFormat.fixed(effect.standardError, 6)),
             .number(ReportNumberFormat.fixed(effect.tRatio, 3)), .number("\(effect.degreesOfFreedom)"),
             .number(ReportNumberFormat.pValue(effect.pValue))]
        })
    }

    /// exp(gamma) with its 95% interval (odds or event-rate ratios) of an HGLM; nil when there are none.
    private static func ratioTable(_ effects: [FixedEffectEstimate], family: ResponseFamily,
                                   notation: ModelNotation) -> HTMLTable? {
        guard effects.contains(where: { $0.ratio != nil }) else { return nil }
        let name = family == .poisson ? "Event rate ratio" : "Odds ratio"
        return HTMLTable(caption: "\(name)s (unit-specific model)",
                         columns: ["Fixed effect", "Coefficient", name, "95% confidence interval"],
                         rows: blocks(effects, notation: notation) { effect in
            guard let ratio = effect.ratio else { return nil }
            return [.number(ReportNumberFormat.fixed(effect.estimate, 6)),
                    .number(ReportNumberFormat.fixed(ratio.ratio, 6)),
                    .number("(" + ReportNumberFormat.fixed(ratio.lower, 6) + ", "
                            + ReportNumberFormat.fixed(ratio.upper, 6) + ")")]
        })
    }

    /// The rows of a fixed-effect table: a block heading per level-1 coefficient, then `cells(effect)` after
    /// the effect's label `PREDICTOR, gamma_qs` (no row where `cells` gives nil).
    private static func blocks(_ effects: [FixedEffectEstimate], notation: ModelNotation,
                               cells: (FixedEffectEstimate) -> [HTMLTable.Cell]?) -> [HTMLTable.Row] {
        effects.map(\.coefficient).uniqued().enumerated().flatMap { index, coefficient -> [HTMLTable.Row] in
            let heading = HTMLTable.Row.block(
                "For \(ModelNotation.coefficientLabel(coefficient)), beta_\(notation.betaIndex(coefficient) ?? index)")
            return [heading] + effects.filter { $0.coefficient == coefficient }.compactMap { effect in
                let gamma = notation.gammaSymbol(coefficient: coefficient, predictor: effect.predictor) ?? "gamma"
                return cells(effect).map { .cells([.text("\(effect.predictor), \(gamma)")] + $0) }
            }
        }
    }

    /// The random effects' (and a homogeneous level-1 variance's) standard deviations and variances, with
    /// the chi-square tests when inference ran.
    private static func varianceComponentsTable(_ fit: HLMFit, tests: [VarianceComponentTest]?,
                                                notation: ModelNotation) -> HTMLTable {
        var rows: [(label: String, variance: Double)] = fit.tauCoefficients.enumerated().map { index, name in
            ("\(ModelNotation.coefficientLabel(name)), u\(notation.betaIndex(name) ?? index)", fit.tau[index][index])
        }
        if let sigma2 = fit.sigma2 { rows.append(("level-1, r", sigma2)) }
        let testColumns = tests == nil ? [] : ["d.f.", "Chi-square", "p-value"]
        return HTMLTable(caption: "Variance components",
                         columns: ["Random effect", "Standard deviation", "Variance component"] + testColumns,
                         rows: rows.enumerated().map { index, row in
            let test = tests.flatMap { index < $0.count ? $0[index] : nil }
            let testCells: [HTMLTable.Cell] = testColumns.isEmpty ? [] : {
                guard let test, let df = test.degreesOfFreedom, let chiSquare = test.chiSquare, let p = test.pValue
                else { return Array(repeating: .number(""), count: 3) }
                return [.number("\(df)"), .number(ReportNumberFormat.fixed(chiSquare, 5)),
                        .number(ReportNumberFormat.pValue(p))]
            }()
            return .cells([.text(row.label), .number(ReportNumberFormat.fixed(row.variance.squareRoot(), 5)),
                           .number(ReportNumberFormat.fixed(row.variance, 5))] + testCells)
        })
    }

    /// HLM's heterogeneous-sigma^2 block: the alphas of log sigma^2 and the comparison with the homogeneous
    /// model (deviances as -2 log-likelihood with the N ln(2 pi) constant, the text report's default).
    private static func level1VarianceTables(_ result: Level1VarianceResult) -> [HTMLTable] {
        let alphas = HTMLTable(
            caption: "Model for the level-1 variance, log sigma^2 (p-values: Student's t, J - 1 df, as HLM)",
            columns: ["Parameter", "Coefficient", "Standard error", "Z-ratio", "p-value"],
            rows: result.alpha.enumerated().map { index, alpha in
                .cells([.text("\(alpha.predictor), alpha\(index)"), .number(ReportNumberFormat.fixed(alpha.estimate, 5)),
                        .number(ReportNumberFormat.fixed(alpha.standardError, 6)),
                        .number(ReportNumberFormat.fixed(alpha.zRatio, 3)),
                        .number(ReportNumberFormat.pValue(alpha.pValueHLM))])
            })
        let models = HTMLTable(
            caption: "Homogeneous against heterogeneous sigma^2",
            columns: ["Model", "Number of parameters", "Deviance", "Chi-square", "d.f.", "p-value"],
            rows: [.cells([.text("1. Homogeneous sigma^2"), .number("\(result.homogeneous.parameters)"),
                           .number(ReportNumberFormat.fixed(result.homogeneous.deviance, 5)),
                           .number(""), .number(""), .number("")]),
                   .cells([.text("2. Heterogeneous sigma^2"), .number("\(result.heterogeneous.parameters)"),
                           .number(ReportNumberFormat.fixed(result.heterogeneous.deviance, 5)),
                           .number(ReportNumberFormat.fixed(result.chiSquare, 5)),
                           .number("\(result.degreesOfFreedom)"), .number(ReportNumberFormat.pValue(result.pValue))])])
        return [alphas, models]
    }
}
