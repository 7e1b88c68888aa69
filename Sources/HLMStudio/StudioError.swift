import HLMKit
import Hummingbird

/// A request the studio refuses or could not carry out: an HTTP status and a message the page shows, sent as
/// `{"error": message}`.
package struct StudioError: HTTPResponseError, CustomStringConvertible {
    /// The response's status.
    package var status: HTTPResponse.Status
    /// What went wrong and what to do, for the user.
    package var message: String

    /// An error with `status` and `message`.
    package init(_ status: HTTPResponse.Status, _ message: String) {
        self.status = status
        self.message = message
    }

    /// An HLMKit error (bad data, model or settings; a failed fit) as 422 with HLMKit's message.
    init(_ error: any HLMError) {
        self.init(.unprocessableContent, error.description)
    }

    package var description: String { message }

    package func response(from request: Request, context: some RequestContext) throws -> Response {
        try context.responseEncoder.encode(ErrorBody(error: message), from: request, context: context)
            .withStatus(status)
    }
}

/// The body of an error response.
struct ErrorBody: Codable {
    /// The message.
    var error: String
}

extension Response {
    /// This response with status `status`.
    func withStatus(_ status: HTTPResponse.Status) -> Response {
        var response = self
        response.status = status
        return response
    }
}
