import Foundation
import GlimpseGeometry
import Logging
import PostgresNIO

/// The server store: PostgreSQL with pgvector, for galleries that several machines fill and
/// several `glimpse serve` replicas search (docs/SCALING.md).
///
/// Tables, prefixed with the URL's `table` (default `glimpse`): `T_meta` (format, embedder id
/// and dimension, as in SQLite), `T_source` (one row per file, `path` unique, inserted in the
/// same transaction as its vectors: present means complete), `T_vector` (origin columns and
/// the embedding as `vector(N)`, `halfvec(N)` above 2,000 dimensions, which is as far as
/// pgvector's HNSW index goes for `vector`), and the HNSW index `T_vector_hnsw` built by
/// `finishAdding` after a bulk load (PostgresVectorStore+Search.swift).
///
/// Several writers: `source.path` is unique and sources are inserted with ON CONFLICT DO
/// NOTHING, so a second writer adding the same file waits for the first one's transaction and
/// then skips it; schema changes take a transaction-level advisory lock.
public final class PostgresVectorStore: VectorStore {
    public static let maxVectorDimensions = 2000
    public let location: PostgresLocation
    public var name: String { location.name }
    let pool: PostgresConnectionPool
    let logger = Logger(label: "glimpse.search.postgres")
    let tables: Tables

    /// The SQL names of one store's tables (checked identifiers, see `PostgresLocation`).
    struct Tables: Sendable {
        let meta, source, vector, hnsw: String
        init(_ prefix: String) {
            meta = "\(prefix)_meta"; source = "\(prefix)_source"; vector = "\(prefix)_vector"; hnsw = "\(prefix)_vector_hnsw"
        }
    }

    /// Connects and checks the tables; creates them (and the `vector` extension, when this
    /// user may) only when `create` is true.
    public init(location: PostgresLocation, create: Bool) async throws {
        self.location = location
        tables = Tables(location.table)
        pool = PostgresConnectionPool(location: location, logger: logger)
        if create { try await createSchema() }
        try await checkSchema()
    }

    /// Closes the connections. The store cannot be used afterwards.
    public func close() async { await pool.close() }

