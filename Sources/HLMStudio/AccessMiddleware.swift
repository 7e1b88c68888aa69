import Hummingbird

/// Refuses every request without the session's token (403) or with a declared body over the limit (413),
/// and marks every response as private to this page: not cached, not framed by other pages, no referrer.
///
/// The token comes in the `token` query parameter (the URL the studio prints) or the `X-HLM-Token` header
/// (the page's API calls); it is compared in constant time (`AccessToken.matches`).
struct AccessMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The header the page sends the token in.
    static var tokenHeader: String { "X-HLM-Token" }

    let token: AccessToken
    let bodyLimit: Int

    func handle(_ request: Request, context: Context,
                next: (Request, Context) async throws -> Response) async throws -> Response {
        let given = request.uri.queryParameters["token"] ?? request.headers[.init(Self.tokenHeader)!].map { Substring($0) }
        guard let given, token.matches(given) else {
            throw StudioError(.forbidden, "This request has no valid token: open the URL hlm-studio printed.")
        }
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > bodyLimit {
            throw StudioError(.contentTooLarge, "The request body (\(length) bytes) is over the studio's limit of "
                + "\(bodyLimit) bytes.")
        }
        var response = try await next(request, context)
        response.headers[.cacheControl] = "no-store"
        response.headers[.init("X-Content-Type-Options")!] = "nosniff"
        response.headers[.init("Referrer-Policy")!] = "no-referrer"
        response.headers[.init("X-Frame-Options")!] = "DENY"
        return response
    }
}
