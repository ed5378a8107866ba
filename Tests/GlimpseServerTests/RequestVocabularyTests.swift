import Foundation
import Glimpse
import GlimpseGeometry
import GlimpseImage
import GlimpseServer
import GlimpseTestSupport
import Hummingbird
import HummingbirdTesting
import Testing

/// A detector whose vocabularies go through a real `TextEmbeddingCache` (in a folder of
/// the test's own), as YOLO-World's and CLIP's do.
final class CachingDetector: OpenVocabularyDetector {
    let cache: TextEmbeddingCache

    init(directory: URL) throws {
        cache = try TextEmbeddingCache(directory: directory, modelID: "text", modelDigest: "test", dimension: 2)
    }

    func prepare(_ vocabulary: Vocabulary) async throws -> PreparedVocabulary {
        let vectors = try await cache.embeddings(for: vocabulary.phrases) { texts in Matrix(texts.map { _ in [1, 0] }, columns: 2) }
        return PreparedVocabulary(vocabulary: vocabulary, textModelID: "text", embeddings: vectors)
    }

    func detect(in image: Image, vocabulary: PreparedVocabulary, options: DetectionOptions) async throws -> [Detection] { [] }
}

/// What a request's vocabulary may cost the server: bounded in size, and kept off the disk
/// unless the server is told to keep it.
@Suite("Request vocabularies")
struct RequestVocabularyTests {
    let folder: TemporaryFolder
    var directory: URL { folder.url.appendingPathComponent("cache") }

    init() throws { folder = try TemporaryFolder(prefix: "glimpse-request-vocab") }

    func detect(_ classes: String, limits: ServerLimits = ServerLimits(), detector: any OpenVocabularyDetector = RecordingDetector())
        async throws -> TestResponse {
        try await TestServer(detector: detector, limits: limits).test { client in
            try await client.execute(uri: "/v1/detect", method: .post, headers: MultipartBody.headers,
                                     body: MultipartBody.detect(image: Fixtures.png(), fields: ["classes": classes]))
        }
    }

    @Test("a request's words are kept in memory only by default")
    func notPersistedByDefault() async throws {
        let detector = try CachingDetector(directory: directory)
        #expect(try await detect("secret word one, secret word two", detector: detector).status == .ok)
        #expect(try await detector.cache.count == 0)
        #expect(await detector.cache.countInMemory == 2)
        #expect(try Data(contentsOf: detector.cache.fileURL).range(of: Data("secret word".utf8)) == nil)
    }

    @Test("--persist-request-vocabularies writes them to the disk cache")
    func persistedWhenConfigured() async throws {
        let detector = try CachingDetector(directory: directory)
        let response = try await detect("kept word one, kept word two", limits: ServerLimits(persistsRequestVocabularies: true), detector: detector)
        #expect(response.status == .ok)
        #expect(try await detector.cache.count == 2)
    }

    @Test("a class name longer than the limit is refused with 413 naming the limit")
    func nameTooLong() async throws {
        let long = String(repeating: "x", count: 31)
        let response = try await detect("dog, \(long)", limits: ServerLimits(maxNameLength: 30))
        #expect(response.status == .contentTooLarge)
        #expect(response.errorMessage == "field 'classes' has a name of 31 characters ('xxxxxxxxxxxxxxxxxxxx...'), more than the limit of 30")
        #expect(try await detect("dog, \(String(repeating: "x", count: 30))", limits: ServerLimits(maxNameLength: 30)).status == .ok)
    }

    @Test("a classes field of 600 000 names (4.6 MB) is refused before anything is encoded")
    func hugeVocabulary() async throws {
        let detector = try CachingDetector(directory: directory)
        let classes = (0..<600_000).map { "w\($0)" }.joined(separator: ",")
        let response = try await detect(classes, detector: detector)
        #expect(response.status == .contentTooLarge)
        #expect(response.errorMessage == "field 'classes' names 600000 classes, more than the limit of 1000")
        #expect(await detector.cache.countInMemory == 0)
        #expect(try await detector.cache.count == 0)
    }
}
