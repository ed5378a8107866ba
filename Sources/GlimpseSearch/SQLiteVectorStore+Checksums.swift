import Foundation
import GRDB
import GlimpseGeometry

/// Per-row checksums of the `vector` table (`VectorChecksum`): written with every row, checked
/// for every row a gallery loads, so a changed byte in a vector, its origin or its source's
/// path is a `damagedIndex` error naming the index and the row, never a different answer.
///
/// Migration `v3-vector-checksums` adds the `checksum` column, raises `meta.formatVersion` to 2
/// (older builds refuse the file instead of adding rows without checksums) and records in
/// `meta.checksumsFrom` the first vector id that must carry one: rows written before the
/// migration have none until the next `add` computes them (`backfillChecksums`). A row at or
/// past `checksumsFrom` without a checksum is damage.
extension SQLiteVectorStore {
    static func registerChecksumMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v3-vector-checksums") { db in
            try db.execute(sql: """
                ALTER TABLE vector ADD COLUMN checksum INTEGER;
                ALTER TABLE ivf_layout ADD COLUMN checksum INTEGER;
                """)
            let next = (try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(id), 0) FROM vector") ?? 0) + 1
            try db.execute(sql: "INSERT OR REPLACE INTO meta (key, value) VALUES ('checksumsFrom', ?)", arguments: [String(next)])
            try db.execute(sql: "UPDATE meta SET value = '2' WHERE key = 'formatVersion'")
        }
    }

    /// The first vector id that must carry a checksum (1 when every row must).
    static func checksumsFrom(_ db: Database, index: String) throws -> Int64 {
        guard let text = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'checksumsFrom'") else { return 1 }
        guard let value = Int64(text), value >= 1 else {
            throw SearchError.damagedIndex(path: index, problems: ["meta.checksumsFrom is '\(text.prefix(40))', not a vector id"])
        }
        return value
    }

    /// The checksum of a row about to be written (`embedding` as stored: little-endian float32).
    static func checksum(id: Int64, sourceID: Int64, path: String, origin: VectorOrigin, embedding: Data) -> Int64 {
        embedding.withUnsafeBytes { raw in
            VectorChecksum.of(id: id, sourceID: sourceID, path: path, item: origin.item, frame: origin.frame.map(Int64.init),
                              box: origin.box, score: Double(origin.score), embedding: raw)
        }
    }

    /// Computes the checksums of the rows written before the migration (the next write after
    /// it pays this once), then records that every row carries one.
    static func backfillChecksums(_ db: Database, index: String) throws {
        let from = try checksumsFrom(db, index: index)
        guard from > 1 else { return }
        let update = try db.cachedStatement(sql: "UPDATE vector SET checksum = ? WHERE id = ?")
        let rows = try Row.fetchAll(db, sql: Self.rowSelection + " WHERE vector.id < ? AND vector.checksum IS NULL",
                                    arguments: [from])
        for row in rows {
            let stored = try StoredRow(row, index: index)
            try update.execute(arguments: [stored.computedChecksum, stored.id])
        }
        try db.execute(sql: "UPDATE meta SET value = '1' WHERE key = 'checksumsFrom'")
    }

    /// Every column a checksum covers, plus the stored checksum, in the order `StoredRow` reads.
    static let rowSelection = """
        SELECT vector.id, vector.sourceId, source.path, vector.item, vector.frame,
               vector.x1, vector.y1, vector.x2, vector.y2, vector.score, vector.embedding, vector.checksum
        FROM vector LEFT JOIN source ON source.id = vector.sourceId
        """

    /// Loads every vector in id order into origins and a matrix, verifying each row's checksum
    /// and each source's recorded vector count. Every value is decoded with a throwing call: a
    /// damaged row's type must become an error, not GRDB's conversion trap.
    /// - Parameter afterID: only the vectors after this id, and only the sources added with
    ///   them (a source's vectors are written with it, in one transaction): what a loaded
    ///   gallery lacks after later additions.
    static func loadVerifiedRows(_ db: Database, index: String, dimension: Int, count: Int,
                                 afterID: Int64 = 0) throws -> (origins: [VectorOrigin], matrix: Matrix<Float>) {
        let from = try checksumsFrom(db, index: index)
        var origins: [VectorOrigin] = []
        origins.reserveCapacity(count)
        var matrix = Matrix<Float>(columns: dimension, reservingRows: count)
        var perSource: [Int64: Int] = [:]
        let rows = try Row.fetchCursor(db, sql: rowSelection + " WHERE vector.id > ? ORDER BY vector.id", arguments: [afterID])
        while let row = try rows.next() {
            let stored = try StoredRow(row, index: index)
            switch stored.checksum {
            case nil where stored.id >= from:
                throw SearchError.damagedIndex(path: index, problems: ["vector \(stored.id) of \(stored.origin.path) has no checksum"])
            case let checksum? where checksum != stored.computedChecksum:
                throw SearchError.damagedIndex(path: index, problems: [
                    "vector \(stored.id) of \(stored.origin.path) does not match its checksum",
                ])
            default:
                break
            }
            try stored.embedding.withUnsafeBytes { raw in
                try matrix.append(bytes: raw, what: "stored vector \(stored.id) of \(stored.origin.path)")
            }
            perSource[stored.sourceID, default: 0] += 1
            origins.append(stored.origin)
        }
        // A lost row passes every other check: each source must still hold what it recorded.
        let sources = try Row.fetchAll(db, sql: """
            SELECT id, path, vectorCount FROM source
            WHERE id > (SELECT COALESCE(MAX(sourceId), 0) FROM vector WHERE id <= ?)
            """, arguments: [afterID])
        for source in sources {
            let id: Int64 = try source.decode(atIndex: 0)
            let recorded: Int64 = try source.decode(atIndex: 2)
            let held = perSource[id] ?? 0
            if Int64(held) != recorded {
                let path = (try? source.decode(String.self, atIndex: 1)) ?? "source \(id)"
                throw SearchError.damagedIndex(path: index, problems: ["\(path) records \(recorded) vectors, the index holds \(held)"])
            }
        }
        return (origins, matrix)
    }

    /// Counts for `glimpse index check`: rows with a checksum, and the ids of those whose
    /// checksum fails or is missing where one is required (at most `limit` listed).
    static func checksumAudit(_ db: Database, index: String, limit: Int) throws -> (checksummed: Int, failing: [String], failingCount: Int) {
        let from = try checksumsFrom(db, index: index)
        var checksummed = 0, failingCount = 0
        var failing: [String] = []
        let rows = try Row.fetchCursor(db, sql: rowSelection + " ORDER BY vector.id")
        while let row = try rows.next() {
            let problem: String?
            do {
                let stored = try StoredRow(row, index: index)
                if stored.checksum != nil { checksummed += 1 }
                switch stored.checksum {
                case nil: problem = stored.id >= from ? "vector \(stored.id) has no checksum" : nil
                case let checksum?: problem = checksum == stored.computedChecksum ? nil : "vector \(stored.id) does not match its checksum"
                }
            } catch {
                problem = "\(error)"
            }
            if let problem {
                failingCount += 1
                if failing.count < limit { failing.append(problem) }
            }
        }
        return (checksummed, failing, failingCount)
    }
}

