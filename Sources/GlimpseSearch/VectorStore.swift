import GlimpseGeometry

/// Where indexed vectors live. The command and the pipelines talk only to this protocol, so
/// the embedded SQLite store (`SQLiteVectorStore`) can be replaced by a server database
/// (docs/SCALING.md) without touching them.
///
/// Contract every implementation keeps:
/// - a store holds vectors of exactly one embedder, recorded by the first `bind`; binding
///   another signature throws `SearchError.embedderMismatch`;
/// - `add` is atomic per call: after a crash a source is either completely in or absent;
/// - a source path is stored once; adding a path already in throws nothing and changes nothing,
///   also when two processes add it at the same time;
/// - `nearest` answers like an exact scan of `gallery()` (or an approximation of it that the
///   options ask for: IVF, HNSW).
public protocol VectorStore: Sendable {
    /// A name for messages (the file path, a URL without credentials).
    var name: String { get }

    /// The embedder the vectors came from, or nil while the store is new and empty.
    func embedder() async throws -> EmbedderSignature?

    /// Records the embedder of a new store, or checks that an existing one matches.
    func bind(to embedder: EmbedderSignature) async throws

    /// Paths of every source already complete in the store (to skip them when resuming).
    func indexedSources() async throws -> Set<String>

    /// Writes sources and their vectors in one transaction. Returns how many were new.
    @discardableResult
    func add(_ sources: [IndexedSource]) async throws -> Int

    /// Every vector with its origin, in insertion order.
    func gallery() async throws -> Gallery

    func statistics() async throws -> StoreStatistics

    /// Called when a bulk load (`index add`, `index copy`) is over: builds what makes
    /// searching fast where that is cheaper after the load (PostgreSQL's HNSW index).
    func finishAdding() async throws

    /// Gets ready to answer `nearest` with these options (loading the gallery and its index
    /// for an in-memory store; checking the table for a database), so that an empty or broken
    /// store is refused at open, not at the first query. Throws `emptyGallery` when empty.
    /// Called again, it takes in the vectors added since (by any writer), so that `nearest`
    /// sees them; an in-memory store reads only those.
    func prepareSearch(options: NearestOptions) async throws

    /// The `k` nearest stored vectors of each query row (l2-normalised, the embedder's
    /// dimension), nearest first, ties in insertion order.
    func nearest(_ queries: Matrix<Float>, k: Int, options: NearestOptions) async throws -> [[StoredNeighbor]]

    /// What the stored vector `row` (as `nearest` numbers it) shows, or nil when there is
    /// no such row: how a server finds the picture of a search result (thumbnails).
    func origin(ofRow row: Int, options: NearestOptions) async throws -> VectorOrigin?
}
