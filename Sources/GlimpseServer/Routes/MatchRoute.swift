import Foundation
import Glimpse
import GlimpseImage
import GlimpseSearch
import Hummingbird

/// `POST /v1/match`: one group of photos of a product (parts named `images`) matched to at
/// most one item of a served index by the detect-then-retrieve rule, as `glimpse match
/// --json` answers for a folder holding those photos; gallery paths as `/v1/search` names
/// them, each match with its gallery `row` (for the thumbnail route), and the photos that
/// could not be read.
struct MatchRoute: ComputeRoute {
    let indexes: [ServedIndex]
    let paths: GalleryPaths
    let flow: ComputeFlow

    struct Query: Sendable {
        var photos: [RequestForm.Upload]
        var index: String?
        var group: String
        var parameters: MatchParameters
    }

    func respond(to request: Request) async throws -> Response {
        let indexes = indexes, paths = paths, limits = flow.limits
        return try await flow.respond(toForm: request, parse: { form throws(ServerError) in
            try form.rejectUnknownFields(takesImage: false, allowed: ["images", "index", "group", "closest_fraction", "frequent_fraction", "max_distance"])
            guard !form.images.isEmpty else {
                throw .badRequest("no photos: send the group's photos as multipart parts named 'images' (curl -F images=@a.jpg -F images=@b.jpg)")
            }
            var parameters = MatchParameters()
            if let value = try form.double("closest_fraction") { parameters.closestFraction = value }
            if let value = try form.double("frequent_fraction") { parameters.frequentFraction = value }
            if let value = try form.double("max_distance") { parameters.maxDistance = value }
            do { try parameters.validate() } catch { throw .badRequest("\(error)") }
            let index = form.value("index")
            _ = try indexes.named(index)   // an unknown name is refused before any work
            return Query(photos: form.images, index: index, group: form.value("group") ?? "photos", parameters: parameters)
        }) { query in
            let served = try indexes.named(query.index), search = served.search
            let decoder = ImageDecoder(limits: limits.image)
            let photos = query.photos.map { upload in
                ProductMatcher.Photo(name: upload.name, load: { try decoder.decodeKeepingSourceSize(upload.bytes, name: upload.name).image })
            }
            let matcher = ProductMatcher(session: search.session, cropper: search.cropper)
            let report = try await matcher.match([(query.group, photos)], parameters: query.parameters)
            var answer = MatchAnswer(report, withRows: true)
            for index in answer.matches.indices { answer.matches[index].video = paths.publicPath(answer.matches[index].video) }
            return ServedMatchAnswer(answer: answer, index: served.name,
                                     failures: report.failures.map { .init(image: $0.path, error: $0.reason) })
        }
    }
}

/// `/v1/match`'s answer: `MatchAnswer`'s keys plus the index and the unreadable photos.
struct ServedMatchAnswer: Encodable, Sendable {
    struct Failure: Encodable, Sendable {
        var image: String
        var error: String
    }

    var answer: MatchAnswer
    var index: String
    var failures: [Failure]

    private enum Keys: String, CodingKey { case index, failures }

    func encode(to encoder: any Encoder) throws {
        try answer.encode(to: encoder)
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(index, forKey: .index)
        try container.encode(failures, forKey: .failures)
    }
}
