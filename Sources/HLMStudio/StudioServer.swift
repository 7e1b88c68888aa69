import HLMKit
import Hummingbird

/// hlm-studio's server: the page, the JSON API and the rules around them, for one working folder and one
/// session (one token, one fit at a time).
package enum StudioServer {
    /// The largest request body accepted, in bytes: a model is a few hundred bytes.
    package static let bodyLimit = 64 * 1024

    /// The router: `GET /` (the page) and the API under `/api`, every route behind `AccessMiddleware`.
    package static func router(folder: WorkingFolder, token: AccessToken,
                               runner: FitRunner = FitRunner()) -> Router<StudioRequestContext> {
        let router = Router(context: StudioRequestContext.self)
        router.add(middleware: AccessMiddleware(token: token, bodyLimit: bodyLimit))
        let routes = StudioRoutes(folder: folder, runner: runner)
        router.get("/") { _, _ in StudioPage.response() }
        router.get("/api/files") { _, _ in routes.files() }
        router.get("/api/variables") { request, _ in
            try routes.variables(file: request.uri.queryParameters["file"].map(String.init) ?? "",
                                 missing: request.uri.queryParameters["missing"].map(String.init))
        }
        router.post("/api/model") { request, context in
            try routes.model(try await request.decode(as: StudioModel.self, context: context))
        }
        router.post("/api/fit") { request, context in
            try await routes.fit(try await request.decode(as: StudioModel.self, context: context))
        }
        router.post("/api/cancel") { _, _ in CancelResponse(cancelled: await runner.cancel()) }
        router.post("/api/save") { request, context in
            try await routes.save(try await request.decode(as: SaveRequest.self, context: context))
        }
        return router
    }

    /// The application on 127.0.0.1 (never another interface) at `port` (0: a free port the system picks);
    /// `onRunning` gets the port once the server listens.
    package static func application(folder: WorkingFolder, token: AccessToken, port: Int,
                                    onRunning: @escaping @Sendable (Int) async -> Void) -> some ApplicationProtocol {
        Application(router: router(folder: folder, token: token),
                    configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: "hlm-studio"),
                    onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) })
    }
}
