import Glimpse
import Hummingbird

/// `POST /v1/search`: the gallery products nearest to the uploaded picture, as one element
/// of `glimpse search --json` (`SearchAnswer`), gallery paths named as `paths` says.
struct SearchRoute: ComputeRoute {
    let search: ProductSearch
    let paths: GalleryPaths
    let flow: ComputeFlow

    func respond(to request: Request) async throws -> Response {
        let search = search, paths = paths
        return try await flow.respond(to: request, parse: { try SearchRequest(form: $0) },
                                      // Crops and their boxes are answered in the file's pixels: decoded whole.
                                      reducesLargeJPEGs: false) { query, picture in
            var answer = SearchAnswer(try await search.search(picture.image, name: query.image.name, k: query.k))
            for index in answer.results.indices { answer.results[index].path = paths.publicPath(answer.results[index].path) }
            return answer
        }
    }
}
