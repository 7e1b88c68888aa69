import Foundation
import HLMKit
@testable import HLMStudio
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("hlm-studio: one fit at a time, and cancelling it")
struct StudioFitRunnerTests {
    /// HS&B repeated `copies` times under new school IDs (so that a fit takes seconds), as large1.csv and
    /// large2.csv in `folder`.
    func writeLargeData(_ folder: TestFolder, copies: Int) throws {
        for (file, name) in [("hsb1.csv", "large1.csv"), ("hsb2.csv", "large2.csv")] {
            let lines = try folder.text(file).split(separator: "\n")
            var text = lines[0] + "\n"
            for copy in 0..<copies {
                for line in lines.dropFirst() {
                    let comma = line.firstIndex(of: ",")!
                    text += "\(copy * 100_000 + Int(line[..<comma])!)" + line[comma...] + "\n"
                }
            }
            try Data(text.utf8).write(to: folder.url.appendingPathComponent(name))
        }
    }

    @Test("A second fit while one runs is refused with 409; cancel stops the running one")
    func busyAndCancel() async throws {
        let folder = try TestFolder()
        defer { folder.remove() }
        try writeLargeData(folder, copies: 16)
        let model = StudioModel(
            level1File: "large1.csv", level2File: "large2.csv", id: "ID",
            equations: ["MATHACH = INTRCPT1 + group(SES) + MINORITY + FEMALE", "INTRCPT1 = INTRCPT2 + SECTOR + random",
                        "SES = INTRCPT2 + random", "MINORITY = INTRCPT2 + random", "FEMALE = INTRCPT2 + random"],
            sigma2: ["SES", "FEMALE"])
        let runner = FitRunner()
        try await studioApplication(folder, runner: runner).test(.router) { client in
            let body = try jsonBody(model)
            async let first = client.execute(uri: tokened("/api/fit"), method: .post, headers: jsonHeaders, body: body)
            let clock = ContinuousClock()
            // Under a loaded test run the first request may wait long for a thread: wait for it to start.
            let deadline = clock.now + .seconds(300)
            while !(await runner.isRunning), clock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
            try #require(await runner.isRunning, "the first fit did not start")
            try await client.execute(uri: tokened("/api/fit"), method: .post, headers: jsonHeaders,
                                     body: try jsonBody(heterogeneousModel)) { response in
                #expect(response.status == .conflict)
                #expect(errorMessage(response).contains("A fit is running"))
            }
            let cancelled = clock.now
            try await client.execute(uri: tokened("/api/cancel"), method: .post) { response in
                let answer = try decoded(CancelResponse.self, response)
                #expect(answer.cancelled)
            }
            let response = try await first
            #expect(response.status == .conflict && errorMessage(response) == "The fit was cancelled.")
            #expect(clock.now - cancelled < .seconds(30))
            #expect(!(await runner.isRunning))
            #expect(await runner.last == nil)
            // The session is free again: the next fit runs.
            try await client.execute(uri: tokened("/api/fit"), method: .post, headers: jsonHeaders,
                                     body: try jsonBody(heterogeneousModel)) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: tokened("/api/cancel"), method: .post) { response in
                let answer = try decoded(CancelResponse.self, response)
                #expect(!answer.cancelled)
            }
        }
    }

    @Test("HLMKit's fit stops with CancellationError when its task is cancelled")
    func cancelledAnalysis() async throws {
        let folder = try TestFolder()
        defer { folder.remove() }
        let resolved = try heterogeneousModel.resolved()
        let request = AnalysisRequest(level1Path: folder.path + "/hsb1.csv", level2Path: folder.path + "/hsb2.csv",
                                      idColumn: "ID", specification: resolved.settings.specification,
                                      options: resolved.settings.estimation)
        let task = Task.detached { try HLMAnalysis.run(request) }
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
    }
}
