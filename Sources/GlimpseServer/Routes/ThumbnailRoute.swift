import Dispatch
import Foundation
import Glimpse
import GlimpseSearch
import Hummingbird
import Logging

/// `GET /v1/indexes/{index}/thumbnails/{row}`: a JPEG of what gallery row `row` of the served
/// index `index` shows (its box, from the image or the video frame the index records). The
/// request only chooses among the served indexes by name and among their rows by number:
/// nothing it sends reaches the file system. Unknown names and rows are 404.
struct ThumbnailRoute: Sendable {
    let indexes: [ServedIndex]
    let thumbnailer: GalleryThumbnailer
    let cache: ThumbnailCache
    let paths: GalleryPaths
    /// Thumbnails made at once (each decodes a picture or runs ffmpeg); more wait their turn.
    let workers: WorkerLimit

    static let logger = Logger(label: "glimpse.server.thumbnails")

    init(indexes: [ServedIndex], thumbnailer: GalleryThumbnailer = GalleryThumbnailer(), cache: ThumbnailCache = ThumbnailCache(capacity: 512),
         paths: GalleryPaths, concurrent: Int = 2) {
        self.indexes = indexes
        self.thumbnailer = thumbnailer
        self.cache = cache
        self.paths = paths
        workers = WorkerLimit(limit: concurrent)
    }

    /// Where a row's thumbnail is served (what `/v1/search` answers).
    static func url(index: String, row: Int) -> String { "/v1/indexes/\(index)/thumbnails/\(row)" }

    func respond(index name: String?, row text: String?) async throws -> Response {
        // Only the served names are looked up: anything else, "../" included, is not one.
        guard let name, let served = indexes.first(where: { $0.name == name }) else {
            throw ServerError.notFound("no index named '\((name ?? "").prefix(80))' on this server (see /v1/indexes)")
        }
        guard let text, text.utf8.allSatisfy({ (0x30...0x39).contains($0) }), text.utf8.count <= 12, let row = Int(text),
              let origin = try await served.origin(row: row) else {
            throw ServerError.notFound("index '\(served.name)' has no row '\((text ?? "").prefix(20))' (see /v1/indexes)")
        }
        let key = ThumbnailCache.Key(index: served.name, row: row)
        let jpeg: Data
        if let cached = cache[key] {
            jpeg = cached
        } else {
            do {
                jpeg = try await make(origin)
            } catch {
                // The log has the server's path; the client gets the file's public name only.
                Self.logger.warning("no thumbnail", metadata: ["index": "\(served.name)", "row": "\(row)", "error": "\(error)"])
                let frame = origin.frame.map { " frame \($0)" } ?? ""
                throw ServerError.notFound("row \(row) of index '\(served.name)' (\(paths.publicPath(origin.path))\(frame)) cannot be shown: its file is no longer readable as the index recorded it")
            }
            cache[key] = jpeg
        }
        return Response(status: .ok, headers: [.contentType: "image/jpeg", .cacheControl: "private, max-age=3600"],
                        body: .init(byteBuffer: ByteBuffer(bytes: jpeg)))
    }

    /// Decodes and scales on a Dispatch thread, not one of the few the server's tasks share
    /// (ffmpeg is waited for), at most `workers` at once.
    private func make(_ origin: VectorOrigin) async throws -> Data {
        let thumbnailer = thumbnailer
        return try await workers.run {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Data, any Error>) in
                DispatchQueue.global().async {
                    continuation.resume(with: Result { () throws(GalleryThumbnailError) -> Data in try thumbnailer.thumbnail(of: origin) })
                }
            }
        }
    }
}
