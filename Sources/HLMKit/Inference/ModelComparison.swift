#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `hlm compare A.json B.json`: the likelihood-ratio test of two models fitted to the same data by the same
/// method, read from the JSON that `hlm fit --json` writes.
///
/// The model with fewer parameters is the null (see `LikelihoodRatioTest`). REML deviances depend on the
/// fixed effects, so REML fits are compared only when their fixed effects are the same (a test of the
/// variance components); compare different fixed parts with full ML fits.
public struct ModelComparison: Sendable, Equatable {
    /// What the comparison needs of one fit.
    public struct Model: Sendable, Equatable {
        /// The JSON file it was read from.
        public var path: String
        /// REML or full ML.
        public var method: EstimationMethod
        /// -2 log L (or the REML criterion) with the N ln(2 pi) constant.
        public var deviance: Double
        /// Estimated parameters as HLM counts them.
        public var parameters: Int
        /// The outcome variable.
        public var outcome: String
        /// The data files (last path components) and the rows and units used.
        public var level1File: String, level2File: String?, level1Used: Int, level2Used: Int
        /// `COEFFICIENT/PREDICTOR` of every fixed effect.
        public var fixedEffects: [String]
    }

    /// The first and the second file, in the order given.
    public var first: Model, second: Model
    /// The test.
    public var test: LikelihoodRatioTest

    /// Reads both files and compares them.
    ///
    /// - Throws: `ComparisonError` when a file cannot be read or is not `hlm` JSON, or the two fits differ in
    ///   data or method, or are REML fits with different fixed effects.
    public static func compare(firstPath: String, secondPath: String) throws -> ModelComparison {
        let first = try read(firstPath), second = try read(secondPath)
        let data = { (m: Model) in [m.outcome, m.level1File, m.level2File ?? "-", "\(m.level1Used)", "\(m.level2Used)"] }
        guard data(first) == data(second) else {
            throw ComparisonError.differentData(first: data(first).joined(separator: ", "),
                                                second: data(second).joined(separator: ", "))
        }
        guard first.method == second.method else {
            throw ComparisonError.differentMethods(first: first.method, second: second.method)
        }
        if first.method == .reml, Set(first.fixedEffects) != Set(second.fixedEffects) {
            throw ComparisonError.remlFixedEffectsDiffer(
                onlyFirst: first.fixedEffects.filter { !second.fixedEffects.contains($0) },
                onlySecond: second.fixedEffects.filter { !first.fixedEffects.contains($0) })
        }
        let test = LikelihoodRatioTest(previous: ModelDeviance(deviance: first.deviance, parameters: first.parameters),
                                       current: ModelDeviance(deviance: second.deviance, parameters: second.parameters))
        return ModelComparison(first: first, second: second, test: test)
    }

    /// The fit in one `hlm fit --json` file.
    static func read(_ path: String) throws -> Model {
        let contents: [UInt8]
        do {
            contents = try FileBytes.contents(atPath: path)
        } catch {
            throw ComparisonError.cannotRead(path: path, reason: "no such file or not readable")
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        guard let fit = try? decoder.decode(SavedFit.self, from: Data(contents)) else {
            throw ComparisonError.cannotRead(path: path, reason: "not a JSON report written by hlm fit --json")
        }
        let name = { (file: String) in file.split(separator: "/").last.map(String.init) ?? file }
        return Model(path: path, method: fit.method, deviance: fit.deviance, parameters: fit.parameters,
                     outcome: fit.model.outcome, level1File: name(fit.data.level1File),
                     level2File: fit.data.level2File.map(name), level1Used: fit.data.level1Used,
                     level2Used: fit.data.level2Used, fixedEffects: fit.fixedEffects.map(\.name))
    }
}

/// The keys of an `hlm fit --json` file that a comparison reads. A key that is missing or of another type
/// makes the file unreadable, except `level2_file` (nil unless it is text) and the names in `fixed_effects`
/// (`?` unless text).
private struct SavedFit: Decodable {
    struct DataSummary: Decodable {
        var level1File: String, level2File: String?, level1Used: Int, level2Used: Int

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            level1File = try container.decode(String.self, forKey: .level1File)
            level2File = try? container.decode(String.self, forKey: .level2File)
            level1Used = try container.decode(Int.self, forKey: .level1Used)
            level2Used = try container.decode(Int.self, forKey: .level2Used)
        }

        private enum CodingKeys: CodingKey { case level1File, level2File, level1Used, level2Used }
    }

    struct ModelSummary: Decodable {
        var outcome: String
    }

    struct FixedEffect: Decodable {
        /// `COEFFICIENT/PREDICTOR`.
        var name: String

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let text = { (key: CodingKeys) in (try? container.decode(String.self, forKey: key)) ?? "?" }
            name = "\(text(.coefficient))/\(text(.predictor))"
        }

        private enum CodingKeys: CodingKey { case coefficient, predictor }
    }

    var method: EstimationMethod, deviance: Double, parameters: Int
    var data: DataSummary, model: ModelSummary, fixedEffects: [FixedEffect]
}

/// Why two fits cannot be compared.
public enum ComparisonError: HLMError, Equatable {
    /// A file is missing or not `hlm` JSON.
    case cannotRead(path: String, reason: String)
    /// Outcome, data files or rows and units used differ.
    case differentData(first: String, second: String)
    /// One fit is REML, the other full ML.
    case differentMethods(first: EstimationMethod, second: EstimationMethod)
    /// Both are REML fits with different fixed effects.
    case remlFixedEffectsDiffer(onlyFirst: [String], onlySecond: [String])

    /// Unreadable files are data errors; the rest are usage errors.
    public var category: ErrorCategory {
        if case .cannotRead = self { return .data }
        return .usage
    }

    /// The message shown to users.
    public var description: String {
        switch self {
        case let .cannotRead(path, reason):
            return "cannot read \(path): \(reason)."
        case let .differentData(first, second):
            return "the two fits are not on the same data (outcome, level-1 file, level-2 file, rows used, "
                + "units used): \(first) against \(second); a likelihood-ratio test needs the same data."
        case let .differentMethods(first, second):
            return "the first fit is \(first.rawValue.uppercased()) and the second \(second.rawValue.uppercased()); "
                + "refit both with the same --method."
        case let .remlFixedEffectsDiffer(onlyFirst, onlySecond):
            let list = { (names: [String]) in names.isEmpty ? "none" : names.joined(separator: ", ") }
            return "REML deviances of models with different fixed effects are not comparable (only in the first: "
                + "\(list(onlyFirst)); only in the second: \(list(onlySecond))); refit both with --method fml."
        }
    }
}
