import Foundation
import GlimpseGeometry
import Glimpse
import GlimpseTestSupport
import Testing

@Suite struct TextEmbeddingCacheTests {
    let folder: TemporaryFolder
    var directory: URL { folder.url.appendingPathComponent("cache") }

    init() throws { folder = try TemporaryFolder(prefix: "glimpse-cache") }

    /// A stand-in text model: deterministic vectors, and a count of the texts it was asked for.
    final class CountingModel: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var encoded: [String] = []
        func encode(_ texts: [String]) -> Matrix<Float> {
            lock.lock(); encoded += texts; lock.unlock()
            return Matrix(texts.map { text in (0..<3).map { Float(text.unicodeScalars.count * 10 + $0) } }, columns: 3)
        }
    }

    @Test func encodesEachTextOnceAcrossReopens() async throws {
        let model = CountingModel()
        let first = try TextEmbeddingCache(directory: directory, modelID: "minilm", modelDigest: "abc", dimension: 3)
        let a = try await first.embeddings(for: ["dog", "红色连衣裙", "dog", "🐶"]) { model.encode($0) }
        #expect(model.encoded == ["dog", "红色连衣裙", "🐶"])
        #expect(a.row(0) == [30, 31, 32] && a.row(2) == a.row(0) && a.row(1) == [50, 51, 52])

        let reopened = try TextEmbeddingCache(directory: directory, modelID: "minilm", modelDigest: "abc", dimension: 3)
        #expect(try await reopened.count == 3)
        let b = try await reopened.embeddings(for: ["🐶", "cat"]) { model.encode($0) }
        #expect(model.encoded == ["dog", "红色连衣裙", "🐶", "cat"])
        #expect(b.row(0) == a.row(3))
    }

    @Test func anotherModelDigestGetsAnotherFile() throws {
        let a = try TextEmbeddingCache(directory: directory, modelID: "minilm", modelDigest: "abc", dimension: 3)
        let b = try TextEmbeddingCache(directory: directory, modelID: "minilm", modelDigest: "def", dimension: 3)
        #expect(a.fileURL != b.fileURL)
    }

    @Test func theOldUnboundedFileIsNotRead() async throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let old = directory.appendingPathComponent("m-d.embeddings")
        try Data(count: 4096).write(to: old)   // not even a valid old cache: never opened
        let cache = try TextEmbeddingCache(directory: directory, modelID: "m", modelDigest: "d", dimension: 3)
        #expect(cache.fileURL.lastPathComponent == "m-d.sqlite")
        #expect(try await cache.count == 0)
    }

    @Test func theDiskCapEvictsTheLeastRecentlyUsedTexts() async throws {
        let model = CountingModel()
        // Nothing kept in memory, so every lookup reads (and marks) the disk rows.
        let cache = try TextEmbeddingCache(directory: directory, modelID: "m", modelDigest: "d", dimension: 3,
                                           maxDiskBytes: 200, maxMemoryBytes: 0)
        let first = (0..<10).map { "k0\($0)" }                 // 10 rows of 3 + 12 bytes = 150
        _ = try await cache.embeddings(for: first) { model.encode($0) }
        try await Task.sleep(for: .milliseconds(5))
        _ = try await cache.embeddings(for: ["k00"]) { model.encode($0) }   // used again: newest
        try await Task.sleep(for: .milliseconds(5))
        _ = try await cache.embeddings(for: (10..<15).map { "k\($0)" }) { model.encode($0) }  // 225 > 200
        #expect(model.encoded.count == 15, "k00 came from disk, not the model")

        let stored = try await cache.storedBytes
        #expect(stored <= 200 && stored == 180, "evicted down to 90 % of the cap: \(stored)")
        #expect(try await cache.cached("k00") != nil)
        for evicted in ["k01", "k02", "k03"] { #expect(try await cache.cached(evicted) == nil, "\(evicted)") }
        for kept in ["k04", "k09", "k10", "k14"] { #expect(try await cache.cached(kept) != nil, "\(kept)") }
        #expect(try await cache.count == 12)
    }

    @Test func theWriteAheadLogDoesNotKeepTheSizeOfTheLargestInsert() async throws {
        let cache = try TextEmbeddingCache(directory: directory, modelID: "m", modelDigest: "d", dimension: 256)
        let big = (0..<12_000).map { "text \($0)" }                      // 12 MB of vectors in one insert
        _ = try await cache.embeddings(for: big) { texts in Matrix(rows: texts.count, columns: 256, repeating: 1) }
        _ = try await cache.embeddings(for: ["one more"]) { texts in Matrix(rows: texts.count, columns: 256, repeating: 1) }
        let wal = cache.fileURL.path + "-wal"
        let size = (try FileManager.default.attributesOfItem(atPath: wal)[.size] as? Int) ?? 0
        #expect(size <= 4 * 1024 * 1024 + 64 * 1024, "write-ahead log of \(size) bytes")
        #expect(try await cache.count == 12_001)
    }

    @Test func textsOfATaskThatDoesNotPersistStayInMemoryOnly() async throws {
        let model = CountingModel()
        let cache = try TextEmbeddingCache(directory: directory, modelID: "m", modelDigest: "d", dimension: 3)
        let names = ["request word", "另一个词"]
        let vectors = try await TextEmbeddingCache.$persistsNewTexts.withValue(false) {
            try await cache.embeddings(for: names) { model.encode($0) }
        }
        #expect(try await cache.count == 0)
        #expect(try Data(contentsOf: cache.fileURL).range(of: Data("request word".utf8)) == nil)
        #expect(await cache.countInMemory == 2)
        // Served from memory the second time...
        #expect(try await cache.embeddings(for: names) { model.encode($0) } == vectors)
        #expect(model.encoded == names)
        // ...and another process never sees them.
        let other = try TextEmbeddingCache(directory: directory, modelID: "m", modelDigest: "d", dimension: 3)
        #expect(try await other.cached("request word") == nil)
    }

    @Test func memoryIsBoundedWhateverTheTextsSent() async throws {
        let cache = try TextEmbeddingCache(directory: directory, modelID: "m", modelDigest: "d", dimension: 3, maxMemoryBytes: 2000)
        for batch in 0..<20 {
            let texts = (0..<50).map { "batch \(batch) text \($0)" }
            _ = try await TextEmbeddingCache.$persistsNewTexts.withValue(false) {
                try await cache.embeddings(for: texts) { texts in Matrix(texts.map { _ in [1, 2, 3] }, columns: 3) }
            }
        }
        let held = await cache.countInMemory
        #expect(held > 0 && held * 90 <= 2000, "\(held) texts held")
    }

    @Test func refusesAFileThatIsNotACache() throws {
        // Someone else's file where the cache would be.
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data(String(repeating: "hello ", count: 1000).utf8).write(to: directory.appendingPathComponent("m-d.sqlite"))
        #expect(throws: TextEmbeddingCache.CacheError.self) {
            try TextEmbeddingCache(directory: directory, modelID: "m", modelDigest: "d", dimension: 3)
        }
    }

    @Test func refusesAModelThatReturnsTheWrongShape() async throws {
        let cache = try TextEmbeddingCache(directory: directory, modelID: "m", modelDigest: "d", dimension: 3)
        await #expect(throws: TextEmbeddingCache.CacheError.self) {
            _ = try await cache.embeddings(for: ["a", "b"]) { _ in Matrix([[1, 2, 3]], columns: 3) }
        }
        await #expect(throws: TextEmbeddingCache.CacheError.self) {
            _ = try await cache.embeddings(for: ["a"]) { _ in Matrix([[1, 2]], columns: 2) }
        }
        #expect(try await cache.count == 0)
    }

    @Test func tenThousandNamesRoundTrip() async throws {
        let names = (0..<10_000).map { "class \($0) 类别" }
        let cache = try TextEmbeddingCache(directory: directory, modelID: "m", modelDigest: "d", dimension: 3)
        _ = try await cache.embeddings(for: names) { texts in Matrix(texts.map { _ in [1, 2, 3] }, columns: 3) }
        let reopened = try TextEmbeddingCache(directory: directory, modelID: "m", modelDigest: "d", dimension: 3)
        #expect(try await reopened.count == 10_000)
    }
}
