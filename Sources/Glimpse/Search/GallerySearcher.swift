import GlimpseGeometry
import GlimpseSearch

/// A gallery vector found for a query.
public struct SearchHit: Sendable, Equatable {
    /// The gallery row (into `Gallery.origins`).
    public var row: Int
    public var origin: VectorOrigin
    /// Euclidean distance between the l2-normalised vectors (0 = same direction, 2 = opposite).
    public var distance: Float
}

/// How to search: exact BLAS scan, the IVF index, or exact below a size and IVF above it
/// (for PostgreSQL: an exact scan in the database, or its HNSW index).
public typealias SearchMethod = NearestOptions.Method

/// A gallery ready to answer nearest-neighbour queries: a store, which searches itself (SQLite
/// in memory, PostgreSQL in the database, so a server replica then holds no gallery), or a
/// gallery made in memory.
public struct GallerySearcher: Sendable {
    public let name: String
    private let dimension: Int
    private let backend: Backend

    private enum Backend: Sendable {
        case memory(InMemoryIndex)
        case store(any VectorStore, NearestOptions)
    }

    /// Refuses an empty gallery: there is nothing a query could match. Builds the IVF index
    /// (when the method asks for one) in memory; `load` reuses one saved in the store.
    public init(gallery: Gallery, name: String, method: SearchMethod = .default) throws {
        self.init(name: name, dimension: gallery.embedder.dimension,
                  backend: .memory(try InMemoryIndex(gallery: gallery, name: name, method: method)))
    }

    /// As `init`, but the IVF index comes from `store` when it holds one for this gallery
    /// version, and a newly built one is saved there (`IVFIndexLoader`).
    public static func load(gallery: Gallery, name: String, method: SearchMethod = .default,
                            store: (any IVFLayoutStore)?) async throws -> GallerySearcher {
        let index = try await InMemoryIndex.load(gallery: gallery, name: name, method: method, store: store)
        return GallerySearcher(name: name, dimension: gallery.embedder.dimension, backend: .memory(index))
    }

    /// Searches through `store.nearest`; prepares the store first, so an empty or broken
    /// store is refused here rather than at the first query.
    public static func open(store: any VectorStore, embedder: EmbedderSignature,
                            options: NearestOptions = NearestOptions()) async throws -> GallerySearcher {
        try await store.prepareSearch(options: options)
        return GallerySearcher(name: store.name, dimension: embedder.dimension, backend: .store(store, options))
    }

    private init(name: String, dimension: Int, backend: Backend) {
        self.name = name
        self.dimension = dimension
        self.backend = backend
    }

    /// Takes in the vectors a store holds that were added after it was opened (by this process
    /// or another), reading only those (`VectorStore.prepareSearch`). A gallery made in memory
    /// has no store to read: it stays as it is.
    public func refresh() async throws {
        if case let .store(store, options) = backend { try await store.prepareSearch(options: options) }
    }

    /// True when an in-memory gallery is searched through the IVF index (approximate).
    public var usesIVF: Bool {
        if case let .memory(index) = backend { index.usesIVF } else { false }
    }

    /// What gallery row `row` (a `SearchHit.row`) shows, or nil when there is no such row.
    public func origin(row: Int) async throws -> VectorOrigin? {
        switch backend {
        case let .memory(index): index.gallery.origins.indices.contains(row) ? index.gallery.origins[row] : nil
        case let .store(store, options): try await store.origin(ofRow: row, options: options)
        }
    }

    /// How many vectors and products the gallery holds.
    public func counts() async throws -> (vectors: Int, items: Int) {
        switch backend {
        case let .memory(index): (index.gallery.count, Set(index.gallery.origins.map(\.item)).count)
        case let .store(store, _): try await { let s = try await store.statistics(); return (s.vectors, s.items) }()
        }
    }

    /// The `k` nearest gallery vectors of each (normalised) query row, nearest first.
    public func nearest(_ queries: Matrix<Float>, k: Int) async throws -> [[SearchHit]] {
        guard queries.columns == dimension else {
            throw SearchError.dimensionMismatch(what: "query", expected: dimension, found: queries.columns)
        }
        let neighbors = switch backend {
        case let .memory(index): try index.nearest(queries, k: k)
        case let .store(store, options): try await store.nearest(queries, k: k, options: options)
        }
        return neighbors.map { $0.map { SearchHit(row: $0.row, origin: $0.origin, distance: $0.distance) } }
    }
}
