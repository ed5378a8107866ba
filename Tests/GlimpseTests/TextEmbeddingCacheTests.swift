import Foundation
import Glimpse
import Testing

@Suite struct TextEmbeddingCacheTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("glimpse-cache-\(UUID().uuidString)")

    /// A stand-in text model: deterministic vectors, and a count of the texts it was asked for.
    final class CountingModel: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var encoded: [String] = []
        func encode(_ texts: [String]) -> [[Float]] {
            lock.lock(); encoded += texts; lock.unlock()
            return texts.map { text in (0..<3).map { Float(text.unicodeScalars.count * 10 + $0) } }
        }
    }

    @Test func encodesEachTextOnceAcrossReopens() async throws {
        let model = CountingModel()
        let first = try TextEmbeddingCache(directory: directory, modelID: "minilm", modelDigest: "abc", dimension: 3)
        let a = try await first.embeddings(for: ["dog", "红色连衣裙", "dog", "🐶"]) { model.encode($0) }
        #expect(model.encoded == ["dog", "红色连衣裙", "🐶"])
        #expect(a[0] == [30, 31, 32] && a[2] == a[0] && a[1] == [50, 51, 52])

        let reopened = try TextEmbeddingCache(directory: directory, modelID: "minilm", modelDigest: "abc", dimension: 3)
        #expect(await reopened.count == 3)
        let b = try await reopened.embeddings(for: ["🐶", "cat"]) { model.encode($0) }
        #expect(model.encoded == ["dog", "红色连衣裙", "🐶", "cat"])
        #expect(b[0] == a[3])
    }

    @Test func anotherModelDigestGetsAnotherFile() throws {
        let a = try TextEmbeddingCache(directory: directory, modelID: "minilm", modelDigest: "abc", dimension: 3)
        let b = try TextEmbeddingCache(directory: directory, modelID: "minilm", modelDigest: "def", dimension: 3)
        #expect(a.fileURL != b.fileURL)
    }

    @Test func truncatedLastRecordIsDroppedAndTheRestKept() async throws {
        let model = CountingModel()
        let cache = try TextEmbeddingCache(directory: directory, modelID: "m", modelDigest: "d", dimension: 3)
        _ = try await cache.embeddings(for: ["one", "two"]) { model.encode($0) }
        let url = cache.fileURL
        let data = try Data(contentsOf: url)
        try data.prefix(data.count - 5).write(to: url)   // as if killed mid-write

        let reopened = try TextEmbeddingCache(directory: directory, modelID: "m", modelDigest: "d", dimension: 3)
        #expect(await reopened.cached("one") == [30, 31, 32])
        #expect(await reopened.cached("two") == nil)
        _ = try await reopened.embeddings(for: ["two"]) { model.encode($0) }
        let again = try TextEmbeddingCache(directory: directory, modelID: "m", modelDigest: "d", dimension: 3)
        #expect(await again.count == 2)
    }

    @Test func refusesAFileThatIsNotACache() throws {
        let cache = try TextEmbeddingCache(directory: directory, modelID: "m", modelDigest: "d", dimension: 3)
        try Data("hello".utf8).write(to: cache.fileURL)
        #expect(throws: TextEmbeddingCache.CacheError.self) {
            try TextEmbeddingCache(directory: directory, modelID: "m", modelDigest: "d", dimension: 3)
        }
    }

    @Test func refusesAModelThatReturnsTheWrongShape() async throws {
        let cache = try TextEmbeddingCache(directory: directory, modelID: "m", modelDigest: "d", dimension: 3)
        await #expect(throws: TextEmbeddingCache.CacheError.self) {
            _ = try await cache.embeddings(for: ["a", "b"]) { _ in [[1, 2, 3]] }
        }
        await #expect(throws: TextEmbeddingCache.CacheError.self) {
            _ = try await cache.embeddings(for: ["a"]) { _ in [[1, 2]] }
        }
        #expect(await cache.count == 0)
    }

    @Test func tenThousandNamesRoundTrip() async throws {
        let names = (0..<10_000).map { "class \($0) 类别" }
        let cache = try TextEmbeddingCache(directory: directory, modelID: "m", modelDigest: "d", dimension: 3)
        _ = try await cache.embeddings(for: names) { texts in texts.map { _ in [1, 2, 3] } }
        let reopened = try TextEmbeddingCache(directory: directory, modelID: "m", modelDigest: "d", dimension: 3)
        #expect(await reopened.count == 10_000)
    }
}
