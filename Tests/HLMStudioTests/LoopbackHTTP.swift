import Foundation

/// One HTTP request to a server on 127.0.0.1, made by Debian's curl: all the browser test needs to talk to
/// chromedriver. (HummingbirdTesting's client and FoundationNetworking's URLSession got no usable answer from
/// chromedriver here: URLSession fails with "Failed writing header".)
enum LoopbackHTTP {
    /// curl where Debian installs it, or nil.
    static var curl: String? { FileManager.default.isExecutableFile(atPath: "/usr/bin/curl") ? "/usr/bin/curl" : nil }

    /// The status and body of `method path` with `body` (JSON) to port `port`.
    static func request(_ method: String, _ path: String, body: Data?, port: Int) throws -> (status: Int, body: Data) {
        guard let curl else { throw WebDriver.Failure("the browser test needs curl (apt-get install -y curl)") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: curl)
        process.arguments = ["-s", "-m", "120", "-X", method, "-H", "Content-Type: application/json; charset=utf-8",
                             "-w", "\n%{http_code}"] + (body == nil ? [] : ["--data-binary", "@-"])
            + ["http://127.0.0.1:\(port)\(path)"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        if let body { input.fileHandleForWriting.write(body) }
        try input.fileHandleForWriting.close()
        let answer = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard let newline = answer.lastIndex(of: UInt8(ascii: "\n")) else {
            throw WebDriver.Failure("no answer from port \(port) (curl exit \(process.terminationStatus))")
        }
        let status = Int(String(decoding: answer[(newline + 1)...], as: UTF8.self)) ?? 0
        return (status, Data(answer[..<newline]))
    }
}
