extension JSONReport {
    /// Renders a combined analysis as JSON text ending with a newline (`CombinedReportDocument`, docs/JSON.md):
    /// `combined` then `fits`, each fit's document as `render(_:)` writes it for a single fit.
    public static func render(_ combined: CombinedAnalysis) -> String {
        JSONValueEncoder.encode(document(combined)).rendered() + "\n"
    }

    /// The combined analysis in its schema.
    static func document(_ combined: CombinedAnalysis) -> CombinedReportDocument {
        let names = combined.dataSets.names
        let effects = combined.analyses[0].fit.fixedEffects
        let combination = combined.combination
        func fixed(_ pooled: [PooledEstimate]) -> [CombinedReportDocument.Pooled] {
            zip(effects, pooled).map { effect, row in
                Self.pooled(row, coefficient: effect.coefficient, predictor: effect.predictor)
            }
        }
        let deviances = combined.analyses.map(\.fit.deviance)
        return CombinedReportDocument(
            combined: CombinedReportDocument.Combined(
                kind: combined.dataSets.kind, dataSets: names, m: names.count, converged: combined.converged,
                wallTimeSeconds: combined.wallTimeSeconds, processors: combined.processors,
                fits: zip(names, combined.analyses).map { name, analysis in
                    CombinedReportDocument.FitSummary(
                        dataSet: name, converged: analysis.fit.convergence.converged,
                        iterations: analysis.fit.convergence.iterations,
                        deviance: analysis.fit.deviance.isFinite ? analysis.fit.deviance : nil,
                        parameters: analysis.fit.parameterCount)
                },
                meanDeviance: deviances.allSatisfy(\.isFinite) ? combined.meanDeviance : nil,
                fixedEffects: fixed(combination.fixedEffects),
                robustFixedEffects: fixed(combination.robustFixedEffects),
                covarianceParameters: combination.covarianceParameters.map {
                    pooled($0, parameter: $0.parameter)
                },
                warnings: combined.warnings),
            fits: combined.analyses.map(document))
    }

    /// One combined parameter's row.
    private static func pooled(_ row: PooledEstimate, coefficient: String? = nil, predictor: String? = nil,
                               parameter: String? = nil) -> CombinedReportDocument.Pooled {
        CombinedReportDocument.Pooled(
            coefficient: OmittedWhenNil(coefficient), predictor: OmittedWhenNil(predictor),
            parameter: OmittedWhenNil(parameter), estimate: row.estimate, se: row.standardError, t: row.tRatio,
            df: row.degreesOfFreedom.isFinite ? row.degreesOfFreedom : nil, p: row.pValue, within: row.within,
            between: row.between, total: row.total, relativeIncrease: row.relativeIncrease, lambda: row.lambda,
            fmi: row.fractionMissingInformation,
            dfComplete: row.completeDegreesOfFreedom.isFinite ? row.completeDegreesOfFreedom : nil)
    }
}