    private func createSchema() async throws {
        let name = self.name, t = tables, logger = self.logger
        try await pool.withTransaction { c in
            try await Self.lockSchema(c, t, logger)
            do {
                try await c.query("CREATE EXTENSION IF NOT EXISTS vector", logger: logger)
            } catch let error as PSQLError where ["42501", "0A000", "58P01"].contains(error.serverInfo?[.sqlState] ?? "") {
                throw PostgresStoreError.extensionMissing(index: name, reason: error.serverInfo?[.message] ?? "\(error.code)")
            }
            try await c.query(PostgresQuery(unsafeSQL: """
                CREATE TABLE IF NOT EXISTS \(t.meta) (key text PRIMARY KEY, value text NOT NULL);
                """), logger: logger)
            try await c.query(PostgresQuery(unsafeSQL: """
                CREATE TABLE IF NOT EXISTS \(t.source) (
                    id bigserial PRIMARY KEY,
                    path text NOT NULL UNIQUE,
                    item text NOT NULL,
                    kind text NOT NULL,
                    vector_count integer NOT NULL)
                """), logger: logger)
            let format = SQLiteVectorStore.format, version = String(SQLiteVectorStore.formatVersion)
            let hasRows = try await c.query(PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(t.meta)"), logger: logger)
                .collect().first?.decode(Int.self) ?? 0
            if hasRows == 0 {
                try await c.query("""
                    INSERT INTO \(unescaped: t.meta) (key, value) VALUES ('format', \(format)), ('formatVersion', \(version))
                    """, logger: logger)
            }
        }
    }

    /// Refuses a database without the tables, without pgvector, with another program's
    /// tables, or whose vector column disagrees with the recorded dimension.
    private func checkSchema() async throws {
        let name = self.name, t = tables, logger = self.logger
        try await pool.withConnection { c in
            let hasVector = try await c.query("SELECT count(*) FROM pg_extension WHERE extname = 'vector'", logger: logger)
                .collect().first?.decode(Int.self) ?? 0
            guard hasVector > 0 else {
                throw PostgresStoreError.extensionMissing(index: name, reason: "CREATE EXTENSION vector was never run in this database")
            }
            let metaExists = try await c.query("SELECT to_regclass(\(t.meta)) IS NOT NULL", logger: logger)
                .collect().first?.decode(Bool.self) ?? false
            guard metaExists else {
                throw SearchError.unreadableIndex(path: name, reason: "no such index in this database (create it with 'glimpse index add')")
            }
            let format: String?
            do {
                format = try await c.query(PostgresQuery(unsafeSQL: "SELECT value FROM \(t.meta) WHERE key = 'format'"), logger: logger)
                    .collect().first?.decode(String.self)
            } catch let error as PSQLError where error.code == .server {
                throw PostgresStoreError.tableMismatch(index: name, reason: "\(t.meta) is not a Glimpse meta table (\(error.serverInfo?[.message] ?? ""))")
            }
            guard format == SQLiteVectorStore.format else {
                throw PostgresStoreError.tableMismatch(index: name, reason: "\(t.meta) has no row format = \(SQLiteVectorStore.format)")
            }
            if let embedder = try await Self.readEmbedder(c, t, logger) {
                try await Self.checkVectorColumn(c, t, embedder: embedder, name: name, logger)
            }
        }
    }

    /// Serialises schema changes between processes (CREATE TABLE IF NOT EXISTS races otherwise).
    static func lockSchema(_ c: PostgresConnection, _ t: Tables, _ logger: Logger) async throws {
        try await c.query("SELECT pg_advisory_xact_lock(hashtext(\("glimpse:" + t.meta)))", logger: logger)
    }

    static func readEmbedder(_ c: PostgresConnection, _ t: Tables, _ logger: Logger) async throws -> EmbedderSignature? {
        var values: [String: String] = [:]
        let rows = try await c.query(PostgresQuery(unsafeSQL: "SELECT key, value FROM \(t.meta) WHERE key IN ('embedder', 'dimension')"),
                                     logger: logger)
        for try await (key, value) in rows.decode((String, String).self) { values[key] = value }
        guard let id = values["embedder"], let dimension = values["dimension"].flatMap(Int.init) else { return nil }
        return EmbedderSignature(id: id, dimension: dimension)
    }

    /// `vector` up to 2,000 dimensions, `halfvec` (16-bit floats) above: HNSW indexes `vector`
    /// only up to 2,000 dimensions and `halfvec` up to 4,000.
    static func columnType(dimension: Int) -> String {
        dimension > maxVectorDimensions ? "halfvec" : "vector"
    }

    static func checkVectorColumn(_ c: PostgresConnection, _ t: Tables, embedder: EmbedderSignature, name: String,
                                  _ logger: Logger) async throws {
        let expected = "\(columnType(dimension: embedder.dimension))(\(embedder.dimension))"
        let found = try await c.query("""
            SELECT format_type(atttypid, atttypmod) FROM pg_attribute
            WHERE attrelid = to_regclass(\(t.vector)) AND attname = 'embedding' AND NOT attisdropped
            """, logger: logger).collect().first?.decode(String.self)
        guard let found else {
            throw PostgresStoreError.tableMismatch(index: name, reason: "\(t.vector) or its embedding column is missing")
        }
        guard found == expected else {
            throw PostgresStoreError.tableMismatch(index: name, reason: "\(t.vector).embedding is \(found), but the index records "
                                                   + "\(embedder) and needs \(expected)")
        }
    }

    public func embedder() async throws -> EmbedderSignature? {
        let t = tables, logger = self.logger
        return try await pool.withConnection { c in try await Self.readEmbedder(c, t, logger) }
    }

    public func bind(to embedder: EmbedderSignature) async throws {
        guard (1...16_000).contains(embedder.dimension) else {
            throw SearchError.invalidParameter(name: name, reason: "pgvector stores 1...16000 dimensions, not \(embedder.dimension)")
        }
        let name = self.name, t = tables, logger = self.logger
        try await pool.withTransaction { c in
            try await Self.lockSchema(c, t, logger)
            if let existing = try await Self.readEmbedder(c, t, logger) {
                guard existing == embedder else {
                    throw SearchError.embedderMismatch(index: name, indexEmbedder: existing, requested: embedder)
                }
                try await Self.checkVectorColumn(c, t, embedder: embedder, name: name, logger)
                return
            }
            try await c.query("""
                INSERT INTO \(unescaped: t.meta) (key, value) VALUES ('embedder', \(embedder.id)), ('dimension', \(String(embedder.dimension)))
                """, logger: logger)
            let type = "\(Self.columnType(dimension: embedder.dimension))(\(embedder.dimension))"
            try await c.query(PostgresQuery(unsafeSQL: """
                CREATE TABLE IF NOT EXISTS \(t.vector) (
                    id bigserial PRIMARY KEY,
                    source_id bigint NOT NULL REFERENCES \(t.source)(id) ON DELETE CASCADE,
                    item text NOT NULL,
                    frame integer,
                    x1 double precision NOT NULL, y1 double precision NOT NULL,
                    x2 double precision NOT NULL, y2 double precision NOT NULL,
                    score real NOT NULL,
                    embedding \(type) NOT NULL)
                """), logger: logger)
            try await c.query(PostgresQuery(unsafeSQL: "CREATE INDEX IF NOT EXISTS \(t.vector)_source ON \(t.vector)(source_id)"),
                              logger: logger)
            try await Self.checkVectorColumn(c, t, embedder: embedder, name: name, logger)
        }
    }

    public func indexedSources() async throws -> Set<String> {
        let t = tables, logger = self.logger
        return try await pool.withConnection { c in
            var paths = Set<String>()
            let rows = try await c.query(PostgresQuery(unsafeSQL: "SELECT path FROM \(t.source)"), logger: logger)
            for try await path in rows.decode(String.self) { paths.insert(path) }
            return paths
        }
    }

    /// One transaction: the new sources (ON CONFLICT DO NOTHING: a path another writer
    /// committed first is skipped) and then the vectors of exactly those sources.
    @discardableResult
    public func add(_ sources: [IndexedSource]) async throws -> Int {
        guard !sources.isEmpty else { return 0 }
        let name = self.name, t = tables, logger = self.logger
        return try await pool.withTransaction { c in
            guard let embedder = try await Self.readEmbedder(c, t, logger) else {
                throw SearchError.invalidParameter(name: name, reason: "no embedder recorded yet: bind the store first")
            }
            for source in sources {
                for (index, vector) in source.vectors.enumerated() where vector.vector.count != embedder.dimension {
                    throw SearchError.dimensionMismatch(what: "vector \(index + 1) of \(source.path)",
                                                        expected: embedder.dimension, found: vector.vector.count)
                }
            }
            let inserted = try await c.query("""
                INSERT INTO \(unescaped: t.source) (path, item, kind, vector_count)
                SELECT * FROM unnest(\(sources.map(\.path))::text[], \(sources.map(\.item))::text[],
                                     \(sources.map(\.kind.rawValue))::text[], \(sources.map { $0.vectors.count })::int8[])
                ON CONFLICT (path) DO NOTHING RETURNING id, path
                """, logger: logger)
            var ids: [String: Int] = [:]
            for try await (id, path) in inserted.decode((Int, String).self) { ids[path] = id }
            var sourceIDs: [Int] = [], items: [String] = [], frames: [Int] = [], scores: [Float] = [], embeddings: [String] = []
            var x1: [Double] = [], y1: [Double] = [], x2: [Double] = [], y2: [Double] = []
            let added = ids.count
            for source in sources {
                // removeValue: a path given twice in one batch was inserted once, so it gets its vectors once.
                guard let id = ids.removeValue(forKey: source.path) else { continue }
                for vector in source.vectors {
                    let origin = vector.origin
                    sourceIDs.append(id); items.append(origin.item); frames.append(origin.frame ?? -1)
                    x1.append(origin.box.x1); y1.append(origin.box.y1); x2.append(origin.box.x2); y2.append(origin.box.y2)
                    scores.append(origin.score); embeddings.append(Self.literal(vector.vector))
                }
            }
            if !sourceIDs.isEmpty {
                let type = Self.columnType(dimension: embedder.dimension)
                try await c.query("""
                    INSERT INTO \(unescaped: t.vector) (source_id, item, frame, x1, y1, x2, y2, score, embedding)
                    SELECT s, i, NULLIF(f, -1), a, b, c, d, sc, e::\(unescaped: type)
                    FROM unnest(\(sourceIDs)::int8[], \(items)::text[], \(frames)::int8[], \(x1)::float8[], \(y1)::float8[],
                                \(x2)::float8[], \(y2)::float8[], \(scores)::float4[], \(embeddings)::text[])
                         WITH ORDINALITY AS u(s, i, f, a, b, c, d, sc, e, ord)
                    ORDER BY ord
                    """, logger: logger)
            }
            return added
        }
    }

    public func gallery() async throws -> Gallery {
        let name = self.name, t = tables, logger = self.logger
        return try await pool.withConnection { c in
            guard let embedder = try await Self.readEmbedder(c, t, logger) else { throw SearchError.emptyGallery(index: name) }
            guard try await Self.vectorTableExists(c, t, logger) else {
                return Gallery(embedder: embedder, origins: [], matrix: Matrix<Float>(columns: embedder.dimension),
                               version: GalleryVersion(vectorCount: 0, lastVectorID: 0))
            }
            var origins: [VectorOrigin] = []
            var matrix = Matrix<Float>(columns: embedder.dimension)
            var lastID = 0
            let rows = try await c.query(PostgresQuery(unsafeSQL: """
                SELECT v.id, v.item, s.path, v.frame, v.x1, v.y1, v.x2, v.y2, v.score, v.embedding::text
                FROM \(t.vector) v JOIN \(t.source) s ON s.id = v.source_id ORDER BY v.id
                """), logger: logger)
            for try await (id, item, path, frame, x1, y1, x2, y2, score, text) in
                rows.decode((Int, String, String, Int?, Double, Double, Double, Double, Float, String).self) {
                let origin = VectorOrigin(item: item, path: path, frame: frame, box: Box(x1: x1, y1: y1, x2: x2, y2: y2), score: score)
                try matrix.append(try Self.parse(text, what: "stored vector \(origins.count + 1) of \(path) in \(name)"))
                origins.append(origin)
                lastID = id
            }
            return Gallery(embedder: embedder, origins: origins, matrix: matrix,
                           version: GalleryVersion(vectorCount: origins.count, lastVectorID: Int64(lastID)))
        }
    }

    public func statistics() async throws -> StoreStatistics {
        let t = tables, logger = self.logger
        return try await pool.withConnection { c in
            let embedder = try await Self.readEmbedder(c, t, logger)
            let sources = try await c.query(PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(t.source)"), logger: logger)
                .collect().first?.decode(Int.self) ?? 0
            guard try await Self.vectorTableExists(c, t, logger) else {
                return StoreStatistics(embedder: embedder, sources: sources, vectors: 0, items: 0)
            }
            let counts = try await c.query(PostgresQuery(unsafeSQL: "SELECT count(*), count(DISTINCT item) FROM \(t.vector)"),
                                           logger: logger).collect().first?.decode((Int, Int).self) ?? (0, 0)
            return StoreStatistics(embedder: embedder, sources: sources, vectors: counts.0, items: counts.1)
        }
    }

    static func vectorTableExists(_ c: PostgresConnection, _ t: Tables, _ logger: Logger) async throws -> Bool {
        try await c.query("SELECT to_regclass(\(t.vector)) IS NOT NULL", logger: logger).collect().first?.decode(Bool.self) ?? false
    }

    /// pgvector's text form, `[0.1,0.2]`: Swift prints each Float as its shortest round-trip
    /// decimal, which pgvector's strtof reads back to the same bits.
    static func literal(_ vector: [Float]) -> String {
        "[" + vector.map { "\($0)" }.joined(separator: ",") + "]"
    }

    static func parse(_ text: String, what: String) throws(SearchError) -> [Float] {
        guard text.first == "[", text.last == "]" else { throw .invalidVector(what: what, reason: "not a pgvector value") }
        var values: [Float] = []
        for part in text.dropFirst().dropLast().split(separator: ",") {
            guard let value = Float(part) else { throw .invalidVector(what: what, reason: "'\(part)' is not a number") }
            values.append(value)
        }
        return values
    }
}
