import Foundation
@testable import HLMStudio
import Hummingbird
import HummingbirdTesting
import NIOCore

/// The package's root folder, from this file's path (Tests/HLMStudioTests/StudioTestSupport.swift).
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// The tests' session token.
let testToken = AccessToken(text: String(repeating: "ab12", count: 16))

/// A new folder under the system's temporary folder holding copies of data/hsb1.csv, data/hsb2.csv and
/// data/hsb-heterogeneous.hlm, and a file the studio does not list; removed by `remove()`.
struct TestFolder {
    let url: URL
    var path: String { url.path }

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("hlm-studio-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for name in ["hsb1.csv", "hsb2.csv", "hsb-heterogeneous.hlm"] {
            try FileManager.default.copyItem(at: packageRoot.appendingPathComponent("data/\(name)"),
                                             to: url.appendingPathComponent(name))
        }
        try Data("notes".utf8).write(to: url.appendingPathComponent("notes.md"))
    }

    /// The text of the file `name` in the folder.
    func text(_ name: String) throws -> String {
        try String(contentsOf: url.appendingPathComponent(name), encoding: .utf8)
    }

    func remove() {
        try? FileManager.default.removeItem(at: url)
    }
}

/// The studio's application on `folder` for `app.test(.router)` and `.live`.
func studioApplication(_ folder: TestFolder, runner: FitRunner = FitRunner()) throws -> some ApplicationProtocol {
    Application(router: StudioServer.router(folder: try WorkingFolder(path: folder.path), token: testToken,
                                            runner: runner),
                configuration: .init(address: .hostname("127.0.0.1", port: 0)))
}

/// `uri` with the test token as its query parameter.
func tokened(_ uri: String) -> String {
    uri + (uri.contains("?") ? "&" : "?") + "token=\(testToken)"
}

/// The manual's heterogeneous sigma^2 model on the HS&B files (data/hsb-heterogeneous.hlm).
let heterogeneousModel = StudioModel(
    level1File: "hsb1.csv", level2File: "hsb2.csv", id: "ID",
    equations: ["MATHACH = INTRCPT1 + FEMALE", "INTRCPT1 = INTRCPT2 + random", "FEMALE = INTRCPT2 + random"],
    sigma2: ["FEMALE"], settings: .init(method: .fml, title: "heterogeneous sigma^2 by gender"))

/// `value` as a JSON request body.
func jsonBody(_ value: some Encodable) throws -> ByteBuffer {
    ByteBuffer(bytes: try JSONEncoder().encode(value))
}

/// The JSON response body as `type`.
func decoded<T: Decodable>(_ type: T.Type, _ response: TestResponse) throws -> T {
    try JSONDecoder().decode(type, from: Data(response.body.readableBytesView))
}

/// The `error` message of an error response.
func errorMessage(_ response: TestResponse) -> String {
    (try? decoded([String: String].self, response))?["error"] ?? ""
}

/// The JSON headers of an API request.
let jsonHeaders: HTTPFields = [.contentType: "application/json"]
