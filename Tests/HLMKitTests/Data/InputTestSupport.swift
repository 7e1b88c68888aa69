import Foundation
import HLMExamples
import Testing
@testable import HLMKit

/// Data files written the way users have them, built from the embedded HS&B files, and a way to run
/// `hlm fit` on them in a temporary folder.
enum InputFiles {
    /// The rows of an embedded HS&B file, header first, each split at commas.
    static func hsbRows(_ name: String) -> [[String]] {
        (ExampleData.text(name) ?? "").split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
    }

    /// HS&B level-1 rows with each school's level-2 `columns` appended: the one long file of lme4 users.
    static func longHSB(_ columns: [String]) -> String {
        let level2 = hsbRows("hsb2.csv")
        let positions = columns.map { level2[0].firstIndex(of: $0)! }
        let byID = Dictionary(uniqueKeysWithValues: level2.dropFirst().map { ($0[0], $0) })
        return hsbRows("hsb1.csv").enumerated().map { index, row in
            (row + positions.map { index == 0 ? level2[0][$0] : byID[row[0]]![$0] }).joined(separator: ",")
        }.joined(separator: "\n") + "\n"
    }

    /// Writes `files` (name -> bytes) into a new temporary folder and runs `hlm arguments...` there.
    static func run(_ arguments: [String], files: [String: [UInt8]]) throws -> (CLIRunner.Result, URL) {
        let folder = try CLIRunner.temporaryDirectory()
        for (name, bytes) in files {
            let url = folder.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url)
        }
        return (try CLIRunner.run(arguments, in: folder), folder)
    }

    /// The JSON object `hlm fit --json` wrote to `name` in `folder`.
    static func json(_ name: String, in folder: URL) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent(name)))
        return try #require(object as? [String: Any])
    }

    /// The fixed-effect estimates of a JSON report, in order.
    static func estimates(_ json: [String: Any]) -> [Double] {
        ((json["fixed_effects"] as? [[String: Any]]) ?? []).compactMap { $0["estimate"] as? Double }
    }

    /// The random-intercept model on HS&B with SES group-mean centred.
    static let model = ["--model", "MATHACH = INTRCPT1 + group(SES)", "--model", "INTRCPT1 = INTRCPT2 + random"]
}
