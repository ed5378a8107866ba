import Glimpse
import Hummingbird

/// `POST /v1/search`: the gallery products nearest to the uploaded picture, as one element
/// of `glimpse search --json` (`SearchAnswer`).
struct SearchRoute: ComputeRoute {
    let search: ProductSearch
    let flow: ComputeFlow

    func respond(to request: Request) async throws -> Response {
        let search = search
        return try await flow.respond(to: request, parse: { try SearchRequest(form: $0) }) { query, image in
            SearchAnswer(try await search.search(image, name: query.image.name, k: query.k))
        }
    }
}
