import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One HTTP/1.1 request to a server on 127.0.0.1 over a plain socket (`Connection: close`, the answer read to
/// the end): all the browser test needs to talk to chromedriver, whose answers FoundationNetworking's
/// URLSession fails to read ("Failed writing header").
enum LoopbackHTTP {
    /// The status and body of `method path` with `body` (JSON) to port `port`.
    static func request(_ method: String, _ path: String, body: Data?, port: Int) throws -> (status: Int, body: Data) {
        let socketDescriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketDescriptor >= 0 else { throw WebDriver.Failure("socket(): \(errno)") }
        defer { close(socketDescriptor) }
        var timeout = timeval(tv_sec: 120, tv_usec: 0)
        setsockopt(socketDescriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socketDescriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw WebDriver.Failure("connect to port \(port): errno \(errno)") }
        let payload = body ?? Data()
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nAccept: */*\r\nConnection: close\r\n"
        if body != nil {
            head += "Content-Type: application/json; charset=utf-8\r\nContent-Length: \(payload.count)\r\n"
        }
        head += "\r\n"
        let bytes = Array(head.utf8) + Array(payload)
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { send(socketDescriptor, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { throw WebDriver.Failure("send to port \(port): errno \(errno)") }
            sent += count
        }
        var answer = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(socketDescriptor, &buffer, buffer.count, 0)
            guard count >= 0 else { throw WebDriver.Failure("recv from port \(port): errno \(errno)") }
            if count == 0 { break }
            answer += buffer[..<count]
        }
        return try parse(answer)
    }

    /// The status and body of a whole response (Content-Length or chunked).
    private static func parse(_ answer: [UInt8]) throws -> (status: Int, body: Data) {
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        guard let end = (0...max(0, answer.count - 4)).first(where: { Array(answer[$0..<min($0 + 4, answer.count)]) == separator })
        else { throw WebDriver.Failure("no HTTP header in the answer") }
        let head = String(decoding: answer[..<end], as: UTF8.self).lowercased()
        let status = Int(head.split(separator: " ").dropFirst().first ?? "") ?? 0
        var body = Array(answer[(end + 4)...])
        if head.contains("transfer-encoding: chunked") {
            var decoded = [UInt8](), position = 0
            while let lineEnd = (position..<max(position, body.count - 1)).first(where: { body[$0] == 13 && body[$0 + 1] == 10 }),
                  let size = Int(String(decoding: body[position..<lineEnd], as: UTF8.self).split(separator: ";")[0], radix: 16),
                  size > 0 {
                decoded += body[(lineEnd + 2)..<(lineEnd + 2 + size)]
                position = lineEnd + 2 + size + 2
            }
            body = decoded
        }
        return (status, Data(body))
    }
}
