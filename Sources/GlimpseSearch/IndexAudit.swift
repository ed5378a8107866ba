import Foundation
import GRDB

/// Checks that an index file still holds what `SQLiteVectorStore` wrote: SQLite's own page
/// structure, the `meta` rows (embedder and a sane dimension) and the size of every vector
/// blob. The store runs the quick form on every open, so a damaged file is a typed error
/// instead of a trap or a huge allocation; `glimpse index check` runs the full form.
public enum IndexAudit {
    /// Dimensions an index may record: anything else is damage, not a real embedder.
    public static let dimensionRange = 1...65_536
    /// Problems listed per kind before the rest are only counted.
    static let examples = 5

    /// What a full check found.
    public struct Report: Sendable, Equatable, Encodable {
        public var index: String
        public var embedder: EmbedderSignature?
        public var sources: Int
        public var vectors: Int
        /// Empty when the index is healthy.
        public var problems: [String]
        /// Vectors whose row carries a checksum (SQLiteVectorStore+Checksums.swift): all of
        /// them unless the index was written by a build from before checksums and not added
        /// to since (the next `glimpse index add` computes the missing ones).
        public var checksummedVectors: Int = 0
        public var isHealthy: Bool { problems.isEmpty }
    }

    /// The full check of the index at `path`, opened read-only whatever state it is in:
    /// `integrity_check`, meta, blob sizes, and every source's recorded vector count.
    public static func check(path: String) throws(SearchError) -> Report {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .unreadableIndex(path: path, reason: "no such file")
        }
        if isDirectory.boolValue { throw .unreadableIndex(path: path, reason: "is a folder, not an index file") }
        var configuration = Configuration()
        configuration.readonly = true
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            // Outside a transaction: SQLite fails the COMMIT of a read that met a damaged page,
            // which would throw away everything found.
            return try queue.inDatabase { db in
                // Each step on its own: on a damaged file one may fail where the others still report.
                var problems: [String] = []
                func attempt<T>(_ what: String, _ body: () throws -> T) -> T? {
                    do { return try body() } catch {
                        problems.append("SQLite cannot read \(what): \(SQLiteVectorStore.describe(error))")
                        return nil
                    }
                }
                problems += attempt("the file") { try sqliteProblems(db, full: true) } ?? []
                let format = attempt("the meta table") { try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'format'") }
                guard format == SQLiteVectorStore.format else {
                    if format != nil { problems.append("not a Glimpse index (no meta row format = \(SQLiteVectorStore.format))") }
                    return Report(index: path, embedder: nil, sources: 0, vectors: 0, problems: problems)
                }
                let vectors = attempt("the vector count") { try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM vector") ?? 0 } ?? 0
                let sources = attempt("the source count") { try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM source") ?? 0 } ?? 0
                let meta = attempt("the meta rows") { try metaProblems(db, vectors: vectors) }
                problems += meta?.problems ?? []
                if let embedder = meta?.embedder {
                    problems += attempt("the vector sizes") { try blobProblems(db, dimension: embedder.dimension) } ?? []
                }
                problems += attempt("the per-source counts") { try sourceProblems(db) } ?? []
                let checksums = attempt("the checksums") { try checksumProblems(db, index: path) }
                problems += checksums?.problems ?? []
                return Report(index: path, embedder: meta?.embedder, sources: sources, vectors: vectors, problems: problems,
                              checksummedVectors: checksums?.checksummed ?? 0)
            }
        } catch let error as SearchError {
            throw error
        } catch {
            // A file SQLite cannot even read as a database is the whole report.
            return Report(index: path, embedder: nil, sources: 0, vectors: 0,
                          problems: ["SQLite cannot read it: \(SQLiteVectorStore.describe(error))"])
        }
    }

    /// The checks run on every open: `quick_check`, meta and blob sizes (not the per-source
    /// counts, which need a join over every vector). Throws `damagedIndex` listing what is wrong.
    static func checkOnOpen(_ db: Database, path: String) throws {
        var problems = try sqliteProblems(db, full: false)
        // A structurally damaged file cannot be trusted row by row: report SQLite's findings alone.
        if problems.isEmpty {
            let vectors = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM vector") ?? 0
            let meta = try metaProblems(db, vectors: vectors)
            problems = meta.problems
            if let embedder = meta.embedder { problems += try blobProblems(db, dimension: embedder.dimension) }
        }
        if !problems.isEmpty { throw SearchError.damagedIndex(path: path, problems: problems) }
    }

    /// SQLite's own verdict: `quick_check` (page structure, O(file)) or `integrity_check`
    /// (also every index against its table).
    static func sqliteProblems(_ db: Database, full: Bool) throws -> [String] {
        let rows = try String.fetchAll(db, sql: full ? "PRAGMA integrity_check(\(examples))" : "PRAGMA quick_check(\(examples))")
        if rows == ["ok"] { return [] }
        // SQLite may put several findings in one row, one per line, under a "*** in database main ***" heading.
        return rows.flatMap { $0.split(separator: "\n") }.filter { !$0.hasPrefix("***") }
            .map { "SQLite \(full ? "integrity_check" : "quick_check"): \($0)" }
    }

    /// The embedder the meta rows record (nil when none or unusable) and what is wrong with them.
    static func metaProblems(_ db: Database, vectors: Int) throws -> (embedder: EmbedderSignature?, problems: [String]) {
        var values: [String: String] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT key, value FROM meta WHERE key IN ('embedder', 'dimension', 'formatVersion')") {
            if let key = row[0] as String?, let value = row[1] as String? { values[key] = value }
        }
        var problems: [String] = []
        if let version = values["formatVersion"], Int(version).map({ (1...SQLiteVectorStore.formatVersion).contains($0) }) != true {
            problems.append("meta.formatVersion is '\(version)', this build reads 1...\(SQLiteVectorStore.formatVersion)")
        }
        switch (values["embedder"], values["dimension"]) {
        case (nil, nil):
            if vectors > 0 { problems.append("\(vectors) vectors are stored but meta records no embedder") }
            return (nil, problems)
        case (nil, _?):
            problems.append("meta records a dimension but no embedder")
            return (nil, problems)
        case (_?, nil):
            problems.append("meta records an embedder but no dimension")
            return (nil, problems)
        case let (id?, dimensionText?):
            if id.trimmingCharacters(in: .whitespaces).isEmpty { problems.append("meta.embedder is empty") }
            guard let dimension = Int(dimensionText) else {
                problems.append("meta.dimension is '\(dimensionText.prefix(40))', not a whole number")
                return (nil, problems)
            }
            guard dimensionRange.contains(dimension) else {
                problems.append("meta.dimension is \(dimension), outside \(dimensionRange.lowerBound)...\(dimensionRange.upperBound)")
                return (nil, problems)
            }
            return (problems.isEmpty ? EmbedderSignature(id: id, dimension: dimension) : nil, problems)
        }
    }

