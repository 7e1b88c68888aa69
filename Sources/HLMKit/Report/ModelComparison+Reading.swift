#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HLMPlatform

// Reading one fit back from `hlm fit --json`: every field the comparison uses is checked, and a bad one is
// named in the error (`data.level1_used`, `parameters`), since a hand-edited file must not crash or mislead.
// Here in Report/ (above Inference), because it decodes the report's own schema, `ReportDocument`.

extension ModelComparison {
    /// Reads both files and compares them (`init(checking:against:)`).
    ///
    /// - Throws: `ComparisonError` when a file cannot be read, is not `hlm` JSON or has an impossible value,
    ///   the fits differ in data or method, are REML fits with different fixed parts, have the same number of
    ///   parameters, or give a negative chi-square.
    public static func compare(firstPath: String, secondPath: String) throws -> ModelComparison {
        try ModelComparison(checking: read(firstPath), against: read(secondPath))
    }

    /// The largest parameter count accepted (guards the df arithmetic against hand-edited files).
    static let maximumParameters = Int(Int32.max)

    /// The fit in one `hlm fit --json` file.
    ///
    /// - Throws: `ComparisonError.cannotRead` naming the file and, for a missing, mistyped or impossible
    ///   value, the field: the deviance must be finite, the parameter count in 1...2^31 - 1, the rows and units
    ///   used positive with no more units than rows, the fingerprints 16 hexadecimal digits, the model's
    ///   equations as `hlm` writes them with the outcome on the left of the level-1 equation.
    static func read(_ path: String) throws -> Model {
        let contents: [UInt8]
        do {
            contents = try FileBytes.contents(atPath: path)
        } catch {
            throw ComparisonError.cannotRead(path: path, reason: "no such file or not readable")
        }
        if (try? JSONDecoder().decode(CombinedReportDocument.Marker.self, from: Data(contents))) != nil {
            throw ComparisonError.combinedFit(path: path)
        }
        let fit: ReportDocument.ComparedPart
        do {
            fit = try JSONDecoder().decode(ReportDocument.ComparedPart.self, from: Data(contents))
        } catch {
            throw ComparisonError.cannotRead(path: path, reason: (error as? DecodingError).map(Self.reason)
                                                 ?? "not a JSON report written by hlm fit --json")
        }
        func invalid(_ field: String, _ expected: String) -> ComparisonError {
            .cannotRead(path: path, reason: "\(field) must be \(expected)")
        }
        if fit.estimation == GeneralizedEstimation.pql.name { throw ComparisonError.noLikelihood(model: path) }
        guard let deviance = fit.deviance, deviance.isFinite else { throw invalid("deviance", "a finite number") }
        guard (1...maximumParameters).contains(fit.parameters) else {
            throw invalid("parameters", "a whole number from 1 to \(maximumParameters), not \(fit.parameters)")
        }
        guard fit.level1Used > 0, fit.level2Used > 0, fit.level2Used <= fit.level1Used else {
            throw invalid("data.level1_used and data.level2_used", "positive, with no more units than rows")
        }
        guard let saved = fit.fingerprint else {
            throw invalid("data.fingerprint", "present (the file was written by an older hlm: refit it with "
                + "hlm fit --json)")
        }
        let hexadecimal = "16 hexadecimal digits"
        guard let rows = DataFingerprint.value(saved.rows) else { throw invalid("data.fingerprint.rows", hexadecimal) }
        var variables: [String: UInt64] = [:]
        for (name, text) in saved.variables {
            guard let value = DataFingerprint.value(text) else {
                throw invalid("data.fingerprint.variables.\(name)", hexadecimal)
            }
            variables[name] = value
        }
        guard let fixedPart = FittedFixedPart(level1: fit.level1, level2: fit.level2)?.terms else {
            throw invalid("model.level1 and model.level2", "equations as hlm fit --json writes them")
        }
        guard fit.level1.hasPrefix(fit.outcome + " = ") else {
            throw invalid("model.outcome", "the left side of model.level1")
        }
        return Model(path: path, method: fit.method, converged: fit.converged, deviance: deviance,
                     parameters: fit.parameters, outcome: fit.outcome, level1Used: fit.level1Used,
                     level2Used: fit.level2Used, fingerprint: DataFingerprint(rows: rows, variables: variables),
                     fixedPart: fixedPart, likelihood: fit.likelihood)
    }

    /// The field a decoding error is about, and what was wrong with it.
    private static func reason(_ error: DecodingError) -> String {
        let field = { (path: [any CodingKey]) in
            path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case let .keyNotFound(key, context):
            return "not a JSON report written by hlm fit --json (no \(field(context.codingPath + [key])))"
        case let .typeMismatch(_, context), let .valueNotFound(_, context):
            return "\(field(context.codingPath)) has the wrong type (\(context.debugDescription))"
        case let .dataCorrupted(context) where !context.codingPath.isEmpty:
            return "\(field(context.codingPath)) has an invalid value (\(context.debugDescription))"
        case let .dataCorrupted(context):
            return "not a JSON report written by hlm fit --json (\(context.debugDescription))"
        default:
            return "not a JSON report written by hlm fit --json"
        }
    }
}

extension ReportDocument {
    /// The part of a report that a comparison reads, decoded with the schema's own keys and types: `method`,
    /// `family`, `estimation`, `quadrature_points` (absent for the normal model), `converged`, `deviance`,
    /// `parameters`, `data.level1_used`, `data.level2_used`, `data.fingerprint`,
    /// `model.outcome`, `model.level1` and `model.level2`. Other keys are not read, so that a number written as
    /// `null` elsewhere, or a key an older `hlm` did not write, does not stop a comparison.
    struct ComparedPart: Decodable {
        var method: EstimationMethod, converged: Bool, deviance: Double?, parameters: Int
        var level1Used: Int, level2Used: Int, fingerprint: Fingerprint?
        var outcome: String, level1: String, level2: [String]
        /// An HGLM's `estimation` (nil for the normal model).
        var estimation: String?
        /// `Model.likelihood`: `normal`, or the HGLM's family, estimation and quadrature points.
        var likelihood: String

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            method = try container.decode(EstimationMethod.self, forKey: .method)
            converged = try container.decode(Bool.self, forKey: .converged)
            deviance = try container.decodeIfPresent(Double.self, forKey: .deviance)
            let family = try container.decodeIfPresent(ResponseFamily.self, forKey: .family) ?? .normal
            estimation = try container.decodeIfPresent(String.self, forKey: .estimation)
            let points = try container.decodeIfPresent(Int.self, forKey: .quadraturePoints)
            likelihood = family.rawValue + (estimation.map { ", " + $0 } ?? "")
                + (estimation == "agq" ? points.map { " with \($0) points" } ?? "" : "")
            parameters = try container.decode(Int.self, forKey: .parameters)
            let data = try container.nestedContainer(keyedBy: DataSection.CodingKeys.self, forKey: .data)
            level1Used = try data.decode(Int.self, forKey: .level1Used)
            level2Used = try data.decode(Int.self, forKey: .level2Used)
            fingerprint = try data.decodeIfPresent(Fingerprint.self, forKey: .fingerprint)
            let model = try container.nestedContainer(keyedBy: ModelSection.CodingKeys.self, forKey: .model)
            outcome = try model.decode(String.self, forKey: .outcome)
            level1 = try model.decode(String.self, forKey: .level1)
            level2 = try model.decode([String].self, forKey: .level2)
        }
    }
}
