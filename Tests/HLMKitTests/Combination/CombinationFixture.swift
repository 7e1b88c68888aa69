import Foundation
import HLMExamples
import Testing
@testable import HLMKit

/// The files of Fixtures/Combination (references/mi-references.R): the per-data-set estimates and standard
/// errors hlm exported from the survey-plausible-values example, and mitools::MIcombine's combination of them.
enum CombinationFixture {
    /// The rows of a quoted CSV fixture as dictionaries keyed by the header's names.
    static func rows(_ name: String) throws -> [[String: String]] {
        let text = try String(contentsOf: try fixtureURL("Combination/\(name)"), encoding: .utf8)
        let lines = text.split(separator: "\n").map(fields)
        return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(lines[0], $0)) }
    }

    /// One CSV line's fields; a quoted field may hold commas.
    private static func fields(_ line: Substring) -> [String] {
        var fields: [String] = [], current = "", quoted = false
        for character in line {
            switch character {
            case "\"": quoted.toggle()
            case "," where !quoted: fields.append(current); current = ""
            default: current.append(character)
            }
        }
        return fields + [current]
    }

    /// The exported per-fit numbers of one group (`fixed`, `robust`, `covariance`) and parameter, in data-set
    /// order: estimates, standard errors and the complete-data df.
    static func perFit(_ rows: [[String: String]], group: String, parameter: String)
        -> (estimates: [Double], standardErrors: [Double], completeDF: Double) {
        let selected = rows.filter { $0["group"] == group && $0["parameter"] == parameter }
            .sorted { Int($0["m"]!)! < Int($1["m"]!)! }
        return (selected.map { Double($0["estimate"]!)! }, selected.map { Double($0["se"]!)! },
                Double(selected[0]["df_complete"]!)!)
    }

    /// The survey-plausible-values example without its design weights (the references are unweighted REML
    /// fits), combined once for every test that reads it.
    static let example: Result<CombinedAnalysis, any Error> = Result {
        var unweighted = try #require(Example.named("survey-plausible-values"))
        (unweighted.level1Weight, unweighted.level2Weight) = (nil, nil)
        return try unweighted.runCombined()
    }
}