/// One row of `rowSelection`, decoded without traps.
struct StoredRow {
    var id: Int64
    var sourceID: Int64
    var origin: VectorOrigin
    /// The score as stored (a double), which the checksum covers.
    var score: Double
    var embedding: Data
    var checksum: Int64?

    init(_ row: Row, index: String) throws {
        do {
            id = try row.decode(atIndex: 0)
            sourceID = try row.decode(atIndex: 1)
            let path: String? = try row.decode(atIndex: 2)
            guard let path else {
                throw SearchError.damagedIndex(path: index, problems: ["vector \(id) belongs to no source (source \(sourceID) is missing)"])
            }
            let frame: Int64? = try row.decode(atIndex: 4)
            score = try row.decode(atIndex: 9)
            origin = VectorOrigin(item: try row.decode(atIndex: 3), path: path, frame: frame.map { Int($0) },
                                  box: Box(x1: try row.decode(atIndex: 5), y1: try row.decode(atIndex: 6),
                                                  x2: try row.decode(atIndex: 7), y2: try row.decode(atIndex: 8)),
                                  score: Float(score))
            embedding = try row.decode(atIndex: 10)
            checksum = try row.decode(atIndex: 11)
        } catch let error as SearchError {
            throw error
        } catch {
            throw SearchError.damagedIndex(path: index, problems: ["a vector row cannot be read: \(SQLiteVectorStore.describe(error))"])
        }
    }

    var computedChecksum: Int64 {
        embedding.withUnsafeBytes { raw in
            VectorChecksum.of(id: id, sourceID: sourceID, path: origin.path, item: origin.item, frame: origin.frame.map(Int64.init),
                              box: origin.box, score: score, embedding: raw)
        }
    }
}
