import Foundation
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// Text embeddings of one text model, kept on disk so that a vocabulary is encoded once
/// ("prompt then detect") and later runs, requests and processes reuse it.
///
/// The store is one append-only file per model version: a header, then records of
/// (UTF-8 text, vector). Appends take an exclusive `flock`, so several processes may share
/// the file; a record cut short by a crash is detected on open and cut off, losing only
/// that record.
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

    public nonisolated let fileURL: URL
    public nonisolated let dimension: Int
    private var vectors: [String: [Float]] = [:]
    private static let magic = Array("GLIMPSE-TEXT-EMBEDDINGS-1\n".utf8)
    private static let logger = Logger(label: "glimpse.vocabulary")

    /// Opens (or creates) the cache of model `modelID`, whose weights have digest
    /// `modelDigest`: another digest gets another file, so a changed model never serves
    /// stale vectors.
    public init(directory: URL, modelID: String, modelDigest: String, dimension: Int) throws(CacheError) {
        let safeID = modelID.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" }
        fileURL = directory.appendingPathComponent("\(String(safeID))-\(modelDigest.prefix(16)).embeddings")
        self.dimension = dimension
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw .unreadable(path: directory.path, reason: "\(error)")
        }
        vectors = try Self.load(fileURL, dimension: dimension)
    }

    public var count: Int { vectors.count }

    public func cached(_ text: String) -> [Float]? { vectors[text] }

    /// Embeddings for `texts` in order: cached ones are read, the rest computed in one
    /// call to `compute` (deduplicated) and stored before returning.
    public func embeddings(for texts: [String],
                           compute: @Sendable ([String]) async throws -> [[Float]]) async throws -> [[Float]] {
        var missing: [String] = []
        var seen = Set<String>()
        for text in texts where vectors[text] == nil && seen.insert(text).inserted { missing.append(text) }
        if !missing.isEmpty {
            let computed = try await compute(missing)
            guard computed.count == missing.count else {
                throw CacheError.computedWrongCount(expected: missing.count, got: computed.count)
            }
            for (text, vector) in zip(missing, computed) where vector.count != dimension {
                throw CacheError.computedWrongDimension(text: text, expected: dimension, got: vector.count)
            }
            try append(Array(zip(missing, computed)))
            for (text, vector) in zip(missing, computed) { vectors[text] = vector }
            Self.logger.debug("encoded new texts", metadata: ["count": "\(missing.count)", "cache": "\(fileURL.path)"])
        }
        return texts.map { vectors[$0]! }
    }

    // MARK: - File format

    private func append(_ records: [(String, [Float])]) throws(CacheError) {
        var bytes: [UInt8] = []
        for (text, vector) in records {
            let utf8 = Array(text.utf8)
            Self.appendUInt32(UInt32(utf8.count), to: &bytes)
            bytes += utf8
            vector.withUnsafeBytes { bytes += $0 }
        }
        let path = fileURL.path
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        guard fd >= 0 else { throw .unreadable(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        flock(fd, LOCK_EX)
        defer { flock(fd, LOCK_UN) }
        // A new file gets its header first, under the same lock.
        var info = stat()
        if fstat(fd, &info) == 0, info.st_size == 0 {
            var header = Self.magic
            Self.appendUInt32(UInt32(dimension), to: &header)
            bytes = header + bytes
        }
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count else {
            throw .unreadable(path: path, reason: "short write (\(written) of \(bytes.count) bytes)")
        }
    }

    private static func load(_ url: URL, dimension: Int) throws(CacheError) -> [String: [Float]] {
        guard let data = FileManager.default.contents(atPath: url.path), !data.isEmpty else { return [:] }
        let bytes = [UInt8](data)
        let headerSize = magic.count + 4
        guard bytes.count >= headerSize, Array(bytes[0..<magic.count]) == magic else {
            throw .unreadable(path: url.path, reason: "not a Glimpse text embedding cache (delete it to rebuild)")
        }
        let stored = Int(readUInt32(bytes, at: magic.count))
        guard stored == dimension else { throw .wrongDimension(path: url.path, expected: dimension, found: stored) }

        var vectors: [String: [Float]] = [:]
        var offset = headerSize
        let vectorBytes = dimension * MemoryLayout<Float>.size
        while offset + 4 <= bytes.count {
            let length = Int(readUInt32(bytes, at: offset))
            let end = offset + 4 + length + vectorBytes
            guard end <= bytes.count else { break }
            let text = String(decoding: bytes[(offset + 4)..<(offset + 4 + length)], as: UTF8.self)
            let vector = bytes[(offset + 4 + length)..<end].withUnsafeBytes { raw in
                (0..<dimension).map { raw.loadUnaligned(fromByteOffset: $0 * 4, as: Float.self) }
            }
            vectors[text] = vector
            offset = end
        }
        if offset < bytes.count {
            // A crash cut the last record short: keep everything before it.
            logger.warning("dropping an incomplete record at the end of the cache", metadata: ["path": "\(url.path)"])
            if truncate(url.path, off_t(offset)) != 0 {
                throw .unreadable(path: url.path, reason: "cannot cut off its incomplete last record")
            }
        }
        return vectors
    }

    private static func appendUInt32(_ value: UInt32, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
    }

    private static func readUInt32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
    }
}
