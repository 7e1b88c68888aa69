import Foundation
import HLMKit
@testable import HLMStudio
import Hummingbird
import HummingbirdTesting
import Testing

/// Whether the browser test can run here; under CI (`CI` set) a missing browser fails the test instead.
private let browserPresent = WebDriver.executables() != nil || ProcessInfo.processInfo.environment["CI"] != nil

@Suite("hlm-studio: the page in a real headless browser", .serialized)
struct StudioBrowserTests {
    /// Where the screenshots go: `HLM_STUDIO_SCREENSHOTS`, else a folder under the system's temporary folder.
    static var screenshotFolder: URL {
        ProcessInfo.processInfo.environment["HLM_STUDIO_SCREENSHOTS"].map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("hlm-studio-screenshots")
    }

    @Test("The manual's heterogeneous sigma^2 model built by clicks: the alpha table shows 3.70401 and -0.09131",
          .enabled(if: browserPresent, "needs chromium and chromedriver (apt-get install -y chromium chromium-driver)"),
          .timeLimit(.minutes(5)))
    func heterogeneousModelByClicks() async throws {
        let (browser, driver) = try #require(WebDriver.executables(),
                                             "CI is set but chromium or chromedriver is missing: .ci/run installs them")
        let folder = try TestFolder()
        defer { folder.remove() }
        let screenshots = Self.screenshotFolder
        try FileManager.default.createDirectory(at: screenshots, withIntermediateDirectories: true)
        try await studioApplication(folder).test(.live) { client in
            let port = try #require(client.port)
            let web = try await WebDriver(browser: browser, driver: driver)
            do {
                try await build(web, url: "http://127.0.0.1:\(port)/?token=\(testToken)", screenshots: screenshots)
                try await save(web, folder: folder)
            } catch {
                try? await web.screenshot().write(to: screenshots.appendingPathComponent("studio-failure.png"))
                await web.quit()
                throw error
            }
            await web.quit()
        }
        print("hlm-studio screenshots: \(screenshots.path)")
    }

    /// The clicks of the manual's model, its fit and the checks of the alpha table.
    private func build(_ web: WebDriver, url: String, screenshots: URL) async throws {
        try await web.open(url)
        try await web.click("#level1-file option[value='hsb1.csv']")
        try await web.click("#level2-file option[value='hsb2.csv']")
        _ = try await web.element("#level2-variables tr[data-variable='SECTOR']")
        try await web.click("button[data-action='outcome'][data-variable='MATHACH']")
        // Both files' variables are listed now, so the ID column (a column of both) is chosen.
        #expect(try await web.execute("return document.getElementById('id-column').value;") as? String == "ID")
        try await web.click("#level1-variables button[data-action='add'][data-variable='FEMALE']")
        try await web.click("#random-FEMALE")
        try await web.click("button[data-action='sigma2'][data-variable='FEMALE']")
        try await web.click("#method option[value='fml']")
        try await waitFor(web, "#notation", toContain: "log(sigma^2_ij) = alpha_0 + alpha_1*(FEMALE_ij)")
        let notation = try await web.text("#notation")
        #expect(notation.contains("beta_1j = gamma_10 + u_1j"))
        try await web.screenshot().write(to: screenshots.appendingPathComponent("studio-model.png"))
        try await web.click("#run")
        try await waitFor(web, "#status", toContain: "Fitted.")
        let report = try await web.inFrame("#report") { try await web.text("body") }
        #expect(report.contains("3.70401"), "the alpha table's alpha_0")
        #expect(report.contains("-0.09131"), "the alpha table's alpha_1 (FEMALE)")
        try await web.screenshot().write(to: screenshots.appendingPathComponent("studio-fitted.png"))
    }

    /// Clicks Save (the name field's default `model`) and checks that the command file and the results were
    /// written into the working folder, and that the command file, read back and fitted, gives the same alphas.
    private func save(_ web: WebDriver, folder: TestFolder) async throws {
        try await web.click("#save")
        try await waitFor(web, "#status", toContain: "Saved")
        let status = try await web.text("#status")
        #expect(status.contains("model.hlm") && status.contains("model.json") && status.contains("model.html"), "\(status)")
        let command = try folder.text("model.hlm")
        #expect(command.contains("heterol1var:FEMALE") && command.contains("mlf:y"), "\(command)")
        #expect(try folder.text("model.html").contains("3.70401"))
        let json = try folder.text("model.json")
        // The saved command file reproduces the fit: read back, resolved as `hlm fit --command` does, fitted.
        let file = try CommandFile.read(path: folder.url.appendingPathComponent("model.hlm").path)
        let settings = try AnalysisSettings().resolved(for: file.specification, commandFile: file)
        let request = AnalysisRequest(level1Path: folder.url.appendingPathComponent("hsb1.csv").path,
                                      level2Path: folder.url.appendingPathComponent("hsb2.csv").path, idColumn: "ID",
                                      specification: settings.specification, options: settings.estimation,
                                      title: settings.title)
        let refit = try HLMAnalysis.run(request, inference: settings.inference)
        #expect(JSONReport.render(refit) == json, "the saved command file's fit differs from the saved results")
    }

    /// Waits up to 60 s for the text of `selector` to contain `expected`.
    private func waitFor(_ web: WebDriver, _ selector: String, toContain expected: String) async throws {
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(60)
        var last = ""
        while clock.now < deadline {
            last = (try? await web.text(selector)) ?? ""
            if last.contains(expected) { return }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw WebDriver.Failure("\(selector) did not come to contain \"\(expected)\"; it shows \"\(last)\"")
    }
}