    /// Vectors whose blob is not `dimension` float32 values. `length()` of a blob reads only
    /// its record header, so this costs one pass over the rows, not over the vectors' bytes.
    static func blobProblems(_ db: Database, dimension: Int) throws -> [String] {
        let bytes = dimension * 4
        let condition = "typeof(embedding) != 'blob' OR length(embedding) != \(bytes)"
        let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM vector WHERE \(condition)") ?? 0
        guard count > 0 else { return [] }
        let examples = try Row.fetchAll(db, sql: "SELECT id, length(embedding) FROM vector WHERE \(condition) ORDER BY id LIMIT \(Self.examples)")
            .map { "vector \($0[0] as Int64) has \($0[1] as Int64? ?? 0) bytes" }
        return ["\(count) vectors are not \(dimension) float32 values (\(bytes) bytes): " + examples.joined(separator: ", ")
                + (count > examples.count ? ", ..." : "")]
    }

    /// Every row's checksum recomputed; an index from before checksums (no column yet: this
    /// read-only check does not migrate) has none to verify.
    static func checksumProblems(_ db: Database, index: String) throws -> (checksummed: Int, problems: [String]) {
        guard try db.columns(in: "vector").contains(where: { $0.name == "checksum" }) else { return (0, []) }
        let audit = try SQLiteVectorStore.checksumAudit(db, index: index, limit: examples)
        guard audit.failingCount > 0 else { return (audit.checksummed, []) }
        return (audit.checksummed, ["\(audit.failingCount) vectors fail their checksum: " + audit.failing.joined(separator: ", ")
                                    + (audit.failingCount > audit.failing.count ? ", ..." : "")])
    }

    /// Sources whose recorded vector count differs from the rows stored, and vectors whose source is gone.
    static func sourceProblems(_ db: Database) throws -> [String] {
        let condition = "source.vectorCount != (SELECT COUNT(*) FROM vector WHERE vector.sourceId = source.id)"
        let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM source WHERE \(condition)") ?? 0
        var problems: [String] = []
        if count > 0 {
            let examples = try Row.fetchAll(db, sql: """
                SELECT source.path, source.vectorCount, (SELECT COUNT(*) FROM vector WHERE vector.sourceId = source.id)
                FROM source WHERE \(condition) ORDER BY source.id LIMIT \(Self.examples)
                """).map { "\($0[0] as String? ?? "?") records \($0[1] as Int64? ?? 0), holds \($0[2] as Int64)" }
            problems.append("\(count) sources hold another number of vectors than they record: " + examples.joined(separator: "; ")
                            + (count > examples.count ? "; ..." : ""))
        }
        let orphans = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM vector WHERE sourceId NOT IN (SELECT id FROM source)") ?? 0
        if orphans > 0 { problems.append("\(orphans) vectors belong to no source") }
        return problems
    }
}
