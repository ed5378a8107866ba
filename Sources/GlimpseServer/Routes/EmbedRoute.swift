import Glimpse
import Hummingbird

/// `POST /v1/embed`: the uploaded picture's l2-normalised search vector, as one element of
/// `glimpse embed --json` (`EmbeddedImage`).
struct EmbedRoute: ComputeRoute {
    let embedder: any Glimpse.ImageEmbedder
    let flow: ComputeFlow

    func respond(to request: Request) async throws -> Response {
        let embedder = embedder
        return try await flow.respond(to: request, parse: { try EmbedRequest(form: $0) }) { query, picture in
            try await EmbeddedImage.embed(picture.image, name: query.image.name, with: embedder)
        }
    }
}
