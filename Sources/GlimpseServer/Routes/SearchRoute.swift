import Glimpse
import Hummingbird

/// `POST /v1/search`: the gallery products nearest to the uploaded picture, in the index the
/// client names (the first when none), as one element of `glimpse search --json`
/// (`SearchAnswer`), gallery paths named as `paths` says, plus the index's name and each
/// result's thumbnail URL (`ServedSearchAnswer`).
struct SearchRoute: ComputeRoute {
    let indexes: [ServedIndex]
    let paths: GalleryPaths
    let flow: ComputeFlow

    func respond(to request: Request) async throws -> Response {
        let indexes = indexes, paths = paths
        return try await flow.respond(to: request, parse: { form in
            let query = try SearchRequest(form: form)
            _ = try indexes.named(query.index)   // an unknown name is refused before any work
            return query
        },
                                      // Crops and their boxes are answered in the file's pixels: decoded whole.
                                      reducesLargePictures: false) { query, picture in
            let served = try indexes.named(query.index), search = served.search
            let result = try await search.search(picture.image, name: query.image.name, k: query.k)
            var answer = SearchAnswer(result)
            for index in answer.results.indices { answer.results[index].path = paths.publicPath(answer.results[index].path) }
            return ServedSearchAnswer(answer: answer, index: served.name, rows: result.hits.map(\.row))
        }
    }
}
