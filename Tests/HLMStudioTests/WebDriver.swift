import Foundation

/// A small W3C WebDriver client for the browser test: chromedriver started as a child process on a local
/// port, driven over HTTP (`LoopbackHTTP`).
final class WebDriver: @unchecked Sendable {
    /// Chromium and chromedriver where Debian installs them (`apt-get install chromium chromium-driver`),
    /// or nil with the reason when either is missing.
    static func executables() -> (browser: String, driver: String)? {
        let browser = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first(where: FileManager.default.isExecutableFile)
        let driver = ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"].first(where: FileManager.default.isExecutableFile)
        guard let browser, let driver else { return nil }
        return (browser, driver)
    }

    /// The reference W3C WebDriver gives an element under.
    static let elementKey = "element-6066-11e4-a52e-4f735466cecf"

    private let process: Process
    private let port: Int
    private var sessionID = ""

    /// Starts chromedriver on a free local port and a headless Chromium session with a `width` x `height` window.
    init(browser: String, driver: String, width: Int = 1400, height: Int = 1500) async throws {
        port = Int.random(in: 20_000...60_000)
        process = Process()
        process.executableURL = URL(fileURLWithPath: driver)
        process.arguments = ["--port=\(port)", "--allowed-ips=127.0.0.1"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(30)
        while true {
            try await Task.sleep(for: .milliseconds(200))
            if (try? await probe()) == true { break }
            guard clock.now < deadline else { throw Failure("chromedriver did not start on port \(port)") }
        }
        let capabilities: [String: Any] = ["capabilities": ["alwaysMatch": [
            "browserName": "chrome",
            "goog:chromeOptions": ["binary": browser, "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=\(width),\(height)", "--lang=en-US"]],
        ]]]
        let answer = try await command("POST", "/session", capabilities)
        sessionID = try Self.string(answer, "sessionId")
    }

    /// Whether chromedriver answers `/status` (it may not listen yet).
    private func probe() async throws -> Bool {
        (try await command("GET", "/status", nil)["value"] as? [String: Any])?["ready"] as? Bool == true
    }

    /// Ends the session and stops chromedriver.
    func quit() async {
        if !sessionID.isEmpty { _ = try? await command("DELETE", "/session/\(sessionID)", nil) }
        // chromedriver may outlive SIGTERM (Process.terminate): SIGKILL, then reap it.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Opens `url`.
    func open(_ url: String) async throws {
        _ = try await command("POST", "/session/\(sessionID)/url", ["url": url])
    }

    /// The first element matching the CSS `selector`, waiting up to `timeout` for it to appear.
    func element(_ selector: String, timeout: Duration = .seconds(30)) async throws -> String {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while true {
            if let found = try? await command("POST", "/session/\(sessionID)/element",
                                              ["using": "css selector", "value": selector]),
               let value = found["value"] as? [String: Any], let id = value[Self.elementKey] as? String {
                return id
            }
            guard clock.now < deadline else { throw Failure("no element \(selector) within \(timeout)") }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// Clicks the element matching `selector` (waiting for it).
    func click(_ selector: String) async throws {
        let id = try await element(selector)
        _ = try await command("POST", "/session/\(sessionID)/element/\(id)/click", [String: String]())
    }

    /// The rendered text of the element matching `selector`.
    func text(_ selector: String) async throws -> String {
        let id = try await element(selector)
        return try Self.string(try await command("GET", "/session/\(sessionID)/element/\(id)/text", nil), "value")
    }

    /// Runs `body` inside the frame of the `iframe` matching `selector`, then returns to the page.
    func inFrame<T>(_ selector: String, _ body: () async throws -> T) async throws -> T {
        let id = try await element(selector)
        _ = try await command("POST", "/session/\(sessionID)/frame", ["id": [Self.elementKey: id]])
        let result = try await body()
        _ = try await command("POST", "/session/\(sessionID)/frame/parent", [String: String]())
        return result
    }

    /// The value of `script` (a function body) run in the page.
    func execute(_ script: String) async throws -> Any? {
        try await command("POST", "/session/\(sessionID)/execute/sync", ["script": script, "args": [Any]()])["value"]
    }

    /// A screenshot of the window as PNG bytes.
    func screenshot() async throws -> Data {
        let encoded = try Self.string(try await command("GET", "/session/\(sessionID)/screenshot", nil), "value")
        guard let data = Data(base64Encoded: encoded) else { throw Failure("the screenshot is not base64") }
        return data
    }

    /// Sends one WebDriver command; throws with WebDriver's message for an error status.
    private func command(_ method: String, _ path: String, _ body: Any?) async throws -> [String: Any] {
        let bytes = try body.map { try JSONSerialization.data(withJSONObject: $0) }
        let port = self.port
        let (status, data) = try await Task.detached { try LoopbackHTTP.request(method, path, body: bytes, port: port) }.value
        let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        guard status == 200 else {
            let message = (object["value"] as? [String: Any])?["message"] as? String ?? "status \(status)"
            throw Failure("WebDriver \(method) \(path): \(message)")
        }
        return object
    }

    /// The string at `key`, under `value` when the answer wraps it there.
    private static func string(_ answer: [String: Any], _ key: String) throws -> String {
        if let text = answer[key] as? String { return text }
        if let value = answer["value"] as? [String: Any], let text = value[key] as? String { return text }
        throw Failure("no \(key) in WebDriver's answer")
    }

    /// A failure of the browser or the driver.
    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}
