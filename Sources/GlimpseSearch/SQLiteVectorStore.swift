import Foundation
import GRDB

/// The embedded store: one SQLite file in WAL mode through GRDB.
///
/// Tables: `meta` (format version, embedder id and dimension), `source` (one row per file,
/// written in the same transaction as its vectors, so its presence means "complete"),
/// `vector` (origin columns + the embedding as a little-endian float32 blob + a checksum of
/// the row, see SQLiteVectorStore+Checksums.swift), and
/// `ivf_layout` (the saved IVF cells, see SQLiteVectorStore+IVF.swift).
///
/// Opening runs `IndexAudit`'s quick checks (SQLite's `quick_check`, the meta rows, every
/// vector blob's size), so a damaged file is refused by name before anything is loaded.
///
/// Crash safety: every `add` is one transaction; WAL with `synchronous=NORMAL` keeps every
/// committed transaction through a killed process (a power cut may lose the last few, never
/// corrupt the file). `Sendable`: GRDB's `DatabasePool` serialises writes and is thread-safe.
public final class SQLiteVectorStore: VectorStore {
    public static let format = "glimpse-vector-index"
    /// 2 since vector rows carry checksums (SQLiteVectorStore+Checksums.swift).
    public static let formatVersion = 2

    public let path: String
    public var name: String { path }
    let pool: DatabasePool
    /// The gallery loaded for `nearest` (SQLiteVectorStore+Nearest.swift).
    let searchCache = InMemoryIndexCache()

