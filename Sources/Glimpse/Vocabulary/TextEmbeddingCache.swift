import Foundation
import GlimpseGeometry
import Logging

/// Text embeddings of one text model, kept so that a vocabulary is encoded once ("prompt
/// then detect") and later runs, requests and processes reuse it.
///
/// Two bounded tiers: the most recently used vectors in memory (`maxMemoryBytes`), and an
/// SQLite file per model version on disk (`maxDiskBytes`, least recently used rows
/// evicted), read a row at a time, never loaded whole. Whether new texts are written to disk
/// is decided per task by `persistsNewTexts`: the server keeps the words of its requests in
/// memory only unless told otherwise.
public actor TextEmbeddingCache {
    public enum CacheError: Error, Sendable, CustomStringConvertible {
        case unreadable(path: String, reason: String)
        case wrongDimension(path: String, expected: Int, found: Int)
        case computedWrongCount(expected: Int, got: Int)
        case computedWrongDimension(text: String, expected: Int, got: Int)

        public var description: String {
            switch self {
            case let .unreadable(path, reason): "text embedding cache \(path) cannot be used: \(reason)"
            case let .wrongDimension(path, expected, found):
                "text embedding cache \(path) holds \(found)-d vectors, the model makes \(expected)-d ones"
            case let .computedWrongCount(expected, got): "the text model returned \(got) embeddings for \(expected) texts"
            case let .computedWrongDimension(text, expected, got):
                "the text model returned a \(got)-d embedding for '\(text)', expected \(expected)-d"
            }
        }
    }

    /// Whether texts encoded in this task are written to the disk cache (true by default; the
    /// server sets it false around requests unless `--persist-request-vocabularies`).
    @TaskLocal public static var persistsNewTexts = true

    /// The disk cap when none is given: `GLIMPSE_TEXT_CACHE_MB` MiB, else 256 MiB.
    public static var defaultMaxDiskBytes: Int {
        let mebibytes = ProcessInfo.processInfo.environment["GLIMPSE_TEXT_CACHE_MB"].flatMap(Int.init).map { max(1, $0) } ?? 256
        return mebibytes * 1024 * 1024
    }

    public static let defaultMaxMemoryBytes = 32 * 1024 * 1024

    public nonisolated let fileURL: URL
    public nonisolated let dimension: Int
    private let store: TextEmbeddingStore
    private var recent: RecentTextEmbeddings
    private static let logger = Logger(label: "glimpse.vocabulary")

    /// Opens (or creates) the cache of model `modelID`, whose weights have digest
    /// `modelDigest`: another digest gets another file, so a changed model never serves
    /// stale vectors.
    public init(directory: URL, modelID: String, modelDigest: String, dimension: Int,
                maxDiskBytes: Int = TextEmbeddingCache.defaultMaxDiskBytes,
                maxMemoryBytes: Int = TextEmbeddingCache.defaultMaxMemoryBytes) throws(CacheError) {
        let safeID = modelID.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" }
        let stem = "\(String(safeID))-\(modelDigest.prefix(16))"
        fileURL = directory.appendingPathComponent("\(stem).sqlite")
        self.dimension = dimension
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw .unreadable(path: directory.path, reason: "\(error)")
        }
        Self.noteUnboundedFile(directory.appendingPathComponent("\(stem).embeddings"))
        store = try TextEmbeddingStore(path: fileURL.path, dimension: dimension, maxBytes: maxDiskBytes)
        recent = RecentTextEmbeddings(maxBytes: maxMemoryBytes)
    }

    /// Texts stored on disk.
    public var count: Int {
        get throws(CacheError) { try store.count }
    }

    /// Bytes of texts and vectors stored on disk (at most the cap after every write).
    public var storedBytes: Int {
        get throws(CacheError) { try store.storedBytes }
    }

    /// Texts held in memory.
    public var countInMemory: Int { recent.count }

    /// The vector of `text` if memory or disk has it (without marking it used).
    public func cached(_ text: String) throws(CacheError) -> [Float]? {
        if let vector = recent.peek(text) { return vector }
        return try store.vectors(for: [text])[text]
    }

    /// Embeddings for `texts`, one row each in order: held ones are read (memory first, then
    /// disk), the rest computed in one call to `compute` (deduplicated, one row per text), kept
    /// in memory and, when this task `persistsNewTexts`, written to disk before returning.
    public func embeddings(for texts: [String],
                           compute: @Sendable ([String]) async throws -> Matrix<Float>) async throws -> Matrix<Float> {
        var found: [String: [Float]] = [:]
        var unseen: [String] = []
        var seen = Set<String>()
        for text in texts where seen.insert(text).inserted {
            if let vector = recent.vector(text) { found[text] = vector } else { unseen.append(text) }
        }
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        if !unseen.isEmpty {
            let fromDisk = try store.vectors(for: unseen)
            if !fromDisk.isEmpty {
                try store.touch(Array(fromDisk.keys), at: now)
                for (text, vector) in fromDisk { found[text] = vector; recent.insert(text, vector) }
            }
        }
        let missing = unseen.filter { found[$0] == nil }
        if !missing.isEmpty {
            let matrix = try await compute(missing)
            guard matrix.rows == missing.count else {
                throw CacheError.computedWrongCount(expected: missing.count, got: matrix.rows)
            }
            guard matrix.columns == dimension else {
                throw CacheError.computedWrongDimension(text: missing[0], expected: dimension, got: matrix.columns)
            }
            // The store and the memory keep one vector per text.
            let computed = matrix.rowArrays
            if Self.persistsNewTexts { try store.insert(Array(zip(missing, computed)), at: now) }
            for (text, vector) in zip(missing, computed) { found[text] = vector; recent.insert(text, vector) }
            Self.logger.debug("encoded new texts", metadata: [
                "count": "\(missing.count)", "cache": "\(fileURL.path)", "persisted": "\(Self.persistsNewTexts)"])
        }
        var rows = Matrix<Float>(columns: dimension, reservingRows: texts.count)
        for text in texts { rows.append(row: found[text]!) }
        return rows
    }

    /// The unbounded append-only file of earlier versions is no longer read. It is left in
    /// place (an older Glimpse sharing the folder may still use it), and said once.
    private static func noteUnboundedFile(_ url: URL) {
        guard FileManager.default.fileExists(atPath: url.path) else { return }
        logger.notice("an old text embedding cache is no longer used; delete it once no older Glimpse needs it",
                      metadata: ["path": "\(url.path)"])
    }
}
