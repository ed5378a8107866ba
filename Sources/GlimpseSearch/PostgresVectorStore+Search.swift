import GlimpseGeometry
import Logging
import PostgresNIO

/// Nearest neighbours answered by the database (`ORDER BY embedding <-> q LIMIT k`, through
/// the HNSW index when there is one), so a process searching a PostgreSQL index holds no
/// gallery in memory; and the HNSW index itself, built after bulk loads.
extension PostgresVectorStore {
    /// Queries per round trip: each becomes one LATERAL top-k subquery of a single statement.
    static let queryBatch = 128

    /// Checks that there is something to search: an embedder and at least one vector.
    public func prepareSearch(options: NearestOptions) async throws {
        try options.validate()
        let name = self.name, t = tables, logger = self.logger
        try await pool.withConnection { c in
            guard try await Self.readEmbedder(c, t, logger) != nil, try await Self.vectorTableExists(c, t, logger) else {
                throw SearchError.emptyGallery(index: name)
            }
            let any = try await c.query(PostgresQuery(unsafeSQL: "SELECT EXISTS (SELECT 1 FROM \(t.vector))"), logger: logger)
                .collect().first?.decode(Bool.self) ?? false
            guard any else { throw SearchError.emptyGallery(index: name) }
        }
    }

    /// `.exact` turns index scans off (a sequential scan, ties broken by insertion order: the
    /// reference); otherwise the HNSW index answers with `hnsw.ef_search` = max(efSearch, k),
    /// since pgvector's HNSW scan returns at most ef_search rows.
    public func nearest(_ queries: Matrix<Float>, k: Int, options: NearestOptions) async throws -> [[StoredNeighbor]] {
        try options.validate()
        guard k > 0 else { throw SearchError.invalidParameter(name: "k", reason: "must be positive, got \(k)") }
        guard queries.rows > 0 else { return [] }
        let name = self.name, t = tables, logger = self.logger
        let embedder = try await pool.withConnection { c in try await Self.readEmbedder(c, t, logger) }
        guard let embedder else { throw SearchError.emptyGallery(index: name) }
        guard queries.columns == embedder.dimension else {
            throw SearchError.dimensionMismatch(what: "query", expected: embedder.dimension, found: queries.columns)
        }
        let type = Self.columnType(dimension: embedder.dimension)
        let exact = options.method == .exact
        let setting = exact ? "SET LOCAL enable_indexscan = off" : "SET LOCAL hnsw.ef_search = \(max(options.efSearch ?? 40, min(k, 1000)))"
        // Exact: ties in insertion order, as the in-memory scan; HNSW: ordered by distance only,
        // which is what lets the planner use the index. The queries are parsed once, in the
        // unnest (a cast inside the LATERAL subquery would be re-evaluated for every row).
        let innerOrder = exact ? "v.embedding <-> q.e, v.id" : "v.embedding <-> q.e"
        var results: [[StoredNeighbor]] = []
        results.reserveCapacity(queries.rows)
        for start in stride(from: 0, to: queries.rows, by: Self.queryBatch) {
            let rows = start..<min(start + Self.queryBatch, queries.rows)
            let literals = rows.map { Self.literal(queries.row($0)) }
            let batch = try await pool.withTransaction { c in
                try await c.query(PostgresQuery(unsafeSQL: setting), logger: logger)
                let answer = try await c.query("""
                    SELECT q.ord, n.id, n.item, s.path, n.frame, n.x1, n.y1, n.x2, n.y2, n.score, n.distance
                    FROM unnest(\(literals)::text[]::\(unescaped: type)[]) WITH ORDINALITY AS q(e, ord)
                    CROSS JOIN LATERAL (
                        SELECT v.id, v.source_id, v.item, v.frame, v.x1, v.y1, v.x2, v.y2, v.score,
                               v.embedding <-> q.e AS distance
                        FROM \(unescaped: t.vector) v ORDER BY \(unescaped: innerOrder) LIMIT \(k)) n
                    JOIN \(unescaped: t.source) s ON s.id = n.source_id
                    ORDER BY q.ord, n.distance, n.id
                    """, logger: logger)
                var found = Array(repeating: [StoredNeighbor](), count: literals.count)
                for try await (ord, id, item, path, frame, x1, y1, x2, y2, score, distance) in
                    answer.decode((Int, Int, String, String, Int?, Double, Double, Double, Double, Float, Double).self) {
                    let origin = VectorOrigin(item: item, path: path, frame: frame,
                                              box: Box(x1: x1, y1: y1, x2: x2, y2: y2), score: score)
                    found[ord - 1].append(StoredNeighbor(row: id - 1, origin: origin, distance: Float(distance)))
                }
                return found
            }
            results += batch
        }
        return results
    }

    /// The row `nearest` numbered `row` (its id less one), or nil when there is none.
    public func origin(ofRow row: Int, options: NearestOptions) async throws -> VectorOrigin? {
        guard row >= 0, row < Int.max else { return nil }
        let t = tables, logger = self.logger
        return try await pool.withConnection { c in
            guard try await Self.vectorTableExists(c, t, logger) else { return nil }
            let answer = try await c.query("""
                SELECT v.item, s.path, v.frame, v.x1, v.y1, v.x2, v.y2, v.score
                FROM \(unescaped: t.vector) v JOIN \(unescaped: t.source) s ON s.id = v.source_id WHERE v.id = \(row + 1)
                """, logger: logger)
            for try await (item, path, frame, x1, y1, x2, y2, score) in
                answer.decode((String, String, Int?, Double, Double, Double, Double, Float).self) {
                return VectorOrigin(item: item, path: path, frame: frame, box: Box(x1: x1, y1: y1, x2: x2, y2: y2), score: score)
            }
            return nil
        }
    }

    /// Builds the HNSW index (L2 on the l2-normalised vectors, so L2 and cosine rank alike)
    /// when it is missing; pgvector keeps it up to date on later inserts. Building after the
    /// load is several times faster than inserting into an existing graph.
    public func finishAdding() async throws {
        let t = tables, logger = self.logger, build = location.build
        try await pool.withTransaction { c in
            try await Self.lockSchema(c, t, logger)
            guard let embedder = try await Self.readEmbedder(c, t, logger), try await Self.vectorTableExists(c, t, logger) else { return }
            guard embedder.dimension <= 4000 else {
                logger.warning("no HNSW index above 4000 dimensions: searches scan the whole table",
                               metadata: ["index": "\(self.name)", "dimension": "\(embedder.dimension)"])
                return
            }
            let ops = embedder.dimension > Self.maxVectorDimensions ? "halfvec_l2_ops" : "vector_l2_ops"
            // The graph builds several times faster when it fits in maintenance_work_mem. The
            // values are checked integers and a checked size (PostgresLocation): SET and WITH
            // take no bound parameters.
            try await c.query(PostgresQuery(unsafeSQL: "SET LOCAL maintenance_work_mem = '\(build.memory)'"), logger: logger)
            try await c.query(PostgresQuery(unsafeSQL: "CREATE INDEX IF NOT EXISTS \(t.hnsw) ON \(t.vector) USING hnsw (embedding \(ops)) "
                                            + "WITH (m = \(build.m), ef_construction = \(build.efConstruction))"), logger: logger)
        }
    }

    /// True when the HNSW index exists (for `index info` and the tests).
    public func hasSearchIndex() async throws -> Bool {
        let t = tables, logger = self.logger
        return try await pool.withConnection { c in
            try await c.query("SELECT to_regclass(\(t.hnsw)) IS NOT NULL", logger: logger).collect().first?.decode(Bool.self) ?? false
        }
    }
}