    /// Opens the store at `path`; creates it only when `create` is true.
    public init(path: String, create: Bool) throws(SearchError) {
        self.path = path
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
        if isDirectory.boolValue { throw .unreadableIndex(path: path, reason: "is a folder, not an index file") }
        if !exists && !create { throw .unreadableIndex(path: path, reason: "no such file (create it with 'glimpse index add')") }
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        configuration.busyMode = .timeout(10)
        do {
            if create {
                let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            }
            pool = try DatabasePool(path: path, configuration: configuration)
            try Self.migrator.migrate(pool)
            try pool.read { db in
                let format = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'format'")
                guard format == Self.format else { throw SearchError.unreadableIndex(path: path, reason: "not a Glimpse index") }
                // A damaged file must be an error here, not a trap or a huge allocation later.
                if exists { try IndexAudit.checkOnOpen(db, path: path) }
            }
        } catch let error as SearchError {
            throw error
        } catch {
            throw .unreadableIndex(path: path, reason: Self.describe(error))
        }
    }

    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            // A database file that already has tables but no Glimpse meta is someone else's.
            let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'grdb_%'")
            if !tables.isEmpty && !tables.contains("meta") {
                throw SearchError.unreadableIndex(path: db.description, reason: "an SQLite database, but not a Glimpse index")
            }
            try db.execute(sql: """
                CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                CREATE TABLE source (
                    id INTEGER PRIMARY KEY,
                    path TEXT NOT NULL UNIQUE,
                    item TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    vectorCount INTEGER NOT NULL);
                CREATE TABLE vector (
                    id INTEGER PRIMARY KEY,
                    sourceId INTEGER NOT NULL REFERENCES source(id) ON DELETE CASCADE,
                    item TEXT NOT NULL,
                    frame INTEGER,
                    x1 REAL NOT NULL, y1 REAL NOT NULL, x2 REAL NOT NULL, y2 REAL NOT NULL,
                    score REAL NOT NULL,
                    embedding BLOB NOT NULL);
                CREATE INDEX vector_source ON vector(sourceId);
                """)
            try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('format', ?), ('formatVersion', ?)",
                           arguments: [Self.format, String(Self.formatVersion)])
        }
        // The IVF layout of the gallery (SQLiteVectorStore+IVF.swift): one row at most. Older
        // Glimpse versions ignore this table, which is why a layout also records the gallery
        // version it was built for instead of relying only on `add` clearing it.
        migrator.registerMigration("v2-ivf-layout") { db in
            try db.execute(sql: """
                CREATE TABLE ivf_layout (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    vectorCount INTEGER NOT NULL,
                    lastVectorId INTEGER NOT NULL,
                    dimension INTEGER NOT NULL,
                    lists INTEGER NOT NULL,
                    trainingSample INTEGER NOT NULL,
                    iterations INTEGER NOT NULL,
                    seed TEXT NOT NULL,
                    centroids BLOB NOT NULL,
                    assignment BLOB NOT NULL);
                """)
        }
        registerChecksumMigration(&migrator)
        return migrator
    }

    public func embedder() async throws -> EmbedderSignature? {
        try await pool.read { db in try Self.readEmbedder(db) }
    }

    private static func readEmbedder(_ db: Database) throws -> EmbedderSignature? {
        let rows = try Row.fetchAll(db, sql: "SELECT key, value FROM meta WHERE key IN ('embedder', 'dimension')")
        var values: [String: String] = [:]
        // Throwing decodes: a damaged meta row is an error, not GRDB's conversion trap.
        for row in rows { values[try row.decode(String.self, atIndex: 0)] = try row.decode(String.self, atIndex: 1) }
        guard let id = values["embedder"], let dimension = values["dimension"].flatMap(Int.init) else { return nil }
        return EmbedderSignature(id: id, dimension: dimension)
    }

    public func bind(to embedder: EmbedderSignature) async throws {
        let path = self.path
        try await pool.write { db in
            if let existing = try Self.readEmbedder(db) {
                guard existing == embedder else {
                    throw SearchError.embedderMismatch(index: path, indexEmbedder: existing, requested: embedder)
                }
                return
            }
            try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('embedder', ?), ('dimension', ?)",
                           arguments: [embedder.id, String(embedder.dimension)])
        }
    }

    public func indexedSources() async throws -> Set<String> {
        try await pool.read { db in Set(try String.fetchAll(db, sql: "SELECT path FROM source")) }
    }

    @discardableResult
    public func add(_ sources: [IndexedSource]) async throws -> Int {
        let path = self.path
        return try await pool.write { db in
            guard let embedder = try Self.readEmbedder(db) else {
                throw SearchError.invalidParameter(name: path, reason: "no embedder recorded yet: bind the store first")
            }
            // Rows from before checksums get theirs now: the next write after the migration pays once.
            try Self.backfillChecksums(db, index: path)
            // Ids are given here, not left to SQLite, because each row's checksum covers its id.
            var nextID = (try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(id), 0) FROM vector") ?? 0) + 1
            var added = 0, vectors = 0
            for source in sources {
                for (index, vector) in source.vectors.enumerated() where vector.vector.count != embedder.dimension {
                    throw SearchError.dimensionMismatch(what: "vector \(index + 1) of \(source.path)",
                                                        expected: embedder.dimension, found: vector.vector.count)
                }
                try db.execute(sql: "INSERT OR IGNORE INTO source (path, item, kind, vectorCount) VALUES (?, ?, ?, ?)",
                               arguments: [source.path, source.item, source.kind.rawValue, source.vectors.count])
                guard db.changesCount == 1 else { continue }
                added += 1
                vectors += source.vectors.count
                let sourceId = db.lastInsertedRowID
                let insert = try db.cachedStatement(sql: """
                    INSERT INTO vector (id, sourceId, item, frame, x1, y1, x2, y2, score, embedding, checksum)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
                for vector in source.vectors {
                    let origin = vector.origin
                    let blob = vector.vector.map(\.bitPattern.littleEndian).withUnsafeBytes { Data($0) }
                    let checksum = Self.checksum(id: nextID, sourceID: sourceId, path: source.path, origin: origin, embedding: blob)
                    try insert.execute(arguments: [nextID, sourceId, origin.item, origin.frame, origin.box.x1, origin.box.y1,
                                                   origin.box.x2, origin.box.y2, Double(origin.score), blob, checksum])
                    nextID += 1
                }
            }
            // New rows make a stored IVF layout stale: drop it in the same transaction.
            if vectors > 0 { try db.execute(sql: "DELETE FROM ivf_layout") }
            return added
        }
    }

    public func gallery() async throws -> Gallery {
        let path = self.path
        return try await readingIndex { db in
            guard let embedder = try Self.readEmbedder(db) else { throw SearchError.emptyGallery(index: path) }
            let version = try Self.readVersion(db)
            // Every row's checksum and every source's count verified (SQLiteVectorStore+Checksums.swift).
            let (origins, matrix) = try Self.loadVerifiedRows(db, index: path, dimension: embedder.dimension,
                                                              count: version.vectorCount)
            return Gallery(embedder: embedder, origins: origins, matrix: matrix, version: version)
        }
    }

    /// Vector count and last vector id: vectors are only ever appended, so equal versions mean
    /// the same rows in the same order.
    static func readVersion(_ db: Database) throws -> GalleryVersion {
        let row = try Row.fetchOne(db, sql: "SELECT COUNT(*), COALESCE(MAX(id), 0) FROM vector")
        return GalleryVersion(vectorCount: row?[0] ?? 0, lastVectorID: row?[1] ?? 0)
    }

    public func statistics() async throws -> StoreStatistics {
        try await pool.read { db in
            StoreStatistics(embedder: try Self.readEmbedder(db),
                            sources: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM source") ?? 0,
                            vectors: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM vector") ?? 0,
                            items: try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT item) FROM vector") ?? 0)
        }
    }

    /// Every source with the vector count it recorded and the count actually stored: equal
    /// for every source in a consistent store (used by the crash tests).
    public func sourceIntegrity() async throws -> [(path: String, recorded: Int, stored: Int)] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT source.path, source.vectorCount, COUNT(vector.id) FROM source
                LEFT JOIN vector ON vector.sourceId = source.id GROUP BY source.id ORDER BY source.id
                """).map { ($0[0], $0[1], $0[2]) }
        }
    }

    /// A read whose SQLite errors become `unreadableIndex` with SQLite's message only: the
    /// statement text GRDB adds says nothing to a user and leaks internals to HTTP clients.
    func readingIndex<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await pool.read(body)
        } catch let error as DatabaseError {
            throw SearchError.unreadableIndex(path: path, reason: Self.describe(error))
        }
    }

    static func describe(_ error: Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? "\(error.resultCode)" }
        return "\(error)"
    }
}
