import Foundation
import Testing

/// Residual files' headers are unique even when the data's variables are named like the file's own columns
/// (issue 11, section 7; docs/RESIDUAL-FILES.md): the data's names get `L1_` / `L2_`.
@Suite("Residual files: unique headers")
struct ResidualHeaderTests {
    @Test("data names FITTED, LINE, SIGMA2, N and EB_INTRCPT1 get a prefix; the file's own columns keep theirs")
    func uniqueHeaders() throws {
        let directory = try CLIRunner.copyOfFixtures("BadInputs")
        defer { try? FileManager.default.removeItem(at: directory) }
        for (name, header) in [("level1.csv", "ID,FITTED,LINE,SIGMA2"), ("level2.csv", "ID,N,EB_INTRCPT1")] {
            let url = directory.appendingPathComponent(name)
            let text = String(decoding: try Data(contentsOf: url), as: UTF8.self)
            try Data((header + text.drop { $0 != "\n" }).utf8).write(to: url)
        }
        let result = try CLIRunner.run(
            ["fit", "level1.csv", "level2.csv", "--id", "ID", "--model", "FITTED = INTRCPT1 + LINE + SIGMA2",
             "--model", "INTRCPT1 = INTRCPT2 + N + EB_INTRCPT1 + random", "--output", "r.txt",
             "--residuals1", "r1.csv", "--residuals2", "r2.csv"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let headers = try ["r1.csv", "r2.csv"].map { name in
            String(decoding: try Data(contentsOf: directory.appendingPathComponent(name)), as: UTF8.self)
                .prefix { $0 != "\n" }.split(separator: ",").map(String.init)
        }
        #expect(headers[0] == ["ID", "LINE", "L1_FITTED", "FITTED", "RESIDUAL", "SIGMA2", "L1_LINE", "L1_SIGMA2"])
        #expect(headers[1].first == "ID" && headers[1].dropFirst().first == "N")
        #expect(headers[1].suffix(2) == ["L2_N", "L2_EB_INTRCPT1"])
        for header in headers {
            #expect(Set(header.map { $0.uppercased() }).count == header.count, "duplicate names in \(header)")
        }
    }
}
