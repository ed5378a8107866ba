import Foundation
import Glimpse
import Hummingbird

/// `POST /v1/indexes/{index}/items`: adds one uploaded picture or video to a served index as
/// the product `item` (the web page's Search tab), when the server keeps uploads (`--uploads
/// DIR`). The file is kept under that folder and indexed as `glimpse index add` would index it
/// (a video: its `frames`, at most 16; unless asked, every 25th from the first, as `/v1/detect`
/// reads a video, since an uploaded clip is short where `index add`'s `80:380:20` skips a
/// stream's first seconds); the next search sees it.
struct AddToIndexRoute: Sendable {
    let indexes: [ServedIndex]
    let uploads: URL?
    let paths: GalleryPaths
    let flow: ComputeFlow

    struct Query: Sendable {
        var picture: RequestForm.Upload
        var item: String
        var frames: FrameSelection
    }

    /// Most frames of an uploaded video one addition indexes (they are embedded in one request).
    static let maxVideoFrames = 16

    /// Longest item id accepted.
    static let maxItemLength = 200

    func respond(to request: Request, index name: String) async throws -> Response {
        // Refused before the body is read: an unknown index, or a server that keeps no uploads.
        let served = try indexes.named(name)
        guard let uploads else {
            throw ServerError.unavailable("this server does not add pictures to its indexes: start it with --uploads DIR (a folder to keep them in)")
        }
        let paths = paths
        return try await flow.respond(toForm: request, parse: { form throws(ServerError) in
            try form.rejectUnknownFields(allowed: ["item", "frames"])
            let picture = try form.requiredImage()
            guard let item = form.value("item") else { throw .badRequest("field 'item' is required: the product id to file the picture under") }
            guard item.count <= Self.maxItemLength, !item.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
                throw .badRequest("field 'item' must be at most \(Self.maxItemLength) characters without control characters")
            }
            return Query(picture: picture, item: item, frames: try form.frames(otherwise: .commandDefault, maxFrames: Self.maxVideoFrames))
        }) { query in
            try await served.add(upload: query.picture.bytes, item: query.item, frames: query.frames, uploads: uploads, paths: paths)
        }
    }
}
