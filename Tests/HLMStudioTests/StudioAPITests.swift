import Foundation
@testable import HLMKit
@testable import HLMStudio
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("hlm-studio: the JSON API")
struct StudioAPITests {
    @Test("The page and the folder's data and command files are served")
    func pageAndFiles() async throws {
        let folder = try TestFolder()
        defer { folder.remove() }
        try await studioApplication(folder).test(.router) { client in
            try await client.execute(uri: tokened("/"), method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                #expect(response.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)
                #expect(String(buffer: response.body).contains("<title>hlm-studio</title>"))
            }
            try await client.execute(uri: tokened("/api/files"), method: .get) { response in
                let files = try decoded(FilesResponse.self, response)
                #expect(files.files == [FolderFile(name: "hsb-heterogeneous.hlm", kind: .command),
                                        FolderFile(name: "hsb1.csv", kind: .data), FolderFile(name: "hsb2.csv", kind: .data)])
            }
        }
    }

    @Test("A file's variables come with their descriptive statistics")
    func variables() async throws {
        let folder = try TestFolder()
        defer { folder.remove() }
        try await studioApplication(folder).test(.router) { client in
            try await client.execute(uri: tokened("/api/variables?file=hsb1.csv"), method: .get) { response in
                let answer = try decoded(VariablesResponse.self, response)
                #expect(answer.rows == 7185)
                #expect(answer.variables.map(\.name) == ["ID", "MINORITY", "FEMALE", "SES", "MATHACH"])
                // R: mean(hsb1$MATHACH) (references/descriptives-references.R).
                let mathach = try #require(answer.variables.last?.statistics)
                #expect(abs(mathach.mean - 12.7478526096033) < 1e-9)
            }
            try await client.execute(uri: tokened("/api/variables?file=missing.csv"), method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test("The model comes back in HLM's notation and as the manual's command file")
    func model() async throws {
        let folder = try TestFolder()
        defer { folder.remove() }
        try await studioApplication(folder).test(.router) { client in
            try await client.execute(uri: tokened("/api/model"), method: .post, headers: jsonHeaders,
                                     body: try jsonBody(heterogeneousModel)) { response in
                #expect(response.status == .ok)
                let answer = try decoded(ModelResponse.self, response)
                #expect(answer.notation.contains("    MATHACH_ij = beta_0j + beta_1j*(FEMALE_ij) + r_ij"))
                #expect(answer.notation.contains("    log(sigma^2_ij) = alpha_0 + alpha_1*(FEMALE_ij)"))
                #expect(answer.notation.contains("    beta_1j = gamma_10 + u_1j"))
                let written = try CommandFile.parse(contents: try #require(answer.commandFile), path: "written.hlm")
                let manual = try CommandFile.read(path: folder.path + "/hsb-heterogeneous.hlm")
                #expect(written.specification == manual.specification && written.title == manual.title)
            }
            var bad = heterogeneousModel
            bad.equations = ["MATHACH = INTRCPT1 + FEMALE +"]
            try await client.execute(uri: tokened("/api/model"), method: .post, headers: jsonHeaders,
                                     body: try jsonBody(bad)) { response in
                #expect(response.status == .unprocessableContent)
                #expect(errorMessage(response).contains("expected a variable name"))
            }
        }
    }

    @Test("The manual's heterogeneous sigma^2 model is fitted: alpha = (3.70401, -0.09131)")
    func fit() async throws {
        let folder = try TestFolder()
        defer { folder.remove() }
        try await studioApplication(folder).test(.router) { client in
            try await client.execute(uri: tokened("/api/fit"), method: .post, headers: jsonHeaders,
                                     body: try jsonBody(heterogeneousModel)) { response in
                #expect(response.status == .ok)
                let answer = try decoded(FitResponse.self, response)
                // The HLM manual's alpha table (the values data/hsb-heterogeneous.hlm reproduces in hlm's tests).
                #expect(answer.report.contains("3.70401") && answer.report.contains("-0.09131"))
                #expect(answer.html.contains("3.70401"))
                #expect(answer.json.contains("\"alpha\""))
            }
            var unknown = heterogeneousModel
            unknown.equations[0] = "MATHACH = INTRCPT1 + GENDER"
            try await client.execute(uri: tokened("/api/fit"), method: .post, headers: jsonHeaders,
                                     body: try jsonBody(unknown)) { response in
                #expect(response.status == .unprocessableContent)
                #expect(errorMessage(response).contains("GENDER"))
            }
        }
    }

    @Test("Saving writes the command file, and after a fit the JSON and HTML reports; replacing needs consent")
    func save() async throws {
        let folder = try TestFolder()
        defer { folder.remove() }
        try await studioApplication(folder).test(.router) { client in
            let request = SaveRequest(name: "hetero", model: heterogeneousModel, replace: nil)
            try await client.execute(uri: tokened("/api/save"), method: .post, headers: jsonHeaders,
                                     body: try jsonBody(request)) { response in
                let answer = try decoded(SaveResponse.self, response)
                #expect(answer.written == ["hetero.hlm"] && answer.note != nil)
            }
            let written = try CommandFile.read(path: folder.path + "/hetero.hlm")
            #expect(written.specification == (try heterogeneousModel.resolved()).settings.specification)
            _ = try await client.execute(uri: tokened("/api/fit"), method: .post, headers: jsonHeaders,
                                         body: try jsonBody(heterogeneousModel))
            try await client.execute(uri: tokened("/api/save"), method: .post, headers: jsonHeaders,
                                     body: try jsonBody(request)) { response in
                #expect(response.status == .conflict)
            }
            var replacing = request
            replacing.replace = true
            try await client.execute(uri: tokened("/api/save"), method: .post, headers: jsonHeaders,
                                     body: try jsonBody(replacing)) { response in
                let answer = try decoded(SaveResponse.self, response)
                #expect(answer.written == ["hetero.hlm", "hetero.json", "hetero.html"])
            }
            #expect(try folder.text("hetero.json").contains("\"alpha\""))
            #expect(try folder.text("hetero.html").contains("3.70401"))
        }
    }
}
