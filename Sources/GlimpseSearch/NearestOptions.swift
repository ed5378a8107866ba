/// How a store answers `nearest`: the in-memory method for stores that load their vectors
/// (SQLite), the HNSW breadth for stores that search in the database (PostgreSQL).
public struct NearestOptions: Sendable, Hashable {
    /// Exact scan, IVF, or exact below a gallery size and IVF above it. PostgreSQL reads
    /// `exact` as "scan without the HNSW index" (the reference) and the others as "use HNSW".
    public enum Method: Sendable, Hashable {
        case exact
        case ivf(probes: Int)
        /// IVF for galleries of at least `threshold` vectors.
        case automatic(threshold: Int, probes: Int)

        public static let `default` = Method.automatic(threshold: 1_000_000, probes: 32)
    }

    public var method: Method
    /// pgvector's `hnsw.ef_search` (candidates kept per query; more: slower, closer to exact).
    /// nil keeps the server's setting (40 by default). Ignored by in-memory stores.
    public var efSearch: Int?

    public init(method: Method = .default, efSearch: Int? = nil) {
        self.method = method
        self.efSearch = efSearch
    }

    func validate() throws(SearchError) {
        if let efSearch, !(1...1000).contains(efSearch) {
            throw .invalidParameter(name: "ef_search", reason: "must be in 1...1000 (pgvector's range), got \(efSearch)")
        }
        switch method {
        case .exact: break
        case let .ivf(probes), let .automatic(_, probes):
            guard probes > 0 else { throw .invalidParameter(name: "probes", reason: "must be positive, got \(probes)") }
        }
    }
}
