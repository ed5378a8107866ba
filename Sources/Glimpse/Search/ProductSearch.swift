import Foundation
import GlimpseGeometry
import GlimpseImage
import GlimpseSearch

/// One query picture's answer.
public struct QueryResult: Sendable {
    public var query: String
    /// The region of the query that was searched with (the whole picture, or its best box).
    public var box: Box
    public var hits: [SearchHit]
}

/// `search`: each query picture (its best detected box when detecting, else the whole
/// picture) against the gallery.
public struct ProductSearch: Sendable {
    public let session: SearchSession
    public let cropper: ProductCropper

    public init(session: SearchSession, cropper: ProductCropper) {
        self.session = session
        self.cropper = cropper
    }

    /// The best crop of a query: the highest-scored box, or the whole picture when detection
    /// finds nothing above the threshold (a query always gets an answer).
    public func queryCrop(of url: URL) async throws -> ProductCrop {
        try await queryCrop(of: try Image(contentsOf: url))
    }

    public func queryCrop(of image: Image) async throws -> ProductCrop {
        let crops = try await cropper.crops(ofImage: image)
        if let best = crops.max(by: { $0.score < $1.score }) { return best }
        return ProductCrop(image: image, box: Box(x1: 0, y1: 0, x2: Double(image.width), y2: Double(image.height)),
                           score: 1, frame: nil)
    }

    public func search(_ url: URL, k: Int) async throws -> QueryResult {
        try await search(try Image(contentsOf: url), name: url.path, k: k)
    }

    /// - Parameter name: the query's name in the result and in errors (a path, an upload's file name).
    public func search(_ image: Image, name: String, k: Int) async throws -> QueryResult {
        let crop = try await queryCrop(of: image)
        let vector = try await session.embedder.normalizedEmbeddings([crop.image], names: [name])
        let hits = try await session.searcher.nearest(vector, k: k)[0]
        return QueryResult(query: name, box: crop.box, hits: hits)
    }
}
