import GlimpseGeometry

/// A gallery held in memory with its exact (BLAS) or IVF index: how the SQLite store answers
/// `nearest`, and how a gallery made in memory is searched.
public struct InMemoryIndex: Sendable {
    /// The origins of every row (with the IVF index, `matrix` is emptied: the index holds the vectors).
    public let gallery: Gallery
    public let name: String
    private let exact: ExactIndex?
    private let ivf: IVFIndex?
    private let probes: Int

    /// Refuses an empty gallery: there is nothing a query could match. Builds the IVF index
    /// (when the method asks for one) in memory; `load` reuses one saved in the store.
    public init(gallery: Gallery, name: String, method: NearestOptions.Method = .default) throws {
        guard gallery.count > 0 else { throw SearchError.emptyGallery(index: name) }
        let plan = Self.plan(method, count: gallery.count)
        let ivf = try plan.useIVF ? IVFIndex(building: gallery.matrix, parameters: .suggested(for: gallery.count)) : nil
        self.init(gallery: gallery, name: name, ivf: ivf, probes: plan.probes)
    }

    /// As `init`, but the IVF index comes from `store` when it holds one for this gallery
    /// version, and a newly built one is saved there (`IVFIndexLoader`).
    public static func load(gallery: Gallery, name: String, method: NearestOptions.Method = .default,
                            store: (any IVFLayoutStore)?) async throws -> InMemoryIndex {
        guard gallery.count > 0 else { throw SearchError.emptyGallery(index: name) }
        let plan = plan(method, count: gallery.count)
        guard plan.useIVF else { return InMemoryIndex(gallery: gallery, name: name, ivf: nil, probes: plan.probes) }
        let ivf = try await IVFIndexLoader.index(for: gallery, parameters: .suggested(for: gallery.count), store: store, name: name)
        return InMemoryIndex(gallery: gallery, name: name, ivf: ivf.index, probes: plan.probes)
    }

    private static func plan(_ method: NearestOptions.Method, count: Int) -> (useIVF: Bool, probes: Int) {
        switch method {
        case .exact: (false, 0)
        case let .ivf(p): (true, p)
        case let .automatic(threshold, p): (count >= threshold, p)
        }
    }

    private init(gallery: Gallery, name: String, ivf: IVFIndex?, probes: Int) {
        self.name = name
        self.probes = probes
        self.ivf = ivf
        if ivf != nil {
            exact = nil
            // The IVF holds its own copy of the vectors, grouped by cell: drop the flat one.
            var originsOnly = gallery
            originsOnly.matrix = Matrix<Float>(columns: gallery.embedder.dimension)
            self.gallery = originsOnly
        } else {
            // Shares the gallery's storage (copy-on-write): no second copy.
            exact = ExactIndex(gallery.matrix)
            self.gallery = gallery
        }
    }

    /// This index with rows added after its last (their origins and vectors, in insertion
    /// order), searched the same way: the exact scan over the longer matrix, or the IVF index
    /// with each new row filed into its nearest cell. `version` is the store state now read.
    public func appending(origins: [VectorOrigin], matrix: Matrix<Float>, version: GalleryVersion?) throws(SearchError) -> InMemoryIndex {
        guard origins.count == matrix.rows, matrix.columns == gallery.embedder.dimension else {
            throw .invalidParameter(name: "appended rows", reason: "\(origins.count) origins for \(matrix.rows) vectors of \(matrix.columns) values; the gallery's have \(gallery.embedder.dimension)")
        }
        var grown = gallery
        grown.origins += origins
        grown.version = version
        if let ivf {
            return InMemoryIndex(grown: grown, name: name, exact: nil, ivf: try ivf.appending(matrix), probes: probes)
        }
        for row in 0..<matrix.rows { grown.matrix.append(row: matrix.values[matrix.range(ofRow: row)]) }
        return InMemoryIndex(grown: grown, name: name, exact: ExactIndex(grown.matrix), ivf: nil, probes: probes)
    }

    private init(grown gallery: Gallery, name: String, exact: ExactIndex?, ivf: IVFIndex?, probes: Int) {
        self.gallery = gallery; self.name = name; self.exact = exact; self.ivf = ivf; self.probes = probes
    }

    /// True when queries go through the IVF index (approximate), false for the exact scan.
    public var usesIVF: Bool { ivf != nil }

    /// The `k` nearest gallery rows of each query row, nearest first.
    public func nearest(_ queries: Matrix<Float>, k: Int) throws -> [[StoredNeighbor]] {
        let neighbors = try ivf.map { try $0.search(queries, k: k, probes: probes) } ?? exact!.search(queries, k: k)
        return neighbors.map { $0.map { StoredNeighbor(row: $0.index, origin: gallery.origins[$0.index], distance: $0.distance) } }
    }
}
