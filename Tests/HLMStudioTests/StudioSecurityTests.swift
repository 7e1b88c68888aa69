import Foundation
import HLMKit
@testable import HLMStudio
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("hlm-studio: the token, paths and request sizes")
struct StudioSecurityTests {
    @Test("Requests without the token, or with a wrong one, are refused; the header or the query carries it",
          arguments: ["/", "/api/files", "/api/variables?file=hsb1.csv"])
    func token(uri: String) async throws {
        let folder = try TestFolder()
        defer { folder.remove() }
        let wrong = String(testToken.text.dropLast()) + "0"
        try await studioApplication(folder).test(.router) { client in
            for refused in [uri, uri + (uri.contains("?") ? "&" : "?") + "token=\(wrong)",
                            uri + (uri.contains("?") ? "&" : "?") + "token="] {
                try await client.execute(uri: refused, method: .get) { response in
                    #expect(response.status == .forbidden, "\(refused)")
                    #expect(!String(buffer: response.body).contains("MATHACH"))
                }
            }
            try await client.execute(uri: uri, method: .get, headers: [.init("X-HLM-Token")!: wrong]) { response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(uri: uri, method: .get, headers: [.init("X-HLM-Token")!: testToken.text]) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: tokened(uri), method: .get) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test("A POST without the token runs nothing and writes nothing")
    func postWithoutToken() async throws {
        let folder = try TestFolder()
        defer { folder.remove() }
        try await studioApplication(folder).test(.router) { client in
            let save = SaveRequest(name: "intruder", model: heterogeneousModel, replace: true)
            try await client.execute(uri: "/api/save", method: .post, headers: jsonHeaders,
                                     body: try jsonBody(save)) { response in
                #expect(response.status == .forbidden)
            }
        }
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/intruder.hlm"))
    }

    @Test("The token comparison: equal only for the same text, whatever the length of a guess")
    func tokenComparison() {
        let token = AccessToken()
        #expect(token.text.count == 64 && token.text.allSatisfy(\.isHexDigit))
        #expect(token.text != AccessToken().text)
        #expect(token.matches(Substring(token.text)))
        #expect(!token.matches(""))
        #expect(!token.matches(Substring(token.text.dropLast())))
        #expect(!token.matches(Substring(token.text + "0")))
        #expect(!token.matches(Substring(token.text + token.text)))
        #expect(!AccessToken(text: "").matches(""))
    }

    @Test("Names that leave the folder are refused",
          arguments: ["../hsb1.csv", "..", ".", "/etc/passwd", "%2e%2e%2fhsb1.csv", "sub/../hsb1.csv", ".hidden.csv",
                      "%2Fetc%2Fpasswd", ""])
    func traversal(name: String) async throws {
        let folder = try TestFolder()
        defer { folder.remove() }
        try await studioApplication(folder).test(.router) { client in
            try await client.execute(uri: tokened("/api/variables?file=\(name)"), method: .get) { response in
                #expect(response.status == .badRequest, "\(name): \(errorMessage(response))")
            }
            // A save's name is JSON, not a URL: "%2e%2e%2f" there is a plain (odd) name inside the folder.
            guard !name.contains("%") else { return }
            let save = SaveRequest(name: name, model: heterogeneousModel, replace: true)
            try await client.execute(uri: tokened("/api/save"), method: .post, headers: jsonHeaders,
                                     body: try jsonBody(save)) { response in
                #expect(response.status == .badRequest, "\(name): \(errorMessage(response))")
            }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
            == ["hsb-heterogeneous.hlm", "hsb1.csv", "hsb2.csv", "notes.md"])
    }

    @Test("A symbolic link out of the folder is neither read nor listed nor written through")
    func symbolicLinks() async throws {
        let folder = try TestFolder()
        let outside = try TestFolder()
        defer { folder.remove(); outside.remove() }
        let manager = FileManager.default
        try manager.createSymbolicLink(atPath: folder.path + "/outside.csv", withDestinationPath: outside.path + "/hsb1.csv")
        try manager.createSymbolicLink(atPath: folder.path + "/inside.csv", withDestinationPath: folder.path + "/hsb2.csv")
        try manager.createSymbolicLink(atPath: folder.path + "/model.hlm",
                                       withDestinationPath: outside.path + "/hsb-heterogeneous.hlm")
        let before = try outside.text("hsb-heterogeneous.hlm")
        try await studioApplication(folder).test(.router) { client in
            try await client.execute(uri: tokened("/api/variables?file=outside.csv"), method: .get) { response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(uri: tokened("/api/variables?file=inside.csv"), method: .get) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: tokened("/api/files"), method: .get) { response in
                let names = try decoded(FilesResponse.self, response).files.map(\.name)
                #expect(names.contains("inside.csv") && !names.contains("outside.csv") && !names.contains("model.hlm"))
            }
            let save = SaveRequest(name: "model", model: heterogeneousModel, replace: true)
            try await client.execute(uri: tokened("/api/save"), method: .post, headers: jsonHeaders,
                                     body: try jsonBody(save)) { response in
                #expect(response.status == .forbidden)
            }
        }
        #expect(try outside.text("hsb-heterogeneous.hlm") == before)
        #expect(try manager.destinationOfSymbolicLink(atPath: folder.path + "/model.hlm")
            == outside.path + "/hsb-heterogeneous.hlm")
    }

    @Test("Request bodies over the limit are refused with 413, declared or not")
    func oversized() async throws {
        let folder = try TestFolder()
        defer { folder.remove() }
        var model = heterogeneousModel
        model.equations.append(String(repeating: "X", count: StudioServer.bodyLimit))
        let body = try jsonBody(model)
        #expect(body.readableBytes > StudioServer.bodyLimit)
        try await studioApplication(folder).test(.router) { client in
            try await client.execute(uri: tokened("/api/model"), method: .post, headers: jsonHeaders,
                                     body: body) { response in
                #expect(response.status == .contentTooLarge)
            }
            // A body whose length is not declared is cut off at the limit when it is read.
            var chunked = jsonHeaders
            chunked[.transferEncoding] = "chunked"
            try await client.execute(uri: tokened("/api/model"), method: .post, headers: chunked,
                                     body: body) { response in
                #expect(response.status == .contentTooLarge)
            }
        }
    }

    @Test("The working folder must be a folder")
    func folderMustExist() throws {
        #expect(throws: StudioError.self) { try WorkingFolder(path: "/nonexistent/hlm-studio") }
        let folder = try TestFolder()
        defer { folder.remove() }
        #expect(throws: StudioError.self) { try WorkingFolder(path: folder.path + "/hsb1.csv") }
    }
}
