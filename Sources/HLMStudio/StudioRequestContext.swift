import Hummingbird

/// The studio's request context: Hummingbird's basic one with the studio's limit on a request body.
package struct StudioRequestContext: RequestContext {
    package var coreContext: CoreRequestContextStorage

    package init(source: Source) {
        coreContext = .init(source: source)
    }

    /// Bodies decoded from JSON larger than this are refused with 413 (`StudioServer.bodyLimit`).
    package var maxUploadSize: Int { StudioServer.bodyLimit }
}
