import Hummingbird

/// `GET /v1/indexes`: the gallery indexes this server searches, by the names a client gives
/// `/v1/search` (`index`) and the thumbnail route; the first is the default. No paths.
struct IndexesRoute: Sendable {
    let indexes: [ServedIndex]
    let keepsUploads: Bool

    struct Answer: Encodable {
        var indexes: [ServedIndex.Summary]
    }

    func respond() async throws -> Response {
        var summaries: [ServedIndex.Summary] = []
        for index in indexes { summaries.append(try await index.summary(keepsUploads: keepsUploads)) }
        return try JSONResponse.make(Answer(indexes: summaries))
    }
}
