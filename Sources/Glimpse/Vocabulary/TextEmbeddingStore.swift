import Foundation
import GRDB

/// The on-disk side of `TextEmbeddingCache`: one SQLite file per text model version, read
/// row by row (never loaded whole) and kept under a byte cap by dropping the least recently
/// used texts. SQLite's write-ahead log makes every write all-or-nothing across crashes and
/// lets several processes share the file.
struct TextEmbeddingStore: Sendable {
    let path: String
    let dimension: Int
    let maxBytes: Int
    private let pool: DatabasePool
    /// What the write-ahead log is cut back to after a checkpoint.
    static let walLimitBytes = 4 * 1024 * 1024

    init(path: String, dimension: Int, maxBytes: Int) throws(TextEmbeddingCache.CacheError) {
        self.path = path
        self.dimension = dimension
        self.maxBytes = maxBytes
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // The write-ahead log would otherwise stay as large as the largest insert ever made.
            try db.execute(sql: "PRAGMA journal_size_limit = \(Self.walLimitBytes)")
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            try pool.barrierWriteWithoutTransaction { db in
                // Set before the first table, so that evicted rows give their pages back to the file system.
                if try !db.tableExists("embeddings") { try db.execute(sql: "PRAGMA auto_vacuum = INCREMENTAL") }
                try db.inTransaction {
                    try db.execute(sql: """
                        CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                        CREATE TABLE IF NOT EXISTS embeddings (
                            text TEXT PRIMARY KEY, vector BLOB NOT NULL, bytes INTEGER NOT NULL, last_used INTEGER NOT NULL);
                        CREATE INDEX IF NOT EXISTS embeddings_by_last_use ON embeddings (last_used);
                        INSERT OR IGNORE INTO meta (key, value) VALUES ('format', 'glimpse-text-embeddings-2'), ('dimension', '\(dimension)');
                        """)
                    return .commit
                }
            }
        } catch {
            throw .unreadable(path: path, reason: Self.describe(error))
        }
        let (format, stored): (String?, String?)
        do {
            (format, stored) = try pool.read { db in
                (try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'format'"),
                 try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'dimension'"))
            }
        } catch {
            throw .unreadable(path: path, reason: Self.describe(error))
        }
        guard format == "glimpse-text-embeddings-2" else {
            throw .unreadable(path: path, reason: "not a Glimpse text embedding cache (delete it to rebuild)")
        }
        guard let stored, let found = Int(stored), found == dimension else {
            throw .wrongDimension(path: path, expected: dimension, found: Int(stored ?? "") ?? 0)
        }
    }

    var count: Int {
        get throws(TextEmbeddingCache.CacheError) {
            try access { try pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM embeddings") ?? 0 } }
        }
    }

    /// Bytes of texts and vectors stored (SQLite's own overhead aside).
    var storedBytes: Int {
        get throws(TextEmbeddingCache.CacheError) {
            try access { try pool.read { db in try Int.fetchOne(db, sql: "SELECT COALESCE(SUM(bytes), 0) FROM embeddings") ?? 0 } }
        }
    }

    /// The stored vectors of those `texts` that have one. A row of the wrong size (a
    /// damaged file) counts as absent and is encoded again.
    func vectors(for texts: [String]) throws(TextEmbeddingCache.CacheError) -> [String: [Float]] {
        let expected = dimension * MemoryLayout<Float>.size
        return try access {
            try pool.read { db in
                var found: [String: [Float]] = [:]
                let statement = try db.cachedStatement(sql: "SELECT vector FROM embeddings WHERE text = ?")
                for text in texts {
                    guard let blob = try Data.fetchOne(statement, arguments: [text]), blob.count == expected else { continue }
                    found[text] = blob.withUnsafeBytes { raw in
                        (0..<dimension).map { raw.loadUnaligned(fromByteOffset: $0 * 4, as: Float.self) }
                    }
                }
                return found
            }
        }
    }

    /// Marks `texts` as used now, so eviction keeps them longest.
    func touch(_ texts: [String], at time: Int64) throws(TextEmbeddingCache.CacheError) {
        guard !texts.isEmpty else { return }
        try access {
            try pool.write { db in
                let statement = try db.cachedStatement(sql: "UPDATE embeddings SET last_used = ? WHERE text = ?")
                for text in texts { try statement.execute(arguments: [time, text]) }
            }
        }
    }

    /// Stores `records` in one transaction, then drops the least recently used rows until
    /// the stored bytes are at most `maxBytes`.
    func insert(_ records: [(String, [Float])], at time: Int64) throws(TextEmbeddingCache.CacheError) {
        try access {
            let evicted = try pool.write { db -> Int in
                let statement = try db.cachedStatement(
                    sql: "INSERT OR REPLACE INTO embeddings (text, vector, bytes, last_used) VALUES (?, ?, ?, ?)")
                for (text, vector) in records {
                    let blob = vector.withUnsafeBytes { Data($0) }
                    try statement.execute(arguments: [text, blob, text.utf8.count + blob.count, time])
                }
                return try Self.evict(db, maxBytes: maxBytes)
            }
            try pool.writeWithoutTransaction { db in
                if evicted > 0 { try db.execute(sql: "PRAGMA incremental_vacuum") }
                // Copy the log into the file now; the next write then cuts it to `walLimitBytes`.
                _ = try? db.checkpoint(.passive)
            }
        }
    }

    /// Deletes the oldest rows down to 90 % of the cap (so that the next few inserts do not
    /// each evict again); returns how many.
    private static func evict(_ db: Database, maxBytes: Int) throws -> Int {
        var total = try Int.fetchOne(db, sql: "SELECT COALESCE(SUM(bytes), 0) FROM embeddings") ?? 0
        guard total > maxBytes else { return 0 }
        let target = maxBytes / 10 * 9
        // The cursor is finished (and its statement reset) before anything is deleted.
        let doomed = try { () throws -> [Int64] in
            var doomed: [Int64] = []
            let rows = try Row.fetchCursor(db, sql: "SELECT rowid, bytes FROM embeddings ORDER BY last_used, rowid")
            while total > target, let row = try rows.next() {
                doomed.append(row[0])
                total -= row[1] as Int
            }
            return doomed
        }()
        for start in stride(from: 0, to: doomed.count, by: 500) {
            let batch = doomed[start..<min(start + 500, doomed.count)]
            try db.execute(sql: "DELETE FROM embeddings WHERE rowid IN (\(batch.map(String.init).joined(separator: ",")))")
        }
        return doomed.count
    }

    private func access<T>(_ body: () throws -> T) throws(TextEmbeddingCache.CacheError) -> T {
        do {
            return try body()
        } catch {
            throw .unreadable(path: path, reason: Self.describe(error))
        }
    }

    private static func describe(_ error: any Error) -> String {
        (error as? DatabaseError)?.message ?? "\(error)"
    }
}
