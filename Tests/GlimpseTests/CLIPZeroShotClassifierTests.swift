import Foundation
import GlimpseGeometry
import Glimpse
import GlimpseImage
import GlimpseTestSupport
import Synchronization
import Testing

/// The CLIP classifier's own logic with a stand-in encoder (the towers themselves are tested
/// in GlimpseModelsTests against PyTorch): templates, caching, background mass.
@Suite struct CLIPZeroShotClassifierTests {
    /// Texts map to fixed unit vectors by their first letter; images to the "d" direction.
    final class StandInEncoder: ImageTextEncoder {
        private let log = Mutex<[String]>([])
        var encoded: [String] { log.withLock { $0 } }
        let textModelID = "stand-in", textModelDigest = "0", embeddingSize = 3, logitScale: Float = 100
        func imageEmbeddings(_ images: [Image]) async throws -> Matrix<Float> { Matrix(images.map { _ in [1, 0, 0] }, columns: 3) }
        func textEmbeddings(_ texts: [String]) async throws -> Matrix<Float> {
            log.withLock { $0 += texts }
            return Matrix(texts.map { $0.contains("dog") || $0.contains("狗") ? [1, 0, 0] : $0.contains("background") ? [0.6, 0.8, 0] : [0, 0, 1] },
                          columns: 3)
        }
    }

    let folder: TemporaryFolder
    var directory: URL { folder.url.appendingPathComponent("cache") }

    init() throws { folder = try TemporaryFolder(prefix: "glimpse-clip") }

    @Test func chineseNamesGetChineseTemplatesAndTextsAreEncodedOnce() async throws {
        let encoder = StandInEncoder()
        let classifier = try CLIPZeroShotClassifier(encoder: encoder, cacheDirectory: directory)
        _ = try await classifier.prepare(try Vocabulary(parsing: "dog, 狗"))
        #expect(encoder.encoded.contains("a photo of a dog.") && encoder.encoded.contains("一张狗的照片。"))
        #expect(!encoder.encoded.contains("a photo of a 狗."))
        let count = encoder.encoded.count
        _ = try await CLIPZeroShotClassifier(encoder: encoder, cacheDirectory: directory).prepare(try Vocabulary(parsing: "狗, dog"))
        #expect(encoder.encoded.count == count)
    }

    @Test func backgroundPromptsKeepAOneWordVocabularyFromScoringOne() async throws {
        let classifier = try CLIPZeroShotClassifier(encoder: StandInEncoder(), cacheDirectory: directory)
        let cat = try await classifier.prepare(try Vocabulary(parsing: "cat"))
        let dog = try await classifier.prepare(try Vocabulary(parsing: "dog"))
        let image = Image(width: 4, height: 4)
        let catScore = try await classifier.scores(for: [image], vocabulary: cat)[0, 0]
        let dogScore = try await classifier.scores(for: [image], vocabulary: dog)[0, 0]
        // cosine 0 vs the background's 0.6 at logit scale 100: essentially no mass on "cat".
        #expect(catScore < 1e-6)
        #expect(dogScore > 0.99)
    }
}
