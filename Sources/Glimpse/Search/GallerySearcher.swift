import GlimpseSearch
import Logging

/// A gallery vector found for a query.
public struct SearchHit: Sendable, Equatable {
    /// The gallery row (into `Gallery.origins`).
    public var row: Int
    public var origin: VectorOrigin
    /// Euclidean distance between the l2-normalised vectors (0 = same direction, 2 = opposite).
    public var distance: Float
}

/// How to search: exact BLAS scan, the IVF index, or exact below a size and IVF above it.
public enum SearchMethod: Sendable, Equatable {
    case exact
    case ivf(probes: Int)
    /// IVF for galleries of at least `threshold` vectors.
    case automatic(threshold: Int, probes: Int)

    public static let `default` = SearchMethod.automatic(threshold: 1_000_000, probes: 32)
}

/// A loaded gallery ready to answer nearest-neighbour queries.
public struct GallerySearcher: Sendable {
    /// The origins of every row (with the IVF index, `matrix` is emptied: the index holds the vectors).
    public let gallery: Gallery
    public let name: String
    private let exact: ExactIndex?
    private let ivf: IVFIndex?
    private let probes: Int
    private static let logger = Logger(label: "glimpse.search")

    /// Refuses an empty gallery: there is nothing a query could match.
    public init(gallery: Gallery, name: String, method: SearchMethod = .default) throws {
        guard gallery.count > 0 else { throw SearchError.emptyGallery(index: name) }
        self.name = name
        let useIVF: Bool
        switch method {
        case .exact: useIVF = false; probes = 0
        case let .ivf(p): useIVF = true; probes = p
        case let .automatic(threshold, p): useIVF = gallery.count >= threshold; probes = p
        }
        if useIVF {
            Self.logger.debug("building the IVF index", metadata: ["vectors": "\(gallery.count)"])
            ivf = try IVFIndex(building: gallery.matrix, parameters: .suggested(for: gallery.count))
            exact = nil
            // The IVF holds its own copy of the vectors, grouped by cell: drop the flat one.
            var originsOnly = gallery
            originsOnly.matrix = VectorMatrix(dimension: gallery.embedder.dimension)
            self.gallery = originsOnly
        } else {
            // Shares the gallery's storage (copy-on-write): no second copy.
            exact = ExactIndex(gallery.matrix)
            ivf = nil
            self.gallery = gallery
        }
    }

    /// The `k` nearest gallery vectors of each (normalised) query vector, nearest first.
    public func nearest(_ queries: [[Float]], k: Int) throws -> [[SearchHit]] {
        let matrix = try VectorMatrix(dimension: gallery.embedder.dimension, rows: queries, what: "query")
        let neighbors = try ivf.map { try $0.search(matrix, k: k, probes: probes) } ?? exact!.search(matrix, k: k)
        return neighbors.map { $0.map { SearchHit(row: $0.index, origin: gallery.origins[$0.index], distance: $0.distance) } }
    }
}
